"""The fully-connected base of the NumPy half: activations, the linear layer and an L-layer
perceptron with hand-written backward passes. The chapters on cost and regularization,
initialization, dropout and the sequence models build on it.

* activations and their backward passes: :func:`sigmoid`, :func:`relu`,
  :func:`activation_forward`, :func:`activation_backward` (``"linear"``, ``"relu"``,
  ``"sigmoid"``, ``"tanh"``);
* the linear layer :func:`linear_forward` / :func:`linear_backward`;
* an L-layer perceptron :func:`mlp_forward` / :func:`mlp_backward` with parameters
  ``{"W1": (n1, n0), "b1": (n1, 1), ..., "WL": (nL, n_{L-1}), "bL": (nL, 1)}``.

Conventions:

* Examples are **columns**: an input ``X`` has shape ``(n_x, m)``, a layer's output
  ``(n_l, m)``; ``Z = W @ A_prev + b`` with ``b`` of shape ``(n_l, 1)`` broadcast over columns.
* Every gradient is the gradient of the scalar cost ``J`` (already averaged over the ``m``
  examples): ``dZ`` means dJ/dZ, so ``dW = dZ @ A_prev.T`` and ``db = dZ.sum(axis=1)`` carry
  no extra ``1/m``; the ``1/m`` enters once, in the cost's own gradient
  (:mod:`dlnotes.numpy.cost_regularization`).
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
]

ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh")


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
