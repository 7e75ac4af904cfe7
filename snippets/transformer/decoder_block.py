import torch
from torch import nn

from dlnotes.torch import transformer as tt

torch.manual_seed(0)
kw = {"dtype": torch.float64}
builtin = nn.TransformerDecoderLayer(16, 4, dim_feedforward=32, dropout=0.0,
                                     batch_first=True, **kw).eval()
ours = tt.DecoderBlock(16, 4, d_ff=32, **kw).copy_from(builtin)

y = torch.randn(2, 4, 16, **kw)  # decoder inputs (batch, n_t, d_model)
memory = torch.randn(2, 6, 16, **kw)  # encoder outputs (batch, n_s, d_model)
src_pad = torch.tensor([[False] * 6, [False] * 4 + [True] * 2])
future = torch.ones(4, 4, dtype=torch.bool).triu(1)  # built-in: True = hidden

ref = builtin(y, memory, tgt_mask=future, memory_key_padding_mask=src_pad)
out = ours(y, memory, memory_key_padding_mask=src_pad)  # causal by default
print("same as nn.TransformerDecoderLayer:",
      torch.allclose(out, ref, rtol=0, atol=1e-12))

y2 = y.clone()
y2[:, 2:] = 0.0  # change positions 2 and 3 only
out2 = ours(y2, memory, memory_key_padding_mask=src_pad)
print("positions 0, 1 unchanged:", torch.equal(out2[:, :2], out[:, :2]))
print("positions 2, 3 changed:", not torch.allclose(out2[:, 2:], out[:, 2:]))
