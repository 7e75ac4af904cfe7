"""Hyperparameter tuning (chapter "Hyperparameter tuning"), NumPy.

A search space is a dict ``name -> Param``. A ``Param`` is a range ``[low, high]`` with the
scale on which it is sampled: ``"linear"`` (uniform), ``"log"`` (``log10`` uniform: the
learning rate alpha, the L2 strength lambda) or ``"one_minus_log"`` (``log10(1 - value)``
uniform: the EWMA and momentum coefficient beta). Every Param maps the unit interval onto its
range, ``u in [0, 1] -> value``, uniformly on its scale; random search draws ``u`` uniformly,
grid search takes ``u`` evenly spaced, and coarse-to-fine shrinks the ``u``-interval around
the best trial. The objective is minimized; all randomness comes from explicit seeds.

The demonstration model is softmax regression on scikit-learn's 8x8 digits (offline), examples
as columns: ``X`` ``(64, m)`` scaled to [0, 1], labels ``y`` ``(m,)`` in 0..9, weights
``W`` ``(10, 64)``, ``b`` ``(10, 1)``, trained by mini-batch gradient descent with momentum
(the average convention of :mod:`dlnotes.numpy.optimization`) and an L2 penalty.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from dlnotes import checks, data
from dlnotes.numpy.optimization import Momentum

__all__ = [
    "Param",
    "Trial",
    "evaluate",
    "random_search",
    "grid_search",
    "coarse_to_fine",
    "load_digits_split",
    "softmax_cost_and_grads",
    "train_softmax",
    "accuracy",
    "digits_objective",
]

SCALES = checks.hyperparameter_tuning.SCALES


# --8<-- [start:param]
@dataclass(frozen=True)
class Param:
    """A hyperparameter's range ``[low, high]`` and the scale it is sampled on."""

    low: float
    high: float
    scale: str = "linear"

    def __post_init__(self):
        checks.hyperparameter_tuning.param(self.low, self.high, self.scale)

    def ends(self) -> tuple[float, float]:
        """The range in the scale's own coordinate (``log10`` of the ends on a log scale)."""
        if self.scale == "log":
            return math.log10(self.low), math.log10(self.high)
        if self.scale == "one_minus_log":
            return math.log10(1 - self.low), math.log10(1 - self.high)
        return self.low, self.high

    def from_unit(self, u):
        """Map ``u`` in [0, 1] to the range, uniformly on the scale (u=0 -> low, 1 -> high)."""
        a, c = self.ends()
        s = a + np.asarray(u, dtype=np.float64) * (c - a)
        if self.scale == "log":
            return 10.0**s
        if self.scale == "one_minus_log":
            return 1.0 - 10.0**s
        return s

    def to_unit(self, value):
        """The inverse of :meth:`from_unit`."""
        v = np.asarray(value, dtype=np.float64)
        if self.scale == "log":
            s = np.log10(v)
        elif self.scale == "one_minus_log":
            s = np.log10(1.0 - v)
        else:
            s = v
        a, c = self.ends()
        return (s - a) / (c - a)

    def sample(self, rng: np.random.Generator, size: int):
        """``size`` random values, uniform on the scale."""
        return self.from_unit(rng.random(size))

    def grid(self, n: int):
        """``n`` values evenly spaced on the scale, from low to high."""
        return self.from_unit(np.linspace(0.0, 1.0, checks.integer("n", n)))

    def zoom(self, center: float, width: float) -> Param:
        """The sub-range of relative ``width`` (in unit coordinates) around the value
        ``center``, kept inside this range: the "fine" range of coarse-to-fine search."""
        width = checks.hyperparameter_tuning.width(width)
        u = float(np.clip(self.to_unit(center), 0.0, 1.0))
        lo = min(max(u - width / 2, 0.0), 1.0 - width)
        return Param(float(self.from_unit(lo)), float(self.from_unit(lo + width)), self.scale)
# --8<-- [end:param]


@dataclass(frozen=True)
class Trial:
    """One evaluated point: the hyperparameters, the objective's value (lower is better) and
    the round of coarse-to-fine search it belongs to (0 for a single search)."""

    params: dict[str, float]
    loss: float
    round: int = field(default=0)


