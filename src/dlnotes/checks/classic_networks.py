"""Argument checks of the chapter "Classic networks" (PyTorch builders, NCHW images)."""

from __future__ import annotations

from collections.abc import Sequence

from dlnotes import checks


def positive_ints(**values) -> tuple[int, ...]:
    """The given keyword arguments as ints >= 1, in the order given (sizes, channel counts):
    ``c_in, c_out = positive_ints(c_in=c_in, c_out=c_out)``; a message names the keyword."""
    return tuple(checks.integer(name, value) for name, value in values.items())


def images(name: str, x, like=None):
    """``x`` if it is a floating-point tensor of shape ``(N, C, H, W)`` with ``H, W >= 1``;
    with ``like`` (the module that reads ``x``), of the dtype of its weights."""
    checks.float_tensor(name, x, like, "the module's weights")
    if x.dim() != 4 or 0 in x.shape[2:]:
        raise ValueError(f"{name} must have shape (N, C, H, W) with H, W >= 1, got "
                         f"{tuple(x.shape)}")
    return x


def size2(name: str, size) -> tuple[int, int]:
    """A size given as an int ``s`` or a pair ``(h, w)``, as ``(h, w)`` of ints >= 1."""
    if isinstance(size, Sequence) and not isinstance(size, str):
        if len(size) != 2:
            raise ValueError(f"{name} must be an int or a pair (h, w), got {size!r}")
        return checks.integer(f"{name}[0]", size[0]), checks.integer(f"{name}[1]", size[1])
    s = checks.integer(name, size)
    return s, s


def ensemble(models, x) -> None:
    """The arguments of ``ensemble_predict``: a non-empty sequence of modules and a
    floating-point input tensor."""
    import torch
    from torch import nn

    if isinstance(models, nn.Module) or not isinstance(models, Sequence) or not models:
        raise ValueError("models must be a non-empty sequence of modules")
    for i, m in enumerate(models):
        checks.module(f"models[{i}]", m)
    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError("x must be a floating-point tensor")
