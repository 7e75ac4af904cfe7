"""Cost and regularization (chapter "Cost and regularization"), NumPy reference.

* the costs :func:`squared_error_cost` and :func:`logistic_cost` (from logits, stable) of
  the outputs of an L-layer perceptron (:mod:`dlnotes.numpy.mlp`, the fully-connected base
  that later chapters build on);
* the L2 and L1 penalties, their gradients, weight decay and a gradient-descent step;
* the chapter's over-fitting problem: polynomial features, ridge and lasso fits.

Conventions:

* Examples are **columns**: an input ``X`` has shape ``(n_x, m)``, a layer's output
  ``(n_l, m)``; ``Z = W @ A_prev + b`` with ``b`` of shape ``(n_l, 1)`` broadcast over columns.
* Every gradient is the gradient of the scalar cost ``J`` (already averaged over the ``m``
  examples): ``dZ`` means dJ/dZ, so ``dW = dZ @ A_prev.T`` and ``db = dZ.sum(axis=1)`` carry
  no extra ``1/m``; the ``1/m`` enters once, in the cost's own gradient.
* The penalties act on the weight matrices only (names starting with ``"W"``), never on biases:

      L2:  (lambda / (2 m)) * sum_l ||W[l]||_F**2      gradient (lambda / m) * W[l]
      L1:  (lambda / m)     * sum_l ||W[l]||_1         gradient (lambda / m) * sign(W[l])

  The L2 penalty is the *squared* (Frobenius) norm. Some texts write the L1 penalty with
  ``lambda / (2 m)``; that only rescales lambda.
* Gradient descent on the L2-regularized cost is weight decay:
  ``W -= lr * (dW + (lambda/m) W)``  ==  ``W = (1 - lr*lambda/m) W - lr*dW``, i.e.
  ``torch.optim.SGD(weight_decay=lambda/m)`` on the unregularized cost.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.mlp import sigmoid

__all__ = [
    "squared_error_cost",
    "logistic_cost",
    "l2_penalty",
    "l1_penalty",
    "penalty",
    "penalty_gradients",
    "regularized_cost",
    "weight_decay",
    "gradient_descent_step",
    "polynomial_features",
    "ridge_fit",
    "lasso_fit",
    "predict_linear",
    "overfitting_data",
]

PENALTIES = ("l2", "l1")


# ------------------------------------------------------------------------------------ costs


def squared_error_cost(Y_hat, Y) -> tuple[float, np.ndarray]:
    """``J = (1/m) * sum_i 0.5 * ||y_hat(i) - y(i)||**2`` and its gradient ``(Y_hat - Y) / m``.

    ``Y_hat`` and ``Y`` have shape ``(n_y, m)``.
    """
    Y_hat, Y = checks.float_array("Y_hat", Y_hat, 2), checks.float_array("Y", Y, 2)
    checks.same_shape("Y", Y.shape, "Y_hat", Y_hat.shape)
    m = Y.shape[1]
    diff = Y_hat - Y
    return float(0.5 * np.sum(diff * diff) / m), diff / m


def logistic_cost(Z, Y) -> tuple[float, np.ndarray]:
    """Binary cross-entropy computed from the logits ``Z`` (``y_hat = sigmoid(Z)``).

    ``J = (1/m) sum [-y log y_hat - (1-y) log(1-y_hat)]`` evaluated as
    ``mean(max(z, 0) - z*y + log(1 + exp(-|z|)))``, finite for any logits. Returns ``(J, dZ)``
    with ``dZ = (sigmoid(Z) - Y) / m``. ``Z`` and ``Y`` have shape ``(1, m)`` (or ``(n, m)`` for
    n independent binary outputs); ``Y`` holds values in [0, 1].
    """
    Z, Y = checks.cost_regularization.logistic(Z, Y)
    m = Z.shape[1]
    losses = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return float(losses.sum() / m), (sigmoid(Z) - Y) / m


# -------------------------------------------------------------------------------- penalties


# --8<-- [start:penalties]
def l2_penalty(params, lambd: float, m: int) -> float:
    """``(lambd / (2 m)) * sum_l ||W[l]||_F**2`` over the weights ``W*`` of ``params``."""
    weights, lambd, m = checks.cost_regularization.penalty(params, lambd, m)
    return lambd / (2 * m) * sum(float(np.sum(W * W)) for W in weights.values())


def l1_penalty(params, lambd: float, m: int) -> float:
    """``(lambd / m) * sum_l ||W[l]||_1`` (sum of absolute entries) over the weights."""
    weights, lambd, m = checks.cost_regularization.penalty(params, lambd, m)
    return lambd / m * sum(float(np.sum(np.abs(W))) for W in weights.values())


def penalty_gradients(params, lambd: float, m: int, kind: str = "l2") -> dict[str, np.ndarray]:
    """Gradient of the penalty for each weight: ``(lambd/m) W`` (L2) or ``(lambd/m) sign(W)``
    (L1, a subgradient: 0 at W = 0). Biases get no penalty and are not in the result."""
    weights, lambd, m, kind = checks.cost_regularization.penalty_of_kind(params, lambd, m, kind)
    f = (lambda W: W) if kind == "l2" else np.sign
    return {k: lambd / m * f(W) for k, W in weights.items()}
# --8<-- [end:penalties]


def penalty(params, lambd: float, m: int, kind: str = "l2") -> float:
    """:func:`l2_penalty` or :func:`l1_penalty`, chosen by ``kind``."""
    kind = checks.one_of("kind", kind, PENALTIES)
    return (l2_penalty if kind == "l2" else l1_penalty)(params, lambd, m)


def regularized_cost(data_cost: float, params, lambd: float, m: int, kind: str = "l2") -> float:
    """``J = data_cost + penalty``: ``data_cost`` is the mean loss ``(1/m) sum_i L(i)``."""
    data_cost = checks.real("data_cost", data_cost)
    return data_cost + penalty(params, lambd, m, kind)


def weight_decay(lambd: float, m: int) -> float:
    """The ``weight_decay`` of ``torch.optim.SGD`` equal to an L2 penalty: ``lambd / m``."""
    return checks.non_negative("lambd", lambd) / checks.cost_regularization.examples(m)


def gradient_descent_step(params, grads, lr: float, lambd: float, m: int, kind: str = "l2"):
    """One step ``W -= lr * (dW + dPenalty/dW)``, ``b -= lr * db``, in place.

    ``grads`` are the gradients of the *data* cost (same keys and shapes as ``params``).
    """
    lr = checks.positive("lr", lr)
    params = checks.cost_regularization.params(params)
    checks.same_keys("grads", checks.keys("grads", grads, ()), "params", params)
    for k, p in params.items():
        if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
            raise TypeError(f"params[{k!r}] must be a float ndarray (updated in place)")
        checks.same_shape(f"grads[{k!r}]", np.shape(grads[k]), f"params[{k!r}]", p.shape)
    extra = penalty_gradients(params, lambd, m, kind)
    for k, p in params.items():
        p -= lr * (grads[k] + extra[k]) if k in extra else lr * grads[k]


# ------------------------------------------------------ the chapter's over-fitting problem


def polynomial_features(x, degree: int) -> np.ndarray:
    """Rows ``P_1(x), ..., P_degree(x)`` (Legendre polynomials) of an input ``x`` in [-1, 1].

    ``x`` has shape ``(m,)`` or ``(1, m)``; the result has shape ``(degree, m)`` (examples as
    columns). A polynomial of degree ``degree`` either way, but unlike the raw powers
    ``x, x**2, ...`` the Legendre polynomials are nearly orthogonal on [-1, 1]: the weights
    have comparable sizes, so one lambda treats them alike, and the fits are well conditioned.
    """
    if isinstance(degree, bool) or not isinstance(degree, int | np.integer):
        raise TypeError(f"degree must be an int, got {type(degree).__name__}")
    if degree < 1:
        raise ValueError(f"degree must be >= 1, got {degree}")
    x = checks.real_array("x", x)
    if x.ndim == 2 and x.shape[0] == 1:
        x = x[0]
    if x.ndim != 1:
        raise ValueError(f"x must have shape (m,) or (1, m), got {x.shape}")
    if x.size and np.max(np.abs(x)) > 1:
        raise ValueError("x must lie in [-1, 1] (rescale it first)")
    return np.polynomial.legendre.legvander(x, degree)[:, 1:].T


def ridge_fit(X, Y, lambd: float) -> tuple[np.ndarray, float]:
    """Exact minimizer of ``J = (1/m) sum 0.5 (w.x + b - y)**2 + (lambd/(2m)) ||w||**2``.

    Args:
        X: ``(n_x, m)``; Y: ``(1, m)``; lambd >= 0 (the bias is not penalized).

    Returns:
        ``(w, b)`` with ``w`` of shape ``(1, n_x)``. Setting the gradient to zero gives
        ``(Xc Xc.T + lambd I) w.T = Xc Yc.T`` on centred data, then ``b = mean(Y - w X)``.
    """
    X, Y = checks.cost_regularization.xy(X, Y)
    lambd = checks.non_negative("lambd", lambd)
    xm, ym = X.mean(axis=1, keepdims=True), Y.mean()
    Xc, Yc = X - xm, Y - ym
    A = Xc @ Xc.T + lambd * np.eye(X.shape[0])
    w = np.linalg.lstsq(A, Xc @ Yc.T, rcond=None)[0].T
    return w, float(ym - (w @ xm).item())


def lasso_fit(
    X, Y, lambd: float, *, sweeps: int = 10000, tol: float = 1e-10
) -> tuple[np.ndarray, float]:
    """Minimizer of ``J = (1/m) sum 0.5 (w.x + b - y)**2 + (lambd/m) ||w||_1`` by cyclic
    coordinate descent (soft thresholding); the bias is not penalized.

    Each coordinate update is exact: ``w_j = S(rho_j, lambd) / ||x_j||**2`` with
    ``S(r, t) = sign(r) max(|r| - t, 0)``; this is what sets weights to exactly zero.

    Args:
        X: ``(n_x, m)``; Y: ``(1, m)``; lambd >= 0.
        sweeps: maximum passes over the coordinates; tol: stop when no weight moves more.

    Returns:
        ``(w, b)`` with ``w`` of shape ``(1, n_x)``.
    """
    X, Y = checks.cost_regularization.xy(X, Y)
    lambd = checks.non_negative("lambd", lambd)
    checks.integer("sweeps", sweeps, 1)
    tol = checks.positive("tol", tol)
    xm, ym = X.mean(axis=1, keepdims=True), Y.mean()
    Xc, y = X - xm, (Y - ym)[0]
    norms = np.sum(Xc * Xc, axis=1)
    w = np.zeros(X.shape[0])
    r = y.copy()  # residual y - w Xc
    for _ in range(sweeps):
        largest = 0.0
        for j in range(X.shape[0]):
            if norms[j] == 0:
                continue
            rho = Xc[j] @ r + norms[j] * w[j]
            new = np.sign(rho) * max(abs(rho) - lambd, 0.0) / norms[j]
            if new != w[j]:
                r -= (new - w[j]) * Xc[j]
                largest = max(largest, abs(new - w[j]))
                w[j] = new
        if largest < tol:
            break
    w = w[None, :]
    return w, float(ym - (w @ xm).item())


def predict_linear(X, w, b: float) -> np.ndarray:
    """``w @ X + b``: X ``(n_x, m)``, w ``(1, n_x)`` -> ``(1, m)``."""
    X, w = checks.float_array("X", X, 2), checks.float_array("w", w, 2)
    if w.shape != (1, X.shape[0]):
        raise ValueError(f"w must have shape (1, X.shape[0]) = (1, {X.shape[0]}), got {w.shape}")
    return w @ X + checks.real("b", b)


def overfitting_data(
    m_train: int = 15, m_dev: int = 200, *, noise: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's small over-fitting problem: ``y = sin(pi x) + noise``, x uniform in [-1, 1].

    Returns ``(x_train, y_train, x_dev, y_dev)``: x of shape ``(m,)``, y of shape ``(1, m)``;
    train and dev come from the same distribution. Fit with :func:`polynomial_features`.
    """
    seed = checks.seed("seed", seed)
    m_train, m_dev = checks.integer("m_train", m_train), checks.integer("m_dev", m_dev)
    noise = checks.non_negative("noise", noise)
    rng = np.random.default_rng(seed)
    out = []
    for m in (m_train, m_dev):
        x = rng.uniform(-1.0, 1.0, m)
        out += [x, (np.sin(np.pi * x) + noise * rng.normal(size=m))[None, :]]
    return tuple(out)