def evaluate(objective: Callable[..., float], points, round_: int = 0) -> list[Trial]:
    """``objective(**point)`` at each point of ``points`` (dicts of hyperparameters), as
    trials of round ``round_``; a run that diverged (NaN) counts as the worst loss, inf."""
    if not callable(objective):
        raise TypeError(f"objective must be callable, got {type(objective).__name__}")
    checks.integer("round_", round_, 0)
    trials = []
    for point in points:
        loss = float(objective(**point))
        if math.isnan(loss):
            loss = math.inf  # a diverged run is the worst trial, not an error
        trials.append(Trial(point, loss, round_))
    return trials


# --8<-- [start:search]
def random_search(objective: Callable[..., float], space: dict[str, Param], n_trials: int,
                  seed: int = 0, *, round_: int = 0) -> list[Trial]:
    """Evaluate ``objective(**point)`` at ``n_trials`` random points; best trial first."""
    space, n_trials, rng = checks.hyperparameter_tuning.random_search(space, n_trials, seed,
                                                                      round_)
    columns = {name: p.sample(rng, n_trials) for name, p in space.items()}
    points = [{name: float(columns[name][k]) for name in space} for k in range(n_trials)]
    return sorted(evaluate(objective, points, round_), key=lambda t: t.loss)


def grid_search(objective: Callable[..., float], space: dict[str, Param],
                points_per_axis: int) -> list[Trial]:
    """Evaluate ``objective`` on the full grid (``points_per_axis ** len(space)`` points, each
    axis evenly spaced on its scale); best trial first."""
    space = checks.hyperparameter_tuning.space(space)
    points_per_axis = checks.integer("points_per_axis", points_per_axis)
    axes = [p.grid(points_per_axis) for p in space.values()]
    mesh = np.meshgrid(*axes, indexing="ij")
    points = [dict(zip(space, (float(m.flat[k]) for m in mesh), strict=True))
              for k in range(mesh[0].size)]
    return sorted(evaluate(objective, points), key=lambda t: t.loss)


def coarse_to_fine(objective: Callable[..., float], space: dict[str, Param], n_trials: int,
                   rounds: int = 2, width: float = 0.25, seed: int = 0) -> list[Trial]:
    """Random search in ``rounds`` rounds of ``n_trials``; after each round every range shrinks
    to ``width`` of its (unit) size around the best point so far. Returns all trials, best
    first (``Trial.round`` says which round)."""
    seed = checks.seed("seed", seed)
    space, rounds, width = checks.hyperparameter_tuning.coarse_to_fine(space, rounds, width)
    trials: list[Trial] = []
    for r in range(rounds):
        trials += random_search(objective, space, n_trials, seed + r, round_=r)
        best = min(trials, key=lambda t: t.loss)
        space = {name: p.zoom(best.params[name], width) for name, p in space.items()}
    return sorted(trials, key=lambda t: t.loss)
# --8<-- [end:search]


# --- the demonstration model: softmax regression on the digits -------------------------------

def load_digits_split(seed: int = 0):
    """scikit-learn's digits (1,797 8x8 images, shipped with the library: no download), shuffled
    with ``seed`` and split 1,000 / 400 / 397 into train, dev and test. Returns
    ``(X_train, y_train, X_dev, y_dev, X_test, y_test)``, ``X`` of shape ``(64, m)`` in [0, 1]."""
    seed = checks.seed("seed", seed)
    images, labels = data.digits()
    perm = np.random.default_rng(seed).permutation(len(labels))
    X, y = images.reshape(len(labels), -1)[perm].T / 16.0, labels[perm]
    cuts = (0, 1000, 1400, len(y))
    parts = []
    for a, c in zip(cuts[:-1], cuts[1:], strict=True):
        parts += [X[:, a:c], y[a:c]]
    return tuple(parts)


