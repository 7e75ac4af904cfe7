"""Argument checks of the chapter "Gradient checking" (both halves).

Parameters are a dict of named float64 arrays (NumPy) or tensors (PyTorch): finite
differences need float64, and the arrays are perturbed in place, one entry at a time.
"""

from __future__ import annotations

from dlnotes import checks


def numerical(params, eps) -> tuple:
    """The arguments of the NumPy ``numerical_gradient``: ``(params, eps)``, ``params`` a dict
    of float64 arrays, ``eps > 0``."""
    import numpy as np

    eps = checks.positive("eps", eps)
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    for name, p in params.items():
        if not isinstance(p, np.ndarray) or p.dtype != np.float64:
            raise TypeError(f"params[{name!r}] must be a float64 ndarray (checks need float64)")
    return params, eps


def relative(approx, exact, floor) -> tuple:
    """The arguments of ``relative_error``: ``(approx, exact, floor)``, two real arrays of
    the same shape (as float64) and ``floor >= 0``."""
    approx, exact = checks.real_array("approx", approx), checks.real_array("exact", exact)
    checks.same_shape("approx", approx.shape, "exact", exact.shape)
    return approx, exact, checks.non_negative("floor", floor)


def same_keys_and_shapes(params, grads) -> None:
    """``params`` and ``grads`` are dicts with the same keys, each gradient of its
    parameter's shape (NumPy arrays or tensors)."""
    import numpy as np

    if not isinstance(params, dict) or not isinstance(grads, dict):
        raise TypeError("params and grads must be dicts of arrays keyed by parameter name")
    checks.same_keys("grads", grads, "params", params)
    for name, p in params.items():
        checks.same_shape(f"grads[{name!r}]", tuple(np.shape(grads[name])), f"params[{name!r}]",
                          tuple(np.shape(p)))


def tensors(params) -> dict:
    """``params`` if it is a non-empty dict of contiguous float64 tensors."""
    import torch  # here, so that the NumPy half never imports torch

    if not isinstance(params, dict):
        raise TypeError("params must be a dict of tensors keyed by parameter name")
    if not params:
        raise ValueError("params must hold at least one tensor")
    for name, p in params.items():
        if not isinstance(p, torch.Tensor) or p.dtype != torch.float64:
            raise TypeError(f"params[{name!r}] must be a float64 tensor (checks need float64)")
        if not p.is_contiguous():
            raise ValueError(f"params[{name!r}] must be contiguous (it is perturbed in place)")
    return params


def tensor_numerical(params, eps) -> tuple:
    """The arguments of the PyTorch ``numerical_gradient``: ``(params, eps)``, see
    :func:`tensors`; ``eps > 0``."""
    return tensors(params), checks.positive("eps", eps)


def two_layer_params(params) -> int:
    """The parameters of the two-layer network, ``W1 (n_h, n_x)``, ``b1 (n_h, 1)``, ``W2 (1,
    n_h)``, ``b2 (1, 1)`` in a dict with exactly these keys; returns ``n_x``."""
    import numpy as np

    checks.keys("params", params, ("W1", "b1", "W2", "b2"))
    if set(params) != {"W1", "b1", "W2", "b2"}:
        raise ValueError(f"params must hold only W1, b1, W2, b2, got {sorted(params)}")
    n_h, n_x = np.shape(checks.float_array("params['W1']", params["W1"], 2, "(n_h, n_x)"))
    for name, shape in (("b1", (n_h, 1)), ("W2", (1, n_h)), ("b2", (1, 1))):
        checks.same_shape(f"params[{name!r}]", np.shape(params[name]), "its layer", shape)
    return n_x


def two_layer(params, X, Y) -> tuple:
    """The arguments of ``two_layer_cost``: ``params`` with ``W1 (n_h, n_x)``, ``b1 (n_h,
    1)``, ``W2 (1, n_h)``, ``b2 (1, 1)``; ``X`` a float array ``(n_x, m)``; ``Y`` labels
    ``(1, m)`` in [0, 1]. Returns ``(X, Y)`` as arrays."""
    import numpy as np

    n_x = two_layer_params(params)
    X = checks.float_array("X", X, 2, "(n_x, m)")
    if X.shape[0] != n_x:
        raise ValueError(f"X must have {n_x} rows (the columns of W1), got {X.shape[0]}")
    Y = checks.real_array("Y", Y)
    checks.same_shape("Y", Y.shape, "(1, m)", (1, X.shape[1]))
    if np.any((Y < 0) | (Y > 1)):
        raise ValueError("Y must hold labels in [0, 1]")
    return X, Y


def labels_like(Y, shape) -> object:
    """``Y`` as a float64 array of the cost's label shape ``shape``."""
    Y = checks.real_array("Y", Y)
    checks.same_shape("Y", Y.shape, "the cost's labels", shape)
    return Y
