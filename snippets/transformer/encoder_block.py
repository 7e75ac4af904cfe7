import torch
from torch import nn

from dlnotes.torch import transformer as tt

torch.manual_seed(0)
kw = {"dtype": torch.float64}
builtin = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, dropout=0.0,
                                     batch_first=True, **kw).eval()
ours = tt.EncoderBlock(16, 4, d_ff=32, **kw).copy_from(builtin)

x = torch.randn(2, 5, 16, **kw)  # (batch, n, d_model)
pad = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])  # True at padding
ref = builtin(x, src_key_padding_mask=pad)
out = ours(x, key_padding_mask=pad)
print("output", tuple(out.shape))
print("same as nn.TransformerEncoderLayer on the real tokens:",
      torch.allclose(out[~pad], ref[~pad], rtol=0, atol=1e-12))
print("parameters:", sum(p.numel() for p in ours.parameters()),
      "(built-in:", sum(p.numel() for p in builtin.parameters()), end=")\n")
