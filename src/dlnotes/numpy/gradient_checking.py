"""Gradient checking (chapter "Gradient checking"), NumPy.

Compare a hand-written gradient with two-sided finite differences::

    d_approx[i] = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)
    error = ||d_approx - d|| / (||d_approx|| + ||d||)

Read in float64 with eps = 1e-7 (the course's rule of thumb): about 1e-7 or less is right,
1e-5 deserves a look, 1e-3 or more is almost surely a bug. Check at points away from kinks
(ReLU at 0, ties in max-pooling), where the function is not differentiable.

``grad_check`` checks any function of named parameters and says which parameter (and entry)
is off; ``two_layer_cost`` / ``two_layer_backward`` are the small network (examples as columns,
``(n_x, m)``) on which the chapter shows the check passing, and catching a planted bug.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlnotes import checks
from dlnotes.printing import sci

__all__ = [
    "numerical_gradient",
    "relative_error",
    "check_gradients",
    "verdict",
    "GradCheck",
    "compare",
    "grad_check",
    "kink_distance",
    "away_from_kinks",
    "init_two_layer",
    "two_layer_cost",
    "two_layer_backward",
]


# --8<-- [start:numerical]
def numerical_gradient(
    f: Callable[[], float], params: dict[str, np.ndarray], eps: float = 1e-7
) -> dict[str, np.ndarray]:
    """Two-sided finite-difference gradient of ``f()`` with respect to each array in ``params``.

    ``f`` takes no arguments and reads the arrays of ``params``, which are perturbed in place
    one entry at a time and restored. Returns arrays of the parameters' shapes (float64).
    """
    params, eps = checks.gradient_checking.numerical(params, eps)
    grads = {}
    for name, p in params.items():
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
# --8<-- [end:numerical]


# --8<-- [start:relative]
def relative_error(approx: np.ndarray, exact: np.ndarray, floor: float = 1e-12) -> float:
    """``||approx - exact|| / (||approx|| + ||exact||)``; 0 when both norms are below ``floor``
    (a gradient that is zero, e.g. a bias before batch norm, is compared absolutely)."""
    approx, exact, floor = checks.gradient_checking.relative(approx, exact, floor)
    denom = np.linalg.norm(approx) + np.linalg.norm(exact)
    if denom < floor:
        return 0.0
    return float(np.linalg.norm(approx - exact) / denom)
# --8<-- [end:relative]


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


# --8<-- [start:reading]
#: Upper bounds of the three readings of a relative error (float64, eps = 1e-7): the geometric
#: midpoints between the course's landmarks 1e-7 (right), 1e-5 (look closer), 1e-3 (a bug).
READINGS = ((1e-6, "ok"), (1e-4, "suspicious"), (math.inf, "bug"))


def verdict(error: float) -> str:
    """``"ok"`` below 1e-6 (the ~1e-7 of a right backward pass), ``"suspicious"`` below 1e-4
    (~1e-5: look at the components), ``"bug"`` otherwise (~1e-3 or more)."""
    error = checks.non_negative("error", error)
    return next(label for bound, label in READINGS if error < bound)
# --8<-- [end:reading]


@dataclass(frozen=True)
class GradCheck:
    """Result of :func:`grad_check`.

    Attributes:
        errors: relative error of each named parameter's gradient.
        overall: relative error of all gradients stacked into one vector (the course's number).
        worst: ``(name, index)`` of the entry with the largest ``|approx - exact|``.
    """

    errors: dict[str, float]
    overall: float
    worst: tuple[str, tuple[int, ...]]

    @property
    def verdict(self) -> str:
        return verdict(self.overall)

    def __str__(self) -> str:
        # digits of an error below 1e-7 are rounding noise: they differ between machines
        lines = [f"{name:>4}: {sci(err, 1e-7)}  {verdict(err)}"
                 for name, err in self.errors.items()]
        lines.append(f"  all: {sci(self.overall, 1e-7)}  {self.verdict}")
        return "\n".join(lines)


def compare(approx: dict, exact: dict, floor: float = 1e-12) -> GradCheck:
    """Compare two dicts of gradients with the same keys and shapes (see :class:`GradCheck`)."""
    if set(approx) != set(exact):
        raise ValueError(f"exact must have the keys of approx, {sorted(approx)}, "
                         f"got {sorted(exact)}")
    floor = checks.positive("floor", floor)
    a = {k: np.asarray(v, dtype=np.float64) for k, v in approx.items()}
    e = {k: np.asarray(exact[k], dtype=np.float64) for k in approx}
    errors = {k: relative_error(a[k], e[k], floor) for k in a}
    flat_a = np.concatenate([v.ravel() for v in a.values()])
    flat_e = np.concatenate([v.ravel() for v in e.values()])
    overall = relative_error(flat_a, flat_e, floor)
    name = max(a, key=lambda k: np.abs(a[k] - e[k]).max(initial=0.0))
    index = np.unravel_index(np.argmax(np.abs(a[name] - e[name])), a[name].shape)
    return GradCheck(errors, overall, (name, tuple(int(i) for i in index)))


# --8<-- [start:grad_check]
def grad_check(
    f: Callable[[], float],
    params: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    *,
    eps: float = 1e-7,
    floor: float = 1e-12,
) -> GradCheck:
    """Check hand-written ``grads`` of ``f`` against two-sided finite differences.

    Args:
        f: no-argument function returning the cost ``J`` (a float); it reads ``params``.
        params: the named float64 arrays ``J`` depends on (perturbed in place, restored).
        grads: the gradients to check, same names and shapes as ``params``.
        eps: the finite-difference step.
        floor: where both gradients' norms are below it, their relative error counts as 0
            (an exactly zero gradient is compared absolutely, not divided by ~0).

    Returns:
        A :class:`GradCheck`: per-parameter and overall relative errors and the worst entry.
    """
    checks.gradient_checking.same_keys_and_shapes(params, grads)
    return compare(numerical_gradient(f, params, eps), grads, floor)
# --8<-- [end:grad_check]


# --- kinks -----------------------------------------------------------------------------------

def kink_distance(z, kinks=(0.0,)) -> float:
    """Smallest ``|z - k|`` over the entries of ``z`` and the kinks ``k`` (ReLU: 0).

    A two-sided difference with step ``eps`` is only meaningful where this distance is well
    above the change ``eps`` causes in ``z``.
    """
    z = checks.real_array("z", z)
    if z.size == 0:
        raise ValueError("z must not be empty")
    return float(min(np.abs(z - k).min() for k in kinks))


def away_from_kinks(x, margin: float, kinks=(0.0,)) -> np.ndarray:
    """A float64 copy of ``x`` whose entries closer than ``margin`` to a kink are pushed to
    ``kink +- margin`` (the side they were on; ``+`` when exactly on it)."""
    margin = checks.positive("margin", margin)
    out = checks.real_array("x", x).copy()
    for k in kinks:
        near = np.abs(out - k) < margin
        out[near] = k + np.where(out[near] < k, -margin, margin)
    return out


# --- a small network with a hand-written backward pass -------------------------------------

def init_two_layer(n_x: int, n_h: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Random float64 parameters ``W1 (n_h, n_x)``, ``b1 (n_h, 1)``, ``W2 (1, n_h)``, ``b2 (1, 1)``.

    The biases are random too, so that no gradient is zero by accident at the check point.
    """
    seed = checks.seed("seed", seed)
    for name, v in (("n_x", n_x), ("n_h", n_h)):
        checks.integer(name, v, 1)
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(size=(n_h, n_x)) / np.sqrt(n_x),
        "b1": rng.normal(size=(n_h, 1)) * 0.1,
        "W2": rng.normal(size=(1, n_h)) / np.sqrt(n_h),
        "b2": rng.normal(size=(1, 1)) * 0.1,
    }


