"""Initialization and vanishing/exploding gradients (chapter "Initialization"), NumPy reference.

Weight matrices have the notes' shape ``(n_out, n_in)`` = ``(n[l], n[l-1])`` (examples as
columns, see :mod:`dlnotes.numpy.mlp`), so ``fan_in = n[l-1]`` and
``fan_out = n[l]``, the same fans as ``torch.nn.init`` computes for an ``nn.Linear`` weight.

Initializers (``rng`` is a ``np.random.Generator`` or an int seed), with their
``torch.nn.init`` equivalents:

* ``naive_normal``: N(0, scale**2), scale = 0.01 -- ``normal_(std=0.01)``;
* ``lecun_normal``: N(0, 1/fan_in) -- ``kaiming_normal_(nonlinearity="linear")``;
* ``xavier_normal``: N(0, gain**2 * 2/(fan_in + fan_out)) -- ``xavier_normal_``;
* ``xavier_uniform``: U(-a, a), a = gain * sqrt(6/(fan_in + fan_out)) -- ``xavier_uniform_``;
* ``he_normal``: N(0, 2/fan_in) -- ``kaiming_normal_(nonlinearity="relu")``;
* ``he_uniform``: U(-a, a), a = sqrt(6/fan_in) -- ``kaiming_uniform_(nonlinearity="relu")``.

The course calls ``N(0, 1/n[l-1])`` "Xavier"; Glorot and Bengio's paper averages the two fans,
as ``xavier_*`` here and in torch do. For a square layer the two agree.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy import mlp

__all__ = [
    "METHODS",
    "fans",
    "naive_normal",
    "lecun_normal",
    "xavier_normal",
    "xavier_uniform",
    "he_normal",
    "he_uniform",
    "initialize_parameters",
    "scale_by_depth",
    "deep_linear_identity",
]

METHODS = ("zeros", "naive", "lecun", "xavier", "he")


def fans(shape) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight of shape ``(n_out, n_in)``."""
    n_out, n_in = checks.initialization.shape(shape)
    return n_in, n_out


# --8<-- [start:initializers]
def naive_normal(shape, rng, scale: float = 0.01) -> np.ndarray:
    """``scale * N(0, 1)`` entries (the course's first attempt, ``randn * 0.01``)."""
    shape, rng, scale = checks.initialization.shape_rng_and_factor(shape, rng, "scale", scale)
    return scale * rng.standard_normal(shape)


def lecun_normal(shape, rng) -> np.ndarray:
    """N(0, 1/fan_in): keeps the variance of a *linear* layer's output equal to its input's."""
    shape, rng = checks.initialization.shape_and_rng(shape, rng)
    fan_in, fan_out = fans(shape)
    return rng.standard_normal(shape) * np.sqrt(1.0 / fan_in)


def xavier_normal(shape, rng, gain: float = 1.0) -> np.ndarray:
    """Glorot normal: N(0, gain**2 * 2 / (fan_in + fan_out))."""
    shape, rng, gain = checks.initialization.shape_rng_and_factor(shape, rng, "gain", gain)
    fan_in, fan_out = fans(shape)
    return rng.standard_normal(shape) * gain * np.sqrt(2.0 / (fan_in + fan_out))


def he_normal(shape, rng) -> np.ndarray:
    """He (Kaiming) normal for ReLU layers: N(0, 2 / fan_in)."""
    shape, rng = checks.initialization.shape_and_rng(shape, rng)
    fan_in, fan_out = fans(shape)
    return rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)
# --8<-- [end:initializers]


def xavier_uniform(shape, rng, gain: float = 1.0) -> np.ndarray:
    """Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)) (same variance as
    :func:`xavier_normal`, since Var U(-a, a) = a**2 / 3)."""
    shape, rng, gain = checks.initialization.shape_rng_and_factor(shape, rng, "gain", gain)
    fan_in, fan_out = fans(shape)
    a = gain * np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, shape)


def he_uniform(shape, rng) -> np.ndarray:
    """He uniform: U(-a, a) with a = sqrt(6 / fan_in) (variance 2 / fan_in)."""
    shape, rng = checks.initialization.shape_and_rng(shape, rng)
    fan_in, fan_out = fans(shape)
    a = np.sqrt(6.0 / fan_in)
    return rng.uniform(-a, a, shape)


