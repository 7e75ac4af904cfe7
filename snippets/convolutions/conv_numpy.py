import numpy as np
import torch
import torch.nn.functional as F

from dlnotes.numpy import convolutions as cv

rng = np.random.default_rng(1)
A_prev = rng.normal(size=(2, 7, 7, 3))   # NHWC: m=2 images, 7x7, 3 channels
W = rng.normal(size=(3, 3, 3, 4))        # (f, f, n_C_prev, n_C): 4 filters
b = rng.normal(size=4)

Z_loop = cv.conv_forward_loop(A_prev, W, b, stride=2, pad=1)
Z_fast = cv.conv_forward(A_prev, W, b, stride=2, pad=1)
# the oracle: torch's conv2d on the same numbers in NCHW
Z_torch = F.conv2d(torch.from_numpy(A_prev).permute(0, 3, 1, 2),
                   torch.from_numpy(W).permute(3, 2, 0, 1), torch.from_numpy(b),
                   stride=2, padding=1).permute(0, 2, 3, 1).numpy()
print("Z shape:", Z_loop.shape)
print("loops == im2col:  ", np.allclose(Z_loop, Z_fast, rtol=1e-12, atol=1e-12))
print("im2col == conv2d: ",
      np.allclose(Z_fast, Z_torch, rtol=1e-12, atol=1e-12))