# --8<-- [start:two_layer]
def two_layer_cost(params: dict[str, np.ndarray], X, Y):
    """Cross-entropy cost of ``sigmoid(W2 relu(W1 X + b1) + b2)`` against labels ``Y``.

    Args:
        params: ``W1 (n_h, n_x)``, ``b1 (n_h, 1)``, ``W2 (1, n_h)``, ``b2 (1, 1)``.
        X: inputs ``(n_x, m)``, one example per column.
        Y: labels ``(1, m)`` in {0, 1} (any value in [0, 1] works).

    Returns:
        ``(J, cache)``: the mean cost (float) and what the backward pass needs.
    """
    X, Y = checks.gradient_checking.two_layer(params, X, Y)
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0.0)
    Z2 = params["W2"] @ A1 + params["b2"]
    # -[y log s(z) + (1-y) log(1-s(z))] = log(1 + e^z) - y z, without overflow
    J = float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2))
    return J, (X, Z1, A1, Z2)


def two_layer_backward(params, cache, Y, *, planted_bug: bool = False):
    """Hand-written gradients of :func:`two_layer_cost`; ``planted_bug`` drops the ReLU's
    derivative (``dZ1 = dA1``), the bug the chapter's check is shown to catch."""
    checks.gradient_checking.two_layer_params(params)
    X, Z1, A1, Z2 = cache
    Y = checks.gradient_checking.labels_like(Y, Z2.shape)
    m = X.shape[1]
    A2 = np.exp(-np.logaddexp(0.0, -Z2))  # sigmoid(Z2), stable
    dZ2 = (A2 - Y) / m
    dA1 = params["W2"].T @ dZ2
    dZ1 = dA1 if planted_bug else dA1 * (Z1 > 0)
    return {
        "W1": dZ1 @ X.T, "b1": dZ1.sum(axis=1, keepdims=True),
        "W2": dZ2 @ A1.T, "b2": dZ2.sum(axis=1, keepdims=True),
    }
# --8<-- [end:two_layer]
