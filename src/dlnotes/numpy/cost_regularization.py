"""Cost and regularization (chapter "Cost and regularization"), NumPy reference.

This module also holds the **shared fully-connected pieces** that later chapters build on
(initialization, dropout, batch norm, the worked notebook):

* activations and their backward passes: :func:`sigmoid`, :func:`relu`,
  :func:`activation_forward`, :func:`activation_backward` (``"linear"``, ``"relu"``,
  ``"sigmoid"``, ``"tanh"``);
* the linear layer :func:`linear_forward` / :func:`linear_backward`;
* an L-layer perceptron :func:`mlp_forward` / :func:`mlp_backward` with parameters
  ``{"W1": (n1, n0), "b1": (n1, 1), ..., "WL": (nL, n_{L-1}), "bL": (nL, 1)}``;
* the costs :func:`squared_error_cost` and :func:`logistic_cost` (from logits, stable).

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

__all__ = [
    "ACTIVATIONS",
    "sigmoid",
    "relu",
    "activation_forward",
    "activation_backward",
    "linear_forward",
    "linear_backward",
    "mlp_forward",
    "mlp_backward",
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

ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh")
PENALTIES = ("l2", "l1")


# ------------------------------------------------------------------------------ activations


def sigmoid(z) -> np.ndarray:
    """Logistic function ``1 / (1 + exp(-z))``, elementwise, without overflow for any ``z``."""
    z = checks.real_array("z", z)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])  # z < 0: exp(z) < 1, no overflow
    out[~pos] = ez / (1.0 + ez)
    return out


def relu(z) -> np.ndarray:
    """``max(z, 0)`` elementwise."""
    z = checks.real_array("z", z)
    return np.maximum(z, 0.0)


def activation_forward(Z, activation: str) -> np.ndarray:
    """``g(Z)`` for ``activation`` in ``ACTIVATIONS``; any shape, returned with Z's shape."""
    activation = checks.one_of("activation", activation, ACTIVATIONS)
    Z = checks.real_array("Z", Z)
    if activation == "relu":
        return relu(Z)
    if activation == "sigmoid":
        return sigmoid(Z)
    if activation == "tanh":
        return np.tanh(Z)
    return Z.copy()


def activation_backward(dA, Z, activation: str) -> np.ndarray:
    """``dZ = dA * g'(Z)`` (chain rule through the activation). ``dA`` and ``Z`` same shape.

    ReLU's derivative at exactly 0 is taken as 0 (a kink: check gradients away from it).
    """
    activation = checks.one_of("activation", activation, ACTIVATIONS)
    dA = checks.real_array("dA", dA)
    Z = checks.real_array("Z", Z)
    checks.same_shape("dA", dA.shape, "Z", Z.shape)
    if activation == "relu":
        return dA * (Z > 0)
    if activation == "sigmoid":
        s = sigmoid(Z)
        return dA * s * (1.0 - s)
    if activation == "tanh":
        return dA * (1.0 - np.tanh(Z) ** 2)
    return dA.copy()


# ------------------------------------------------------------------------------ linear layer


def linear_forward(A_prev, W, b) -> np.ndarray:
    """``Z = W @ A_prev + b``.

    Args:
        A_prev: ``(n_prev, m)``, one example per column.
        W: ``(n, n_prev)``.
        b: ``(n, 1)``.

    Returns:
        ``Z`` of shape ``(n, m)``.
    """
    A_prev = checks.float_array("A_prev", A_prev, 2)
    W = checks.float_array("W", W, 2)
    b = checks.float_array("b", b, 2)
    if W.shape[1] != A_prev.shape[0]:
        raise ValueError(
            f"W must have A_prev.shape[0] = {A_prev.shape[0]} columns, got shape {W.shape}"
        )
    checks.same_shape("b", b.shape, "(W.shape[0], 1)", (W.shape[0], 1))
    return W @ A_prev + b


