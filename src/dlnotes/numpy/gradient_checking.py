"""Gradient checking (chapter "Gradient checking"), NumPy.

Compare a hand-written gradient with two-sided finite differences::

    d_approx[i] = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)
    error = ||d_approx - d|| / (||d_approx|| + ||d||)

Read in float64 with eps = 1e-7 (the course's rule of thumb): about 1e-7 or less is right,
1e-5 deserves a look, 1e-3 or more is almost surely a bug. Check at points away from kinks
(ReLU at 0, ties in max-pooling), where the function is not differentiable.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlnotes import _validate as check

__all__ = ["numerical_gradient", "relative_error", "check_gradients"]


def numerical_gradient(
    f: Callable[[], float], params: dict[str, np.ndarray], eps: float = 1e-7
) -> dict[str, np.ndarray]:
    """Two-sided finite-difference gradient of ``f()`` with respect to each array in ``params``.

    ``f`` takes no arguments and reads the arrays of ``params``, which are perturbed in place
    one entry at a time and restored. Returns arrays of the parameters' shapes (float64).
    """
    eps = check.positive("eps", eps)
    grads = {}
    for name, p in params.items():
        if not isinstance(p, np.ndarray) or p.dtype != np.float64:
            raise TypeError(f"params[{name!r}] must be a float64 ndarray (checks need float64)")
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + eps
            plus = float(f())
            p[idx] = old - eps
            minus = float(f())
            p[idx] = old
            g[idx] = (plus - minus) / (2 * eps)
        grads[name] = g
    return grads


def relative_error(approx: np.ndarray, exact: np.ndarray, floor: float = 1e-12) -> float:
    """``||approx - exact|| / (||approx|| + ||exact||)``; 0 when both norms are below ``floor``
    (a gradient that is zero, e.g. a bias before batch norm, is compared absolutely)."""
    approx, exact = np.asarray(approx, dtype=np.float64), np.asarray(exact, dtype=np.float64)
    check.same_shape("approx", approx.shape, "exact", exact.shape)
    denom = np.linalg.norm(approx) + np.linalg.norm(exact)
    if denom < floor:
        return 0.0
    return float(np.linalg.norm(approx - exact) / denom)


def check_gradients(
    f: Callable[[], float],
    params: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    eps: float = 1e-7,
) -> dict[str, float]:
    """Relative error of each hand-written gradient in ``grads`` against finite differences."""
    if set(grads) != set(params):
        raise ValueError(
            f"grads must have the keys of params, {sorted(params)}, got {sorted(grads)}"
        )
    approx = numerical_gradient(f, params, eps)
    return {name: relative_error(approx[name], grads[name]) for name in params}
