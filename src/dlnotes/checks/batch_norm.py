"""Argument checks of the batch-norm chapter, shared by ``dlnotes.numpy.batch_norm`` and
``dlnotes.torch.batch_norm``.

Each check raises ``ValueError`` or ``TypeError`` with a message that starts with the
argument's name and says what was expected. Nothing here imports torch: tensors are
recognised by their methods.
"""

from __future__ import annotations

from dlnotes import checks


def float_array(name: str, a, ndim: int):
    """``a`` as a NumPy float array (:func:`dlnotes.checks.floats`) with ``ndim`` dimensions
    and no NaN."""
    import numpy as np  # here, so that importing the checks imports neither half's library

    a = checks.floats(name, a)
    if a.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {a.shape}")
    if np.isnan(a).any():
        raise ValueError(f"{name} must not contain NaN")
    return a


def conv_input(X):
    """A convolutional layer's activations ``X (m, n_H, n_W, n_C)`` for batch norm: a float
    array (:func:`float_array`) with no empty axis (each channel's mean needs a value)."""
    X = float_array("X", X, 4)
    if 0 in X.shape:
        raise ValueError(f"X must have shape (m, n_H, n_W, n_C) with no empty axis, got {X.shape}")
    return X


def scale_shift(n: int, gamma, beta, shape: tuple[int, ...] | None = None):
    """``(gamma, beta)`` as float arrays of shape ``(n, 1)`` (or ``shape``)."""
    shape = (n, 1) if shape is None else shape
    label = "(n, 1)" if len(shape) == 2 else "(n_C,)"
    out = []
    for name, a in (("gamma", gamma), ("beta", beta)):
        a = float_array(name, a, len(shape))
        checks.same_shape(name, a.shape, label, shape)
        out.append(a)
    return out[0], out[1]


def fc_inputs(Z, gamma, beta, eps):
    """Inputs of a fully-connected batch norm in training mode: ``Z`` a float array
    ``(n, m)`` with ``m >= 1``, ``gamma`` and ``beta`` of shape ``(n, 1)``, ``eps > 0``.
    Returns ``(Z, gamma, beta, eps)`` as arrays and a float."""
    Z = float_array("Z", Z, 2)
    if Z.shape[1] < 1:
        raise ValueError(f"Z must have at least one example (column), got shape {Z.shape}")
    gamma, beta = scale_shift(Z.shape[0], gamma, beta)
    return Z, gamma, beta, checks.positive("eps", eps)


def upstream(name: str, grad, shape: tuple[int, ...]):
    """A gradient arriving from the next layer: a float array of the forward input's
    ``shape``."""
    grad = float_array(name, grad, len(shape))
    checks.same_shape(name, grad.shape, "the forward input", shape)
    return grad


def inference_inputs(Z, gamma, beta, running_mean, running_var, eps):
    """Inputs of batch norm at test time: :func:`fc_inputs` plus the running statistics,
    float arrays of shape ``(n, 1)``, the variance ``>= 0``."""
    Z, gamma, beta, eps = fc_inputs(Z, gamma, beta, eps)
    stats = []
    for name, a in (("running_mean", running_mean), ("running_var", running_var)):
        a = float_array(name, a, 2)
        checks.same_shape(name, a.shape, "(n, 1)", (Z.shape[0], 1))
        stats.append(a)
    if (stats[1] < 0).any():
        raise ValueError("running_var must be >= 0")
    return Z, gamma, beta, stats[0], stats[1], eps


def tensor_inputs(x, gamma, beta, running_mean, running_var, *, training: bool,
                  momentum: float, eps: float) -> tuple[float, float]:
    """Inputs of the torch ``batch_norm``: ``x`` a floating tensor ``(N, C, ...)``; ``gamma``,
    ``beta`` and the running statistics (when given) tensors of shape ``(C,)`` and ``x``'s
    dtype; in training
    mode at least 2 values per channel, otherwise both running statistics. Returns
    ``(momentum, eps)`` checked: momentum in [0, 1], eps > 0."""
    checks.float_tensor("x", x)
    if x.dim() < 2:
        raise ValueError(f"x must have shape (N, C, ...), got {tuple(x.shape)}")
    c = x.shape[1]
    for name, t in (("gamma", gamma), ("beta", beta), ("running_mean", running_mean),
                    ("running_var", running_var)):
        if t is not None and tuple(checks.float_tensor(name, t, x, "x").shape) != (c,):
            raise ValueError(f"{name} must be a tensor of shape (C,) = ({c},)")
    momentum = checks.unit_interval("momentum", momentum, closed_right=True)
    eps = checks.positive("eps", eps)
    if training and x.numel() // c < 2:
        raise ValueError("x must hold at least 2 values per channel in training mode")
    if not training and (running_mean is None or running_var is None):
        raise ValueError("running_mean and running_var are needed when training is False")
    return momentum, eps

