"""Argument checks of the chapter "Dropout" (both halves).

``keep_prob`` is the probability that a unit is kept, in (0, 1]; a mask is a boolean array of
the activations' shape.
"""

from __future__ import annotations

from dlnotes import checks


def keep_prob(value) -> float:
    """``value`` as a float if it lies in (0, 1]."""
    v = checks.real("keep_prob", value)
    if not 0 < v <= 1:
        raise ValueError(f"keep_prob must lie in (0, 1], got {value!r}")
    return v


def mask(name: str, value, shape):
    """``value`` if it is a boolean NumPy array of shape ``shape``."""
    import numpy as np

    if not isinstance(value, np.ndarray) or value.dtype != bool:
        raise TypeError(f"{name} must be a boolean ndarray")
    checks.same_shape(name, value.shape, "the activations", shape)
    return value


def forward(A, keep_prob_, rng, training, mask_) -> tuple:
    """The arguments of ``dropout_forward``: ``(A, keep_prob, mask)`` with ``A`` a floating
    array; while training, a given mask must fit ``A`` and without one ``rng`` is required."""
    A, keep_prob_ = checks.real_array("A", A), keep_prob(keep_prob_)
    if training:
        if mask_ is not None:
            mask_ = mask("mask", mask_, A.shape)
        elif rng is None:
            raise ValueError("rng must be given (a Generator or a seed) when mask is None")
    return A, keep_prob_, mask_


def backward(dout, mask_, keep_prob_) -> tuple:
    """The arguments of ``dropout_backward``: ``(dout, mask, keep_prob)``, the mask of
    ``dout``'s shape."""
    dout = checks.real_array("dout", dout)
    return dout, mask("mask", mask_, dout.shape), keep_prob(keep_prob_)


def for_tensor(x, keep_prob_, generator) -> float:
    """The arguments of the PyTorch ``dropout``: ``x`` a floating-point tensor, ``generator``
    None or a ``torch.Generator``; returns ``keep_prob`` as a float in (0, 1]."""
    import torch  # here, so that the NumPy half never imports torch

    keep_prob_ = keep_prob(keep_prob_)
    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError("x must be a floating-point tensor")
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {type(generator).__name__}")
    return keep_prob_
