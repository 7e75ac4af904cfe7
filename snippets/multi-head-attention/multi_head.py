import torch
from torch import nn

from dlnotes.torch import attention as ta

torch.manual_seed(0)
builtin = nn.MultiheadAttention(16, 4, batch_first=True, dtype=torch.float64)
ours = ta.MultiHeadAttention(16, 4, dtype=torch.float64).copy_from(builtin)
x = torch.randn(3, 6, 16, dtype=torch.float64)
pad = torch.tensor(
    [[False] * 6, [False] * 4 + [True] * 2, [False] * 2 + [True] * 4]
)
# nn.MultiheadAttention: True = hidden
causal = torch.ones(6, 6, dtype=torch.bool).triu(1)

ref, ref_w = builtin(
    x, x, x, key_padding_mask=pad, attn_mask=causal, average_attn_weights=False
)
out, w = ours(x, key_padding_mask=pad, causal=True, need_weights=True)
print("output", tuple(out.shape), "weights", tuple(w.shape))
exact = {"rtol": 0, "atol": 1e-12}
print("same output as the built-in:", torch.allclose(out, ref, **exact))
print("same weights as the built-in:", torch.allclose(w, ref_w, **exact))
# fast=True: the same computation by F.scaled_dot_product_attention
fast, _ = ours(x, key_padding_mask=pad, causal=True, fast=True)
print("fast path = teaching path:", torch.allclose(fast, out, **exact))
