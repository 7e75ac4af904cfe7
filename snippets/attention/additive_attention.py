import torch

from dlnotes.torch import attention as ta

g = torch.Generator().manual_seed(0)
queries = torch.randn(2, 1, 20, generator=g)  # (batch, n_q, d_q = 20)
# (batch, n_k, d_k = 2): another width
keys = torch.randn(2, 10, 2, generator=g)
# (batch, n_k, d_v = 4)
values = torch.arange(40.0).reshape(1, 10, 4).repeat(2, 1, 1)

attention = ta.AdditiveAttention(d_q=20, d_k=2, h=8, generator=g)
out, weights = attention(queries, keys, values, valid_lens=torch.tensor([2, 6]))
print("output", tuple(out.shape), "weights", tuple(weights.shape))
print("weights of example 1:", weights[1, 0].detach().numpy().round(3))
print("sum over its 6 valid keys:", round(weights[1, 0, :6].sum().item(), 6))
