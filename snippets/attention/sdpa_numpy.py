import numpy as np
import torch
import torch.nn.functional as F

from dlnotes.numpy import attention as na

rng = np.random.default_rng(0)
Q, K, V = (
    rng.normal(size=(2, 4, 8)),
    rng.normal(size=(2, 6, 8)),
    rng.normal(size=(2, 6, 3)),
)
valid_lens = np.array([3, 6])

out, cache = na.scaled_dot_product_attention(Q, K, V, valid_lens=valid_lens)
# True = may attend
keep = torch.arange(6) < torch.tensor(valid_lens)[:, None, None]
ref = F.scaled_dot_product_attention(
    *map(torch.tensor, (Q, K, V)), attn_mask=keep
)
print("output", out.shape, "weights", cache["weights"].shape)
same = np.allclose(out, ref.numpy(), rtol=0, atol=1e-12)
print("equal to F.scaled_dot_product_attention:", same)
