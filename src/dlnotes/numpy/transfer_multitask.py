"""Transfer and multi-task learning (chapter "Transfer and multi-task learning"), NumPy.

The multi-task loss: ``T`` binary tasks share one network whose last layer gives ``T``
logits per example. Labels that nobody recorded (the course's "?" entries) are ``NaN`` and
are left out of the sum.

Convention (as in the fully-connected chapters): examples are columns, so logits ``Z`` and
labels ``Y`` have shape ``(T, m)``; ``Y`` holds 0, 1 or ``NaN``.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks

__all__ = ["masked_bce_with_logits", "masked_bce_with_logits_backward"]

REDUCTIONS = ("examples", "labels")


def _inputs(Z, Y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    Z, Y = np.asarray(Z), np.asarray(Y)
    for name, a in (("Z", Z), ("Y", Y)):
        if not np.issubdtype(a.dtype, np.floating):
            raise TypeError(f"{name} must be a floating-point array, got dtype {a.dtype}")
        if a.ndim != 2:
            raise ValueError(f"{name} must have shape (T, m), got {a.shape}")
    checks.same_shape("Y", Y.shape, "Z", Z.shape)
    if not np.all(np.isfinite(Z)):
        raise ValueError("Z must be finite")
    mask = ~np.isnan(Y)
    if not np.all((Y[mask] == 0) | (Y[mask] == 1)):
        raise ValueError("Y must hold 0, 1 or NaN (a missing label)")
    return Z, np.where(mask, Y, 0.0), mask


def _denominator(mask: np.ndarray, reduction: str) -> float:
    checks.one_of("reduction", reduction, REDUCTIONS)
    if reduction == "examples":
        return float(mask.shape[1])
    return float(max(mask.sum(), 1))


# --8<-- [start:loss]
def masked_bce_with_logits(Z, Y, reduction: str = "examples") -> float:
    """Binary cross-entropy summed over the labelled entries of ``Y`` (``NaN`` = missing).

    ``J = (1/m) sum_i sum_{j: Y[j,i] known} L(Z[j,i], Y[j,i])`` with ``reduction="examples"``
    (the course's cost), or divided by the number of known labels with ``"labels"``.
    ``L(z, y) = max(z, 0) - z*y + log(1 + exp(-|z|))`` is ``-y log s(z) - (1-y) log(1-s(z))``
    written so that no exp overflows.
    """
    Z, Y, mask = _inputs(Z, Y)
    losses = np.maximum(Z, 0.0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return float(np.sum(losses * mask) / _denominator(mask, reduction))


def masked_bce_with_logits_backward(Z, Y, reduction: str = "examples") -> np.ndarray:
    """``dJ/dZ = mask * (sigmoid(Z) - Y) / denominator``, shape ``(T, m)``; zero where the
    label is missing, so a "?" sends no gradient into the network."""
    Z, Y, mask = _inputs(Z, Y)
    sigmoid = np.where(Z >= 0, 1.0 / (1.0 + np.exp(-np.abs(Z))),
                       np.exp(-np.abs(Z)) / (1.0 + np.exp(-np.abs(Z))))
    return mask * (sigmoid - Y) / _denominator(mask, reduction)
# --8<-- [end:loss]
