"""Argument checks of the chapter "Softmax regression" (both halves).

NumPy logits hold the classes along axis 0 (``(C,)`` or ``(C, m)``, examples as columns);
PyTorch logits along the last dimension (``(C,)`` or ``(N, C)``, batch first).
"""

from __future__ import annotations

from dlnotes import checks


def logits(name: str, z, *, vector_ok: bool = True):
    """NumPy logits: real numbers without NaN, shape ``(C,)`` (if ``vector_ok``) or
    ``(C, m)`` with ``C >= 1`` (and ``m >= 1``: a cost's logits); ints become float64."""
    import numpy as np

    z = np.asarray(z)
    if z.dtype == np.bool_ or z.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {z.dtype}")
    allowed = (1, 2) if vector_ok else (2,)
    if z.ndim not in allowed or z.shape[0] == 0:
        want = "(C,) or (C, m)" if vector_ok else "(C, m)"
        raise ValueError(f"{name} must have shape {want} with C >= 1, got {z.shape}")
    if not vector_ok:  # the logits of a cost, a mean over the m examples
        checks.non_empty(name, z, axis=1)
    if np.isnan(z).any():
        raise ValueError(f"{name} must not contain NaN")
    if z.dtype.kind != "f":
        z = z.astype(np.float64)
    return z


def index_labels(name: str, y, num_classes: int):
    """Integer class indices of shape ``(m,)`` in ``0 .. num_classes - 1``."""
    import numpy as np

    y = np.asarray(y)
    if y.dtype == np.bool_ or y.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class indices, got dtype {y.dtype}")
    if y.ndim != 1:
        raise ValueError(f"{name} must have shape (m,), got {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(
            f"{name} must lie in 0 .. {num_classes - 1}, got values in {y.min()} .. {y.max()}"
        )
    return y


def tensor_logits(name: str, z, *, vector_ok: bool = True):
    """PyTorch logits: a floating-point tensor of shape ``(C,)`` (if ``vector_ok``) or
    ``(N, C)`` with ``C >= 1`` (and ``N >= 1``: a loss's logits)."""
    import torch  # here, so that the NumPy half never imports torch

    if not isinstance(z, torch.Tensor) or not z.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor")
    allowed = (1, 2) if vector_ok else (2,)
    if z.dim() not in allowed or z.shape[-1] == 0:
        want = "(C,) or (N, C)" if vector_ok else "(N, C)"
        raise ValueError(f"{name} must have shape {want} with C >= 1, got {tuple(z.shape)}")
    if not vector_ok:  # the logits of a loss, a mean over the N examples
        checks.non_empty(name, z, axis=0)
    return z


def tensor_cross_entropy(logits_, target) -> None:
    """The arguments of the PyTorch ``cross_entropy``: logits ``(N, C)`` and a target that
    is either int64 class indices ``(N,)`` in ``0 .. C-1`` or floating probabilities of the
    logits' shape and dtype (entries >= 0, rows summing to 1, as the NumPy twin requires);
    ``N >= 1``, since the loss is a mean over the examples."""
    import torch

    n, c = tensor_logits("logits", logits_, vector_ok=False).shape
    if not isinstance(target, torch.Tensor):
        raise TypeError("target must be a tensor")
    if target.dtype == torch.int64:
        if target.shape != (n,):
            raise ValueError(f"target must have shape (N,) = ({n},), got {tuple(target.shape)}")
        if n and (int(target.min()) < 0 or int(target.max()) >= c):
            raise ValueError(f"target must lie in 0 .. {c - 1}")
    elif target.is_floating_point():
        checks.float_tensor("target", target, logits_, "logits")
        if target.shape != logits_.shape:
            raise ValueError(
                f"target must have the shape of logits, {tuple(logits_.shape)}, "
                f"got {tuple(target.shape)}"
            )
        ones = torch.ones(n, dtype=target.dtype, device=target.device)
        if not bool(torch.isfinite(target).all()) or bool((target < 0).any()) or \
                not torch.allclose(target.sum(dim=1), ones):
            raise ValueError("target must be one-hot (or probabilities): entries >= 0, rows "
                             "summing to 1")
    else:
        raise TypeError(
            f"target must be int64 indices or floating probabilities, got {target.dtype}")