def softmax_cost_and_grads(W, b, X, y, lam: float = 0.0):
    """Mean cross-entropy of ``softmax(W X + b)`` plus ``lam / (2m) ||W||_F^2``, and its
    gradients ``(J, dW, db)`` (hand-written: ``dZ = (softmax - one_hot(y)) / m``)."""
    W, b, X, y = checks.hyperparameter_tuning.softmax_problem(W, b, X, y)
    lam = checks.non_negative("lam", lam)
    m = X.shape[1]
    Z = W @ X + b
    Z = Z - Z.max(axis=0, keepdims=True)  # stable: shift each column
    log_p = Z - np.log(np.exp(Z).sum(axis=0, keepdims=True))
    J = -log_p[y, np.arange(m)].mean() + lam / (2 * m) * np.sum(W * W)
    dZ = np.exp(log_p)
    dZ[y, np.arange(m)] -= 1.0
    dZ /= m
    return float(J), dZ @ X.T + lam / m * W, dZ.sum(axis=1, keepdims=True)


def accuracy(W, b, X, y) -> float:
    """Fraction of the columns of ``X`` whose largest score ``W x + b`` is the label."""
    W, b, X, y = checks.hyperparameter_tuning.softmax_problem(W, b, X, y)
    return float(np.mean(np.argmax(W @ X + b, axis=0) == y))


# --8<-- [start:train]
def train_softmax(X, y, *, alpha: float, beta: float, lam: float, epochs: int = 5,
                  batch_size: int = 64, seed: int = 0):
    """Softmax regression from zero weights by mini-batch gradient descent with momentum
    (``v = beta v + (1 - beta) g``, step ``alpha v``) and L2 strength ``lam``.

    Each step's gradient is the mean cross-entropy gradient of the mini-batch plus the
    gradient ``(lam / m) W`` of the training set's penalty ``lam / (2m) ||W||_F^2`` (``m`` the
    number of training examples, not the batch size), as in formula (2) of the mini-batch
    chapter. Returns ``(W, b)``; diverged weights come back as they are (non-finite)."""
    seed = checks.seed("seed", seed)
    alpha = checks.positive("alpha", alpha)
    opt = Momentum(lr=alpha, beta=beta, convention="average")
    lam = checks.non_negative("lam", lam)
    epochs = checks.integer("epochs", epochs)
    batch_size = checks.integer("batch_size", batch_size)
    X, y = checks.real_array("X", X), np.asarray(y)
    if X.ndim != 2 or X.shape[1] == 0:
        raise ValueError(f"X must have shape (n_x, m) with m >= 1, got {X.shape}")
    if y.shape != (X.shape[1],) or y.dtype.kind not in "iu" or y.min() < 0 or y.max() > 9:
        raise ValueError(f"y must be ({X.shape[1]},) digit labels 0..9, got {y.dtype} {y.shape}")
    m = X.shape[1]
    params = {"W": np.zeros((10, X.shape[0])), "b": np.zeros((10, 1))}
    rng = np.random.default_rng(seed)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            perm = rng.permutation(m)
            for k in range(0, m, batch_size):
                idx = perm[k : k + batch_size]
                _, dW, db = softmax_cost_and_grads(params["W"], params["b"], X[:, idx], y[idx])
                # the penalty of the whole training set, lam / (2m) ||W||^2, at every step
                dW += lam / m * params["W"]
                opt.step(params, {"W": dW, "b": db})
    return params["W"], params["b"]
# --8<-- [end:train]


def digits_objective(data, *, epochs: int = 5, seed: int = 0) -> Callable[..., float]:
    """``objective(alpha, beta, lam)``: train on ``data``'s training split, return the dev
    cross-entropy (without the penalty); ``data`` is :func:`load_digits_split`'s tuple."""
    seed = checks.seed("seed", seed)
    X_train, y_train, X_dev, y_dev = data[:4]
    epochs = checks.integer("epochs", epochs)

    def objective(alpha: float, beta: float, lam: float) -> float:
        W, b = train_softmax(X_train, y_train, alpha=alpha, beta=beta, lam=lam, epochs=epochs,
                             seed=seed)
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            return math.inf
        return softmax_cost_and_grads(W, b, X_dev, y_dev)[0]

    return objective
