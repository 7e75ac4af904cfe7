import numpy as np
import torch

from dlnotes.numpy import transformer as nt
from dlnotes.torch import transformer as tt

torch.manual_seed(0)
block = tt.EncoderBlock(16, 4, d_ff=32, dtype=torch.float64)
x = torch.randn(2, 5, 16, dtype=torch.float64)
pad = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])

expected = block(x, key_padding_mask=pad).detach().numpy()
params = block.numpy_params()  # float64 arrays, W right-multiplied
print("parts:", list(params), "ffn:", list(params["ffn"]))
got = nt.encoder_block(x.numpy(), params, num_heads=4,
                       key_padding_mask=pad.numpy())
print("NumPy block = torch block:",
      np.allclose(got, expected, rtol=0, atol=1e-12))
# gamma = 1 and beta = 0 at initialization: the last layer norm leaves
# every token with mean 0 and standard deviation 1
print("token means ~ 0:", np.allclose(got.mean(-1), 0, atol=1e-12),
      "| token stds ~ 1:", np.allclose(got.std(-1), 1, atol=1e-4))
