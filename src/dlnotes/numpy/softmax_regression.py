"""Softmax regression (chapter "Softmax regression"), NumPy reference.

Shapes follow the course: logits ``Z`` of shape ``(C, m)``, one column per example and one row
per class; a single example may be given as a vector of shape ``(C,)``. Labels come either as
integer class indices of shape ``(m,)`` with values in ``0 .. C-1`` or as a one-hot (or any
probability) matrix ``Y`` of shape ``(C, m)`` whose columns sum to 1.

Conventions (the chapter's formulas):

* ``softmax(z)_i = exp(z_i - max z) / sum_j exp(z_j - max z)`` (shifting by the maximum changes
  nothing mathematically and keeps every exponent <= 0, so nothing overflows);
* ``log_softmax(z) = z - max z - log(sum_j exp(z_j - max z))`` (log-sum-exp, never ``log(0)``);
* the cost is the mean over the ``m`` examples of ``L = -sum_i y_i log(y_hat_i)``, computed
  from the logits; its gradient is ``dZ = (Y_hat - Y) / m``.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks

__all__ = [
    "softmax",
    "log_softmax",
    "one_hot",
    "cross_entropy",
    "cross_entropy_backward",
    "SoftmaxRegression",
]


# --8<-- [start:softmax]
def softmax(z) -> np.ndarray:
    """Softmax over the classes (axis 0) of logits ``z``, shape ``(C,)`` or ``(C, m)``.

    Returns an array of the same shape; each column is a probability vector. Stable for any
    finite logits (and for ``-inf``, as long as a column has one finite entry).
    """
    z = checks.softmax_regression.logits("z", z)
    shifted = z - z.max(axis=0, keepdims=True)  # every exponent is now <= 0
    t = np.exp(shifted)
    return t / t.sum(axis=0, keepdims=True)


def log_softmax(z) -> np.ndarray:
    """``log(softmax(z))`` over axis 0 by the log-sum-exp trick; same shape as ``z``."""
    z = checks.softmax_regression.logits("z", z)
    shifted = z - z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
# --8<-- [end:softmax]


def one_hot(labels, num_classes: int) -> np.ndarray:
    """One-hot matrix of shape ``(num_classes, m)`` (float64) from integer labels ``(m,)``."""
    if isinstance(num_classes, bool) or not isinstance(num_classes, int | np.integer):
        raise TypeError(f"num_classes must be an int, got {type(num_classes).__name__}")
    if num_classes < 1:
        raise ValueError(f"num_classes must be >= 1, got {num_classes}")
    labels = checks.softmax_regression.index_labels("labels", labels, num_classes)
    y = np.zeros((num_classes, labels.size))
    y[labels, np.arange(labels.size)] = 1.0
    return y


def _targets(Z: np.ndarray, y) -> np.ndarray:
    """Labels as a ``(C, m)`` probability matrix, from indices ``(m,)`` or from ``(C, m)``."""
    C, m = Z.shape
    y_arr = np.asarray(y)
    if y_arr.ndim == 1:
        labels = checks.softmax_regression.index_labels("y", y_arr, C)
        if labels.size != m:
            raise ValueError(f"y must have shape (m,) = ({m},) to match Z, got {labels.shape}")
        return one_hot(labels, C)
    if y_arr.dtype == np.bool_ or not (
        np.issubdtype(y_arr.dtype, np.floating) or np.issubdtype(y_arr.dtype, np.integer)
    ):
        raise TypeError(f"y must hold numbers, got dtype {y_arr.dtype}")
    checks.same_shape("y", y_arr.shape, "Z", Z.shape)
    y_arr = y_arr.astype(np.float64)
    if np.isnan(y_arr).any() or (y_arr < 0).any() or not np.allclose(y_arr.sum(axis=0), 1.0):
        raise ValueError("y must be one-hot (or probabilities): entries >= 0, columns summing to 1")
    return y_arr


# --8<-- [start:cross_entropy]
def cross_entropy(Z, y) -> float:
    """Mean cross-entropy ``J = -(1/m) sum_examples sum_i y_i log softmax(Z)_i``.

    Args:
        Z: logits, shape ``(C, m)`` (not probabilities: the log-softmax is taken here, stably).
        y: integer labels ``(m,)`` in ``0 .. C-1``, or one-hot / probability matrix ``(C, m)``.
    """
    Z = checks.softmax_regression.logits("Z", Z, vector_ok=False)
    Y = _targets(Z, y)
    log_p = log_softmax(Z)
    # 0 * log p is taken as 0 even where p underflows: select instead of multiplying
    return float(-(Y * np.where(Y > 0, log_p, 0.0)).sum() / Z.shape[1])


def cross_entropy_backward(Z, y) -> np.ndarray:
    """Gradient of :func:`cross_entropy` with respect to the logits: ``(Y_hat - Y) / m``."""
    Z = checks.softmax_regression.logits("Z", Z, vector_ok=False)
    Y = _targets(Z, y)
    return (softmax(Z) - Y) / Z.shape[1]
# --8<-- [end:cross_entropy]


class SoftmaxRegression:
    """A linear layer followed by softmax: ``Z = W X + b``, ``Y_hat = softmax(Z)``.

    Args:
        n_x: number of input features; ``X`` has shape ``(n_x, m)``.
        n_classes: number of classes ``C``; ``W`` is ``(C, n_x)`` and ``b`` is ``(C, 1)``.
        seed: seed of the small random initial weights (``N(0, 0.01^2)``).
    """

    def __init__(self, n_x: int, n_classes: int, seed: int = 0):
        seed = checks.seed("seed", seed)
        for name, v in (("n_x", n_x), ("n_classes", n_classes)):
            if isinstance(v, bool) or not isinstance(v, int | np.integer):
                raise TypeError(f"{name} must be an int, got {type(v).__name__}")
            if v < 1:
                raise ValueError(f"{name} must be >= 1, got {v}")
        rng = np.random.default_rng(seed)
        self.params = {
            "W": rng.normal(0.0, 0.01, size=(n_classes, n_x)),
            "b": np.zeros((n_classes, 1)),
        }

    def _inputs(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        n_x = self.params["W"].shape[1]
        if X.ndim != 2 or X.shape[0] != n_x:
            raise ValueError(f"X must have shape (n_x, m) = ({n_x}, m), got {X.shape}")
        return X

    def logits(self, X) -> np.ndarray:
        """``Z = W X + b``, shape ``(C, m)``."""
        X = self._inputs(X)
        return self.params["W"] @ X + self.params["b"]

    def predict(self, X) -> np.ndarray:
        """The most probable class of each column of ``X``, shape ``(m,)``."""
        return self.logits(X).argmax(axis=0)

    def loss_and_grads(self, X, y) -> tuple[float, dict[str, np.ndarray]]:
        """Cost ``J`` and its gradients ``{"W": dW, "b": db}`` (backpropagation by hand)."""
        X = self._inputs(X)
        Z = self.params["W"] @ X + self.params["b"]
        dZ = cross_entropy_backward(Z, y)
        return cross_entropy(Z, y), {"W": dZ @ X.T, "b": dZ.sum(axis=1, keepdims=True)}
