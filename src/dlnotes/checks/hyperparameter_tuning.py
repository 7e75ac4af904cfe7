"""Argument checks of the chapter "Hyperparameter tuning".

A search space is a non-empty dict ``name -> Param``; a ``Param`` is a range ``[low, high]``
and the scale it is sampled on (``"linear"``, ``"log"``, ``"one_minus_log"``).
"""

from __future__ import annotations

from dlnotes import checks

SCALES = ("linear", "log", "one_minus_log")


def param(low, high, scale) -> tuple[float, float, str]:
    """``(low, high, scale)`` of a ``Param``: real numbers with ``low < high``, ``low > 0``
    on a log scale, ``0 <= low < high < 1`` on the ``one_minus_log`` scale."""
    scale = checks.one_of("scale", scale, SCALES)
    low, high = checks.real("low", low), checks.real("high", high)
    if not low < high:
        raise ValueError(f"low must be < high, got low={low!r}, high={high!r}")
    if scale == "log" and low <= 0:
        raise ValueError(f"low must be > 0 on a log scale, got {low!r}")
    if scale == "one_minus_log" and not 0 <= low < high < 1:
        raise ValueError(f"low and high must satisfy 0 <= low < high < 1 for "
                         f"scale='one_minus_log', got {low!r}, {high!r}")
    return low, high, scale


def width(value) -> float:
    """The relative width of a zoomed range: a number in (0, 1]."""
    value = checks.unit_interval("width", value, closed_right=True)
    if value == 0:
        raise ValueError("width must be > 0, got 0")
    return value


def space(value) -> dict:
    """``value`` if it is a non-empty dict of ``Param``."""
    from dlnotes.numpy.hyperparameter_tuning import Param

    if not isinstance(value, dict) or not value:
        raise TypeError("space must be a non-empty dict of Param keyed by hyperparameter name")
    for name, p in value.items():
        if not isinstance(p, Param):
            raise TypeError(f"space[{name!r}] must be a Param, got {type(p).__name__}")
    return value


def random_search(space_, n_trials, seed=0, round_=0) -> tuple:
    """``(space, n_trials, rng)``: a search space, a number of trials (an int >= 1) and a
    generator seeded by ``seed``; ``round_`` is an int >= 0."""
    checks.integer("round_", round_, 0)
    return space(space_), checks.integer("n_trials", n_trials), checks.generator("seed", seed)


def coarse_to_fine(space_, rounds, width_) -> tuple:
    """``(space, rounds, width)``: a search space, a number of rounds (an int >= 1) and the
    relative width of each zoom, in (0, 1]."""
    return space(space_), checks.integer("rounds", rounds), width(width_)


def softmax_problem(W, b, X, y) -> tuple:
    """Softmax regression's arguments ``(W, b, X, y)``: ``X`` a 2-d float array ``(n_x, m)``
    with ``m >= 1``,
    ``W`` ``(n_classes, n_x)``, ``b`` ``(n_classes, 1)``, ``y`` integer labels ``(m,)`` in
    ``0..n_classes-1``."""
    import numpy as np

    X = checks.non_empty("X", checks.float_array("X", X, 2, "(n_x, m)"))
    W, b = checks.real_array("W", W), checks.real_array("b", b)
    if W.ndim != 2 or W.shape[1] != X.shape[0]:
        raise ValueError(f"W must have shape (n_classes, {X.shape[0]}), got {W.shape}")
    checks.same_shape("b", b.shape, "(n_classes, 1)", (W.shape[0], 1))
    y = np.asarray(y)
    if y.shape != (X.shape[1],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be integer labels of shape ({X.shape[1]},), got {y.dtype} "
                         f"{y.shape}")
    if y.size and (y.min() < 0 or y.max() >= W.shape[0]):
        raise ValueError(f"y must hold labels in 0..{W.shape[0] - 1}")
    return W, b, X, y