def initialize_parameters(layer_dims, method: str = "he", rng=0, *, scale: float = 0.01):
    """Parameters ``{"W1": (n1, n0), "b1": (n1, 1), ...}`` of an L-layer network.

    Args:
        layer_dims: ``[n0, n1, ..., nL]`` (``n0 = n_x``), ints >= 1, at least two.
        method: one of ``METHODS``: ``"zeros"`` (every weight 0: the units stay identical),
            ``"naive"`` (``scale * N(0, 1)``), ``"lecun"``, ``"xavier"`` (normal) or ``"he"``
            (normal).
        rng: a ``np.random.Generator`` or an int seed.
        scale: the standard deviation of ``"naive"``.

    Biases start at zero (the asymmetry comes from the weights).
    """
    method = checks.one_of("method", method, METHODS)
    scale = checks.non_negative("scale", scale)
    if not isinstance(layer_dims, list | tuple) or len(layer_dims) < 2:
        raise ValueError(
            f"layer_dims must be a list [n0, ..., nL] of length >= 2, got {layer_dims!r}"
        )
    for n in layer_dims:
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
            raise ValueError(f"layer_dims must hold ints >= 1, got {layer_dims!r}")
    rng = checks.generator("rng", rng)
    init = {
        "zeros": lambda s: np.zeros(s),
        "naive": lambda s: naive_normal(s, rng, scale),
        "lecun": lambda s: lecun_normal(s, rng),
        "xavier": lambda s: xavier_normal(s, rng),
        "he": lambda s: he_normal(s, rng),
    }[method]
    params = {}
    for k in range(1, len(layer_dims)):
        params[f"W{k}"] = init((int(layer_dims[k]), int(layer_dims[k - 1])))
        params[f"b{k}"] = np.zeros((int(layer_dims[k]), 1))
    return params


def scale_by_depth(params, X, *, hidden: str = "relu", seed: int = 0):
    """Measure how the signal and its gradient scale from layer to layer.

    Runs :func:`~dlnotes.numpy.mlp.mlp_forward` with ``hidden`` activations
    and a linear last layer, then back-propagates a random output gradient
    ``dA[L] ~ N(0, 1) / m`` (a stand-in for dJ/dA[L] that favours no direction).

    Args:
        params: ``{"W1", "b1", ..., "WL", "bL"}`` as in :func:`initialize_parameters`.
        X: ``(n_x, m)`` input, examples as columns.
        hidden: activation of layers 1..L-1.
        seed: seed of the random output gradient.

    Returns:
        ``(activation_rms, gradient_rms)``, two arrays of length L: the root mean square
        ``sqrt(mean(x**2))`` of the entries of ``A[l]`` and of ``dW[l]`` for l = 1..L (the
        quantity the variance arguments of Xavier and He keep constant).
    """
    seed = checks.seed("seed", seed)
    if np.ndim(X) != 2 or np.shape(X)[1] == 0:
        raise ValueError(f"X must have shape (n_x, m) with m >= 1, got {np.shape(X)}")
    AL, cache = mlp.mlp_forward(X, params, hidden=hidden, output="linear")
    m = AL.shape[1]
    dAL = np.random.default_rng(seed).standard_normal(AL.shape) / m
    grads = mlp.mlp_backward(dAL, cache, params)
    L = cache["L"]
    act = np.array([_rms(cache["A"][k]) for k in range(1, L + 1)])
    grad = np.array([_rms(grads[f"W{k}"]) for k in range(1, L + 1)])
    return act, grad


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(a * a)))


def deep_linear_identity(c: float, depth: int, x):
    """The notes' eigenvalue argument made concrete: ``depth`` linear layers ``W[l] = c I``.

    The output is ``c**depth * x`` and the gradient of ``J = sum(A[L])`` with respect to the
    input is ``c**depth`` everywhere; with respect to ``W[l]`` it is ``c**(depth-1)`` times an
    outer product. Every eigenvalue of every ``W[l]`` is ``c``: below 1 the signal and the
    gradient vanish geometrically, above 1 they explode.

    Args:
        c: the diagonal value (the eigenvalue), finite.
        depth: number of layers L >= 1.
        x: ``(n, m)`` input.

    Returns:
        ``(output, dX, grads)``: ``A[L]`` of shape ``(n, m)``, dJ/dX of shape ``(n, m)`` and the
        weight gradients ``{"W1": ..., "b1": ...}`` of :func:`mlp_backward`.
    """
    c = checks.real("c", c)
    if not np.isfinite(c):
        raise ValueError(f"c must be finite, got {c}")
    checks.integer("depth", depth, 1)
    x = checks.float_array("x", x, 2)
    n = x.shape[0]
    params = {}
    for k in range(1, depth + 1):
        params[f"W{k}"] = c * np.eye(n)
        params[f"b{k}"] = np.zeros((n, 1))
    AL, cache = mlp.mlp_forward(x, params, hidden="linear", output="linear")
    dAL = np.ones_like(AL)
    grads = mlp.mlp_backward(dAL, cache, params)
    dX = dAL
    for k in range(depth, 0, -1):  # linear layers: dA[l-1] = W[l].T @ dA[l]
        dX = params[f"W{k}"].T @ dX
    return AL, dX, grads
