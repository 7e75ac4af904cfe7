import torch

from dlnotes.torch import initialization as tini

width, m, depth = 100, 25, 20
gen = torch.Generator().manual_seed(0)
# (m, n_x): batch-first in torch
x = torch.randn(m, width, generator=gen)
grad_out = torch.randn(m, width, generator=gen) / m
for activation, method in [("relu", "he"), ("sigmoid", "xavier")]:
    layer_sizes = [width] * (depth + 1)
    net = tini.make_mlp(layer_sizes, activation, method, generator=gen)
    act, grad = tini.scale_by_depth(net, x, grad_out)
    ratio = grad[0] / grad[-1]
    print(f"{activation:7s} + {method:6s}: "
          f"rms dW[1] / rms dW[20] = {ratio:.1e}")
