"""Mini-batch gradient descent (chapter "Mini-batch gradient descent"), NumPy.

Examples are columns: ``X`` has shape ``(n_x, m)`` and ``Y`` shape ``(n_y, m)``; mini-batch
``t`` is ``(X{t}, Y{t})``. One epoch shuffles the m examples (the same permutation for X and
Y) and cuts them into ``ceil(m / batch_size)`` mini-batches; all are full except possibly the
last, which holds the ``m mod batch_size`` examples left over.

The chapter's test problem is logistic regression, ``y_hat = sigmoid(w^T x + b)`` with
``w`` of shape ``(n_x, 1)``, trained with batch size ``m`` (batch gradient descent), 1
(stochastic gradient descent) or anything between (mini-batch gradient descent).
"""

from __future__ import annotations

import math

import numpy as np

from dlnotes import checks

__all__ = [
    "num_mini_batches",
    "random_mini_batches",
    "logistic_cost_and_grads",
    "train_logistic",
    "make_classification",
]


# --8<-- [start:partition]
def num_mini_batches(m: int, batch_size: int) -> int:
    """``ceil(m / batch_size)``: the full mini-batches plus one partial batch if any remain."""
    m, batch_size = checks.mini_batch.sizes(m, batch_size)
    return math.ceil(m / batch_size)


def random_mini_batches(X, Y, batch_size: int = 64, seed: int = 0):
    """Shuffle the columns of ``X`` ``(n_x, m)`` and ``Y`` ``(n_y, m)`` together and cut them
    into mini-batches of ``batch_size`` columns; the last one may be smaller.

    Returns a list of ``(X_t, Y_t)`` pairs of shapes ``(n_x, b_t)`` and ``(n_y, b_t)``.
    """
    seed = checks.seed("seed", seed)
    X, Y, batch_size = checks.mini_batch.columns(X, Y, batch_size)
    m = X.shape[1]
    perm = np.random.default_rng(seed).permutation(m)
    X, Y = X[:, perm], Y[:, perm]
    return [(X[:, k : k + batch_size], Y[:, k : k + batch_size])
            for k in range(0, m, batch_size)]
# --8<-- [end:partition]


def logistic_cost_and_grads(w, b, X, Y):
    """Cross-entropy cost of logistic regression on the columns of ``X`` and its gradients.

    Args:
        w: weights ``(n_x, 1)``; b: bias (float); X: ``(n_x, m)``; Y: labels ``(1, m)``.

    Returns:
        ``(J, dw, db)`` with ``J`` the mean cost, ``dw`` of shape ``(n_x, 1)``, ``db`` a float.
    """
    w, b, X, Y = checks.mini_batch.logistic_problem(w, b, X, Y)
    z = w.T @ X + b
    J = float(np.mean(np.logaddexp(0.0, z) - Y * z))  # stable cross-entropy
    dz = (np.exp(-np.logaddexp(0.0, -z)) - Y) / X.shape[1]  # (sigmoid(z) - y) / m
    return J, X @ dz.T, float(dz.sum())


# --8<-- [start:train]
def train_logistic(X, Y, *, batch_size: int, lr: float, epochs: int, seed: int = 0):
    """Logistic regression by mini-batch gradient descent from ``w = 0, b = 0``.

    ``batch_size = m`` is batch gradient descent, ``batch_size = 1`` stochastic gradient
    descent. Each epoch reshuffles (seed ``seed + epoch``).

    Returns a dict with ``w``, ``b``, ``step_costs`` (the cost of each mini-batch before its
    step) and ``epoch_costs`` (the cost on all of ``X`` before training and after each epoch).
    """
    seed = checks.seed("seed", seed)
    lr, epochs = checks.mini_batch.schedule(lr, epochs)
    w, b = np.zeros((np.shape(X)[0], 1)), 0.0
    step_costs, epoch_costs = [], [logistic_cost_and_grads(w, b, X, Y)[0]]
    for epoch in range(epochs):
        for X_t, Y_t in random_mini_batches(X, Y, batch_size, seed=seed + epoch):
            J, dw, db = logistic_cost_and_grads(w, b, X_t, Y_t)
            w, b = w - lr * dw, b - lr * db
            step_costs.append(J)
        epoch_costs.append(logistic_cost_and_grads(w, b, X, Y)[0])
    return {"w": w, "b": b, "step_costs": np.array(step_costs),
            "epoch_costs": np.array(epoch_costs)}
# --8<-- [end:train]


def make_classification(m: int = 2000, n_x: int = 5, seed: int = 0):
    """A linearly separable-ish problem: ``X`` ``(n_x, m)`` standard normal, labels drawn
    from ``sigmoid(w_true^T x)`` with a fixed ``w_true``; returns ``(X, Y)``."""
    seed = checks.seed("seed", seed)
    m, n_x = checks.integer("m", m), checks.integer("n_x", n_x)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    w_true = np.linspace(2.0, -2.0, n_x).reshape(n_x, 1)
    p = np.exp(-np.logaddexp(0.0, -(w_true.T @ X)))
    return X, (rng.random((1, m)) < p).astype(np.float64)