def linear_backward(dZ, A_prev, W) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of ``Z = W @ A_prev + b``.

    Args:
        dZ: ``(n, m)``, the gradient of the cost J with respect to Z (already averaged).
        A_prev: ``(n_prev, m)``, the layer's input.
        W: ``(n, n_prev)``.

    Returns:
        ``(dA_prev, dW, db)`` of shapes ``(n_prev, m)``, ``(n, n_prev)``, ``(n, 1)``:
        ``dA_prev = W.T @ dZ``, ``dW = dZ @ A_prev.T``, ``db = dZ.sum(axis=1, keepdims=True)``.
    """
    dZ = checks.float_array("dZ", dZ, 2)
    A_prev = checks.float_array("A_prev", A_prev, 2)
    W = checks.float_array("W", W, 2)
    checks.same_shape("dZ", dZ.shape, "(W.shape[0], A_prev.shape[1])",
                      (W.shape[0], A_prev.shape[1]))
    if W.shape[1] != A_prev.shape[0]:
        raise ValueError(
            f"W must have A_prev.shape[0] = {A_prev.shape[0]} columns, got shape {W.shape}"
        )
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


# ------------------------------------------------------------------------------ L-layer MLP


def mlp_forward(X, params, *, hidden: str = "relu", output: str = "linear"):
    """Forward pass of an L-layer perceptron, ``A[l] = g(W[l] A[l-1] + b[l])``.

    Args:
        X: ``(n_x, m)``, examples as columns (``A[0] = X``).
        params: ``{"W1": (n1, n_x), "b1": (n1, 1), ..., "WL": (nL, n_{L-1}), "bL": (nL, 1)}``.
        hidden: activation of layers 1..L-1 (one of ``ACTIVATIONS``).
        output: activation of layer L; ``"linear"`` returns the logits ``Z[L]``.

    Returns:
        ``(AL, cache)``: ``AL`` of shape ``(nL, m)`` and a cache holding every ``A[l]`` and
        ``Z[l]`` (``cache["A"][l]``, ``cache["Z"][l]``, index 0 unused for Z) for the backward pass.
    """
    hidden = checks.one_of("hidden", hidden, ACTIVATIONS)
    output = checks.one_of("output", output, ACTIVATIONS)
    L = checks.cost_regularization.layers(params)
    X = checks.float_array("X", X, 2)
    if X.shape[0] != params["W1"].shape[1]:
        raise ValueError(
            f"X must have W1.shape[1] = {params['W1'].shape[1]} rows (features), got {X.shape}"
        )
    A, Z = [X], [None]
    for k in range(1, L + 1):
        z = params[f"W{k}"] @ A[-1] + params[f"b{k}"]
        Z.append(z)
        A.append(activation_forward(z, output if k == L else hidden))
    return A[-1], {"A": A, "Z": Z, "hidden": hidden, "output": output, "L": L}


def mlp_backward(dAL, cache, params) -> dict[str, np.ndarray]:
    """Backward pass of :func:`mlp_forward`.

    Args:
        dAL: ``(nL, m)``, dJ/dA[L] (for ``output="linear"`` this is dJ/dZ[L]).
        cache: the cache returned by :func:`mlp_forward`.
        params: the parameters used in the forward pass.

    Returns:
        ``{"W1": dW1, "b1": db1, ...}`` with the parameters' shapes (gradients of J).
    """
    checks.cost_regularization.layers(params)
    L = cache["L"]
    dA = checks.float_array("dAL", dAL, 2)
    checks.same_shape("dAL", dA.shape, "A[L]", cache["A"][L].shape)
    grads = {}
    for k in range(L, 0, -1):
        dZ = activation_backward(dA, cache["Z"][k], cache["output"] if k == L else cache["hidden"])
        dA, grads[f"W{k}"], grads[f"b{k}"] = linear_backward(dZ, cache["A"][k - 1], params[f"W{k}"])
    return {k: grads[k] for k in sorted(grads, key=lambda k: (int(k[1:]), k[0] != "W"))}


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
    m_train, m_dev = checks.integer("m_train", m_train), checks.integer("m_dev", m_dev)
    noise = checks.non_negative("noise", noise)
    rng = np.random.default_rng(seed)
    out = []
    for m in (m_train, m_dev):
        x = rng.uniform(-1.0, 1.0, m)
        out += [x, (np.sin(np.pi * x) + noise * rng.normal(size=m))[None, :]]
    return tuple(out)
