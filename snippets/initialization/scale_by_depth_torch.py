import torch

from dlnotes.torch import initialization as tini

width, m, depth = 100, 25, 20
gen = torch.Generator().manual_seed(0)
x = torch.randn(m, width, generator=gen)            # (m, n_x): batch-first in torch
grad_out = torch.randn(m, width, generator=gen) / m
for activation, method in [("relu", "he"), ("sigmoid", "xavier")]:
    net = tini.make_mlp([width] * (depth + 1), activation, method, generator=gen)
    act, grad = tini.scale_by_depth(net, x, grad_out)
    print(f"{activation:7s} + {method:6s}: rms dW[1] / rms dW[20] = {grad[0] / grad[-1]:.1e}")
