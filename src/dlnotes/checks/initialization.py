"""Argument checks of the chapter "Initialization" (both halves).

A weight has shape ``(n_out, n_in)`` (an ``nn.Linear`` weight): ``fan_in = n_in``,
``fan_out = n_out``.
"""

from __future__ import annotations

from dlnotes import checks


def weight(tensor, generator) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a non-empty 2-d floating-point tensor, after checking that
    ``generator`` is None or a ``torch.Generator``."""
    import torch  # here, so that the NumPy half never imports torch

    if not isinstance(tensor, torch.Tensor) or not tensor.is_floating_point():
        raise TypeError("tensor must be a floating-point tensor")
    if tensor.dim() != 2 or tensor.numel() == 0:
        raise ValueError(f"tensor must have shape (n_out, n_in), got {tuple(tensor.shape)}")
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {type(generator).__name__}")
    return tensor.shape[1], tensor.shape[0]


def weight_and_factor(tensor, generator, name: str, value) -> tuple[int, int, float]:
    """:func:`weight` and a positive factor of the standard deviation (``gain``, ``scale``):
    ``(fan_in, fan_out, value)``."""
    fan_in, fan_out = weight(tensor, generator)
    return fan_in, fan_out, checks.positive(name, value)


def shape(value) -> tuple[int, int]:
    """``value`` as a tuple ``(n_out, n_in)`` of two ints >= 1 (the shape of a NumPy weight)."""
    import numpy as np

    if not isinstance(value, tuple | list) or len(value) != 2:
        raise ValueError(f"shape must be a pair (n_out, n_in), got {value!r}")
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 1:
            raise ValueError(f"shape must hold two ints >= 1, got {value!r}")
    return int(value[0]), int(value[1])


def shape_and_rng(shape_, rng) -> tuple:
    """``(shape, rng)``: :func:`shape`, and ``rng`` as a NumPy Generator (an int seeds one)."""
    return shape(shape_), checks.generator("rng", rng)


def shape_rng_and_factor(shape_, rng, name: str, value) -> tuple:
    """:func:`shape_and_rng` and a positive factor of the standard deviation (``gain``,
    ``scale``): ``(shape, rng, value)``."""
    return shape(shape_), checks.generator("rng", rng), checks.positive(name, value)
