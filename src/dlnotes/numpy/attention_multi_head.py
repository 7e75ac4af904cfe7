"""Multi-head attention (page "Multi-head attention" of the chapter "Attention"), NumPy
reference: self-attention, multi-head attention and the sinusoidal positional encoding, built on
the scaled dot-product attention of :mod:`dlnotes.numpy.attention`, whose conventions they keep
(tokens as rows, batch first, projections right-multiplied, ``mask`` True where a query may
attend).
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.attention import scaled_dot_product_attention

__all__ = [
    "self_attention",
    "multi_head_attention",
    "positional_encoding",
    "positional_shift_matrix",
]


# --8<-- [start:self_attention]
def self_attention(X, W_q, W_k, W_v, *, valid_lens=None, causal: bool = False):
    """Single-head self-attention: ``Q = X W_q, K = X W_k, V = X W_v``, then scaled dot product.

    Args:
        X: ``(..., n, d)`` one row per token.
        W_q, W_k: ``(d, d_k)``; W_v: ``(d, d_v)``.

    Returns:
        ``(output (..., n, d_v), weights (..., n, n))``.
    """
    X, W_q, W_k, W_v = checks.attention.self_attention(X, W_q, W_k, W_v)
    out, cache = scaled_dot_product_attention(X @ W_q, X @ W_k, X @ W_v,
                                              valid_lens=valid_lens, causal=causal)
    return out, cache["weights"]
# --8<-- [end:self_attention]


def multi_head_attention(query, key, value, params, num_heads: int, *, valid_lens=None,
                         key_padding_mask=None, causal: bool = False):
    """Multi-head attention (forward), in the layout of the torch ``MultiHeadAttention``.

    Args:
        query: ``(batch, n_q, d_model)``; key, value: ``(batch, n_k, d_model)``.
        params: ``W_q, W_k, W_v, W_o`` of shape ``(d_model, d_model)`` (right-multiplied) and
            ``b_q, b_k, b_v, b_o`` of shape ``(d_model,)``.
        num_heads: ``h``, a divisor of ``d_model``; head ``i`` uses columns
            ``i*d_model/h : (i+1)*d_model/h`` of the projections.
        valid_lens: ``(batch,)`` or ``(batch, n_q)``; key_padding_mask: ``(batch, n_k)``
            boolean, **True at padding** (``nn.MultiheadAttention``'s convention); causal.

    Returns:
        ``(output (batch, n_q, d_model), weights (batch, h, n_q, n_k))``.
    """
    h = checks.integer("num_heads", num_heads)
    query = checks.attention.array("query", query, ndim_min=3)
    key = checks.attention.array("key", key, ndim_min=3)
    value = checks.attention.array("value", value, ndim_min=3)
    for name, arr in (("query", query), ("key", key), ("value", value)):
        if arr.ndim != 3 or arr.shape[0] == 0 or arr.shape[1] == 0:
            raise ValueError(f"{name} must have shape (batch, n, d_model) with batch, n >= 1, "
                             f"got {arr.shape}")
    b, n_q, d_model = query.shape
    if key.shape[2] != d_model or value.shape != key.shape or key.shape[0] != b:
        raise ValueError(f"key and value must have shape (batch, n_k, d_model) = ({b}, n_k, "
                         f"{d_model}), got {key.shape} and {value.shape}")
    if d_model % h:
        raise ValueError(f"d_model ({d_model}) must be divisible by num_heads ({h})")
    missing = {"W_q", "W_k", "W_v", "W_o", "b_q", "b_k", "b_v", "b_o"} - set(params)
    if missing:
        raise ValueError(f"params is missing {sorted(missing)}")
    for n in "qkvo":  # else a mismatch surfaces as NumPy's matmul error, naming no argument
        if np.shape(params[f"W_{n}"]) != (d_model, d_model):
            raise ValueError(f"params['W_{n}'] must have shape (d_model, d_model) = "
                             f"{(d_model, d_model)}, got {np.shape(params[f'W_{n}'])}")
    mask = None
    if key_padding_mask is not None:
        kpm = np.asarray(key_padding_mask)
        if kpm.dtype != np.bool_ or kpm.shape != key.shape[:2]:
            raise ValueError(
                f"key_padding_mask must be boolean of shape (batch, n_k) = {key.shape[:2]}, "
                f"got {kpm.dtype} {kpm.shape}"
            )
        mask = ~kpm[:, None, None, :]  # True = may attend, broadcast over heads and queries

    def split(x, W, bias):  # (b, n, d_model) -> (b, h, n, d_model / h)
        y = x @ params[W] + params[bias]
        return y.reshape(x.shape[0], x.shape[1], h, d_model // h).transpose(0, 2, 1, 3)

    q, k, v = split(query, "W_q", "b_q"), split(key, "W_k", "b_k"), split(value, "W_v", "b_v")
    out, cache = scaled_dot_product_attention(q, k, v, valid_lens=valid_lens, mask=mask,
                                              causal=causal)
    concat = out.transpose(0, 2, 1, 3).reshape(b, n_q, d_model)
    return concat @ params["W_o"] + params["b_o"], cache["weights"]


# --------------------------------------------------------------------------- positions


# --8<-- [start:positional_encoding]
def positional_encoding(max_len: int, d: int, base: float = 10000.0) -> np.ndarray:
    """Sinusoidal positional encoding ``P`` of shape ``(max_len, d)``, ``d`` even.

    ``P[pos, 2i] = sin(pos / base**(2i/d))`` and ``P[pos, 2i+1] = cos(pos / base**(2i/d))``.
    """
    max_len, d, base = checks.attention.positional_encoding(max_len, d, base)
    pos = np.arange(max_len, dtype=np.float64)[:, None]
    omega = base ** (-np.arange(0, d, 2, dtype=np.float64) / d)  # (d/2,) frequencies
    P = np.empty((max_len, d))
    P[:, 0::2] = np.sin(pos * omega)
    P[:, 1::2] = np.cos(pos * omega)
    return P
# --8<-- [end:positional_encoding]


# --8<-- [start:shift_matrix]
def positional_shift_matrix(k: int, d: int, base: float = 10000.0) -> np.ndarray:
    """The ``(d, d)`` matrix ``M_k`` with ``P[pos + k] = P[pos] @ M_k`` for every ``pos``.

    It is block diagonal: for the pair ``(sin, cos)`` of frequency ``omega_i``, the block
    ``[[cos(k omega_i), -sin(k omega_i)], [sin(k omega_i), cos(k omega_i)]]`` (acting on a row
    vector) rotates by the angle ``k omega_i``. It depends on ``k`` only, not on ``pos``.
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise TypeError(f"k must be an int, got {type(k).__name__}")
    d = checks.integer("d", d)
    if d % 2:
        raise ValueError(f"d must be even (sin/cos pairs), got {d}")
    omega = checks.positive("base", base) ** (-np.arange(0, d, 2, dtype=np.float64) / d)
    c, s = np.cos(k * omega), np.sin(k * omega)
    M = np.zeros((d, d))
    i = np.arange(0, d, 2)
    # row vector [sin a, cos a] @ [[c, -s], [s, c]] = [sin a c + cos a s, -sin a s + cos a c]
    M[i, i], M[i, i + 1] = c, -s
    M[i + 1, i], M[i + 1, i + 1] = s, c
    return M
# --8<-- [end:shift_matrix]
