"""Argument checks of the attention chapters (``dlnotes.numpy.attention`` and
``dlnotes.torch.attention``), reachable as ``checks.attention``.

The NumPy half's checks take anything array-like and return float arrays; the torch half's
(``*_tensors`` and :func:`tensor`) take tensors and return them unchanged, never moving them.
Both halves share one rule for how queries, keys and values must fit together. Every error
names the argument and what was expected.
"""

from __future__ import annotations

from dlnotes import checks

__all__ = [
    "array",
    "tensor",
    "qkv",
    "qkv_tensors",
    "scaled_dot_product",
    "scaled_dot_product_tensors",
    "output_gradient",
    "self_attention",
    "positional_encoding",
]


def array(name: str, value, ndim_min: int = 1):
    """``value`` as a finite float array (float64, or wider if it already was) with at least
    ``ndim_min`` axes."""
    import numpy as np  # here, so that importing the checks imports neither half's library

    x = np.asarray(value)
    if not np.issubdtype(x.dtype, np.floating) and not np.issubdtype(x.dtype, np.integer):
        raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")
    if x.ndim < ndim_min:
        raise ValueError(f"{name} must have at least {ndim_min} dimensions, got shape {x.shape}")
    x = x.astype(np.result_type(x.dtype, np.float64), copy=False)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must be finite (no nan or inf)")
    return x


def tensor(name: str, value, ndim_min: int = 1, like=None, like_name: str = "the module"):
    """``value`` itself if it is a floating-point torch tensor with at least ``ndim_min``
    axes (and, given ``like``, a tensor or a module, its dtype: ``checks.float_tensor``)."""
    checks.float_tensor(name, value, like, like_name)
    if value.dim() < ndim_min:
        raise ValueError(f"{name} must have at least {ndim_min} dimensions, "
                         f"got {tuple(value.shape)}")
    return value


def _fit(q_shape, k_shape, v_shape, same_width: bool) -> None:
    """Queries ``(..., n_q, d_q)``, keys ``(..., n_k, d_k)`` and values ``(..., n_k, d_v)``
    share their leading axes and the number of keys; ``same_width``: ``d_k == d_q``."""
    q_shape, k_shape, v_shape = tuple(q_shape), tuple(k_shape), tuple(v_shape)
    if k_shape[:-2] != q_shape[:-2] or v_shape[:-2] != q_shape[:-2]:
        raise ValueError("queries, keys and values must share their leading (batch) dimensions, "
                         f"got {q_shape}, {k_shape}, {v_shape}")
    if v_shape[-2] != k_shape[-2]:
        raise ValueError(f"values must have one row per key ({k_shape[-2]}), got {v_shape}")
    if same_width and k_shape[-1] != q_shape[-1]:
        raise ValueError(f"keys must have the queries' width d = {q_shape[-1]}, got {k_shape}")


def qkv(queries, keys, values, *, same_width: bool = True):
    """``(q, k, v)`` as float arrays of at least 2 axes that fit together (see the module);
    ``same_width=False`` lets keys and queries differ in width (additive attention)."""
    q, k, v = array("queries", queries, 2), array("keys", keys, 2), array("values", values, 2)
    _fit(q.shape, k.shape, v.shape, same_width)
    return q, k, v


def qkv_tensors(queries, keys, values, *, same_width: bool = True):
    """:func:`qkv` for torch tensors: returns them unchanged."""
    q = tensor("queries", queries, 2)
    k, v = tensor("keys", keys, 2, q, "queries"), tensor("values", values, 2, q, "queries")
    _fit(q.shape, k.shape, v.shape, same_width)
    return q, k, v


def scaled_dot_product(queries, keys, values, scale):
    """``(q, k, v, scale)`` for scaled dot-product attention: :func:`qkv` with equal widths,
    and ``scale`` as a float > 0, or None (the caller's default)."""
    q, k, v = qkv(queries, keys, values)
    return q, k, v, None if scale is None else checks.positive("scale", scale)


def scaled_dot_product_tensors(queries, keys, values, scale):
    """:func:`scaled_dot_product` for torch tensors."""
    q, k, v = qkv_tensors(queries, keys, values)
    return q, k, v, None if scale is None else checks.positive("scale", scale)


def output_gradient(d_out, shape):
    """``d_out``, the gradient of a loss with respect to an output of shape ``shape``, as a
    finite float array of that shape."""
    d_out = array("d_out", d_out, 2)
    checks.same_shape("d_out", d_out.shape, "the output", shape)
    return d_out


def self_attention(X, W_q, W_k, W_v):
    """``(X, W_q, W_k, W_v)`` as float arrays: ``X`` ``(..., n, d)``, each projection
    ``(d, ·)`` (it multiplies ``X`` from the right), ``W_k`` of the shape of ``W_q``."""
    X = array("X", X, 2)
    d = X.shape[-1]
    W = {name: array(name, w) for name, w in (("W_q", W_q), ("W_k", W_k), ("W_v", W_v))}
    for name, w in W.items():
        if w.ndim != 2 or w.shape[0] != d:
            raise ValueError(f"{name} must have shape (d, ·) with d = {d}, got {w.shape}")
    checks.same_shape("W_k", W["W_k"].shape, "W_q", W["W_q"].shape)
    return X, W["W_q"], W["W_k"], W["W_v"]


def positional_encoding(max_len, d, base):
    """``(max_len, d, base)``: two ints >= 1, ``d`` even (sine and cosine pairs), and
    ``base`` a float > 0."""
    max_len, d = checks.integer("max_len", max_len), checks.integer("d", d)
    if d % 2:
        raise ValueError(f"d must be even (sin/cos pairs), got {d}")
    return max_len, d, checks.positive("base", base)
