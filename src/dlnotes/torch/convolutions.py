"""Convolutions and pooling (chapter "Convolutions and pooling"), PyTorch.

Layout is PyTorch's NCHW: inputs ``(N, C_in, H, W)``, weights ``(C_out, C_in, f, f)``, biases
``(C_out,)``. ``conv2d`` is written from scratch with ``F.unfold`` (im2col: every receptive
field becomes a column) and one matrix product, so autograd differentiates it like any other
code; ``Conv2d`` is the matching module, initialised like ``nn.Conv2d`` so that copied
weights give the same outputs. ``pool2d`` does max or average pooling the same way. Tensors
stay on the device they come on.

To move between the NumPy half's NHWC and NCHW: ``x_nchw = x_nhwc.permute(0, 3, 1, 2)`` and
``W_torch = W_numpy.permute(3, 2, 0, 1)`` (``(f, f, C_in, C_out) -> (C_out, C_in, f, f)``).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from dlnotes import checks

__all__ = ["conv2d", "Conv2d", "pool2d"]


# --8<-- [start:conv2d]
def conv2d(x, weight, bias=None, stride=1, padding=0):
    """2-D convolution (cross-correlation) by unfold + one matrix product.

    x (N, C_in, H, W), weight (C_out, C_in, f, f), bias (C_out,) or None
    -> (N, C_out, H_out, W_out) with H_out = floor((H + 2*padding - f) / stride) + 1.
    """
    x, weight, bias, stride, padding = checks.convolutions.conv2d(x, weight, bias, stride, padding)
    c_out, f = weight.shape[0], weight.shape[2]
    n, h, w = x.shape[0], x.shape[2], x.shape[3]
    h_out = (h + 2 * padding - f) // stride + 1
    w_out = (w + 2 * padding - f) // stride + 1
    cols = F.unfold(x, kernel_size=f, padding=padding, stride=stride)  # (N, C_in*f*f, L)
    # one (C_out, C_in*f*f) @ (C_in*f*f, L) product per image, as a batched product: a plain
    # broadcast `weight.reshape(c_out, -1) @ cols` is folded by torch into one large product
    # through a transposed copy of cols when weight requires grad (about 3x slower on a CPU)
    out = weight.reshape(c_out, -1).expand(n, -1, -1) @ cols            # (N, C_out, L)
    if bias is not None:
        out = out + bias[:, None]
    return out.reshape(n, c_out, h_out, w_out)
# --8<-- [end:conv2d]


class Conv2d(nn.Module):
    """A from-scratch convolution layer: ``weight`` (C_out, C_in, f, f), ``bias`` (C_out,).

    Initialised as ``nn.Conv2d`` is (Kaiming-uniform weights with a = sqrt(5), bias uniform
    in +-1/sqrt(fan_in)); the forward pass is :func:`conv2d`.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int,
                 stride: int = 1, padding: int = 0, bias: bool = True,
                 device=None, dtype=None):
        super().__init__()
        self.in_channels = checks.integer("in_channels", in_channels, 1)
        self.out_channels = checks.integer("out_channels", out_channels, 1)
        self.kernel_size = checks.integer("kernel_size", kernel_size, 1)
        self.stride = checks.integer("stride", stride, 1)
        self.padding = checks.integer("padding", padding, 0)
        factory = {"device": device, "dtype": dtype}
        self.weight = nn.Parameter(torch.empty(
            out_channels, in_channels, kernel_size, kernel_size, **factory))
        self.bias = nn.Parameter(torch.empty(out_channels, **factory)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_channels * self.kernel_size**2)
            nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = checks.convolutions.tensor("x", x, 4, "(N, C_in, H, W)", self.weight, "weight")
        checks.window_fits("x", self.kernel_size, x.shape[2:], self.padding)
        return conv2d(x, self.weight, self.bias, self.stride, self.padding)

    def extra_repr(self) -> str:
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, padding={self.padding}, bias={self.bias is not None}")


def pool2d(x, f=2, stride=None, mode="max"):
    """Max or average pooling of each channel by unfold (no padding).

    x (N, C, H, W) -> (N, C, H_out, W_out), H_out = floor((H - f) / stride) + 1; stride
    defaults to f. Autograd gives max pooling's gradient to the first maximum of a window.
    """
    x, f, stride = checks.convolutions.pool2d(x, f, stride, mode)
    n, c, h, w = x.shape
    h_out, w_out = (h - f) // stride + 1, (w - f) // stride + 1
    cols = F.unfold(x, kernel_size=f, stride=stride).reshape(n, c, f * f, h_out * w_out)
    out = cols.max(dim=2).values if mode == "max" else cols.mean(dim=2)
    return out.reshape(n, c, h_out, w_out)
