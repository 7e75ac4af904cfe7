"""Initialization and vanishing/exploding gradients (chapter "Initialization"), PyTorch.

In-place initializers written from the chapter's formulas (the distributions of
:mod:`dlnotes.numpy.initialization`) for a weight tensor of shape ``(n_out, n_in)`` (an
``nn.Linear`` weight) on any device; each takes an optional ``torch.Generator`` on the
tensor's device. :func:`make_mlp` builds a deep fully-connected network initialized one of
these ways, and :func:`scale_by_depth` measures, with autograd, how the activations and the
weight gradients scale from layer to layer.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from dlnotes import checks

__all__ = [
    "naive_normal_",
    "xavier_normal_",
    "xavier_uniform_",
    "he_normal_",
    "he_uniform_",
    "make_mlp",
    "scale_by_depth",
]

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


# --8<-- [start:initializers]
@torch.no_grad()
def naive_normal_(tensor, scale: float = 0.01, generator=None):
    """Fill with N(0, scale**2) in place."""
    fan_in, fan_out, scale = checks.initialization.weight_and_factor(
        tensor, generator, "scale", scale)
    return tensor.normal_(0.0, scale, generator=generator)


@torch.no_grad()
def xavier_normal_(tensor, gain: float = 1.0, generator=None):
    """Fill with N(0, gain**2 * 2 / (fan_in + fan_out)) in place (``nn.init.xavier_normal_``)."""
    fan_in, fan_out, gain = checks.initialization.weight_and_factor(
        tensor, generator, "gain", gain)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return tensor.normal_(0.0, std, generator=generator)


@torch.no_grad()
def he_normal_(tensor, generator=None):
    """Fill with N(0, 2 / fan_in) in place (``nn.init.kaiming_normal_``, ReLU)."""
    fan_in, fan_out = checks.initialization.weight(tensor, generator)
    return tensor.normal_(0.0, math.sqrt(2.0 / fan_in), generator=generator)
# --8<-- [end:initializers]


@torch.no_grad()
def xavier_uniform_(tensor, gain: float = 1.0, generator=None):
    """Fill with U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)) (``xavier_uniform_``)."""
    fan_in, fan_out, gain = checks.initialization.weight_and_factor(
        tensor, generator, "gain", gain)
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return tensor.uniform_(-a, a, generator=generator)


@torch.no_grad()
def he_uniform_(tensor, generator=None):
    """Fill with U(-a, a), a = sqrt(6 / fan_in) (``kaiming_uniform_``, ReLU)."""
    fan_in, fan_out = checks.initialization.weight(tensor, generator)
    a = math.sqrt(6.0 / fan_in)
    return tensor.uniform_(-a, a, generator=generator)


_INIT = {"naive": naive_normal_, "xavier": xavier_normal_, "he": he_normal_}


def make_mlp(
    layer_dims, activation: str = "relu", method: str = "he", generator=None
) -> nn.Sequential:
    """``nn.Sequential`` of ``Linear`` layers ``n0 -> n1 -> ... -> nL`` with ``activation``
    between them (none after the last), weights initialized by ``method`` (``"naive"``,
    ``"xavier"`` or ``"he"``, normal), biases zero. Built on the CPU in float32; move it
    with ``.to(device, dtype)``."""
    activation = checks.one_of("activation", activation, tuple(_ACTIVATIONS))
    init = _INIT[checks.one_of("method", method, tuple(_INIT))]
    if not isinstance(layer_dims, list | tuple) or len(layer_dims) < 2 or any(
        isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in layer_dims
    ):
        raise ValueError(f"layer_dims must be a list of >= 2 ints >= 1, got {layer_dims!r}")
    layers = []
    for k in range(1, len(layer_dims)):
        linear = nn.Linear(layer_dims[k - 1], layer_dims[k])
        init(linear.weight, generator=generator)
        nn.init.zeros_(linear.bias)
        layers.append(linear)
        if k < len(layer_dims) - 1:
            layers.append(_ACTIVATIONS[activation]())
    return nn.Sequential(*layers)


def scale_by_depth(net: nn.Sequential, x: torch.Tensor, grad_out: torch.Tensor):
    """Root mean square of each layer's output and of each ``Linear`` weight's gradient.

    Args:
        net: a network from :func:`make_mlp` (``Linear``, activation, ..., ``Linear``).
        x: ``(m, n0)`` input, batch-first (PyTorch's convention).
        grad_out: ``(m, nL)``, the gradient dJ/d(output) to back-propagate.

    Returns:
        ``(activation_rms, gradient_rms)``, two tensors of length L on the input's device:
        the root mean square of A[l] (after the activation; the last layer's output for
        l = L) and of dJ/dW[l], l = 1..L.
    """
    if not isinstance(net, nn.Sequential):
        raise TypeError(f"net must be an nn.Sequential, got {type(net).__name__}")
    linears = [m for m in net if isinstance(m, nn.Linear)]
    if not linears:
        raise ValueError("net must contain nn.Linear layers")
    if not isinstance(x, torch.Tensor) or x.dtype != linears[0].weight.dtype:
        raise TypeError(f"x must be a tensor of the net's dtype, {linears[0].weight.dtype}")
    if x.dim() != 2 or x.shape[1] != linears[0].in_features:
        raise ValueError(f"x must have shape (m, {linears[0].in_features})")
    for p in net.parameters():
        p.grad = None
    acts, h = [], x
    for layer in net:
        h = layer(h)
        if not isinstance(layer, nn.Linear) or layer is linears[-1]:
            acts.append(h.detach().pow(2).mean().sqrt())
    if checks.float_tensor("grad_out", grad_out, h, "the net's output").shape != h.shape:
        raise ValueError(f"grad_out must have the output's shape {tuple(h.shape)}")
    h.backward(grad_out)
    grads = [lin.weight.grad.pow(2).mean().sqrt() for lin in linears]
    return torch.stack(acts), torch.stack(grads)
