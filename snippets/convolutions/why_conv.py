import torch
import torch.nn.functional as F

from dlnotes.numpy import convolutions as cv

# 32x32x3 input -> 28x28x6 output: six 5x5 filters (valid),
# or a fully-connected layer
n, c_in, f, c_out = 32, 3, 5, 6
n_out = cv.output_size(n, f)
conv = cv.conv_param_count(f, c_in, c_out)
dense = cv.dense_param_count(n * n * c_in, n_out * n_out * c_out)
print(f"conv layer:  {conv:,} parameters ({f}*{f}*{c_in}*{c_out} + {c_out})")
n_in_units, n_out_units = n * n * c_in, n_out * n_out * c_out
print(f"dense layer: {dense:,} parameters ({n_in_units}*{n_out_units} "
      f"+ {n_out_units}), {dense / conv:,.0f}x more")

# sparse connections: how many inputs one output value depends on
# (the non-zeros of its gradient)
torch.manual_seed(0)
x = torch.randn(1, c_in, n, n, requires_grad=True)
w = torch.randn(c_out, c_in, f, f)
(g,) = torch.autograd.grad(F.conv2d(x, w)[0, 0, 10, 10], x)
print(f"one conv output reads {int((g != 0).sum())} of {x.numel()} inputs "
      f"(a dense output reads all {x.numel()})")
