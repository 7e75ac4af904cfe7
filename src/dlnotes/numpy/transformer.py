"""Transformer blocks (chapter "Transformer"), NumPy reference (forward passes).

Conventions of :mod:`dlnotes.numpy.attention`: batch first, one token per row
(``(batch, n, d_model)``), projections right-multiplied (``y = x @ W + b``, ``W`` of shape
``(d_in, d_out)``). Blocks are **post-norm** (the original paper, and PyTorch's default
``norm_first=False``)::

    encoder:  x = LN1(x + MHA(x, x, x));  x = LN2(x + FFN(x))
    decoder:  y = LN1(y + MHA_causal(y, y, y));  y = LN2(y + MHA(y, m, m));
              y = LN3(y + FFN(y))

Parameters are nested dicts: ``"attention"`` (``W_q, W_k, W_v, W_o`` of shape
``(d_model, d_model)``, ``b_q, b_k, b_v, b_o`` of shape ``(d_model,)``, see
:func:`dlnotes.numpy.attention.multi_head_attention`), ``"norm1"`` (``gamma``, ``beta``
``(d_model,)`` and optionally ``eps``), ``"ffn"`` (``W1 (d_model, d_ff)``, ``b1 (d_ff,)``,
``W2 (d_ff, d_model)``, ``b2 (d_model,)``). ``dlnotes.torch.transformer.EncoderBlock`` and
``DecoderBlock`` export theirs with ``numpy_params()``.

Padding masks are boolean ``(batch, n_keys)``, **True at padding** (PyTorch's convention).
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.attention import _float_array, _positive_int, multi_head_attention

__all__ = ["layer_norm", "layer_norm_backward", "batch_norm_tokens", "position_wise_ffn",
           "encoder_block", "decoder_block"]


def _vector(name: str, v, d: int) -> np.ndarray:
    v = _float_array(name, v)
    if v.shape != (d,):
        raise ValueError(f"{name} must have shape ({d},), got {v.shape}")
    return v


# --8<-- [start:layer_norm]
def layer_norm(x, gamma, beta, eps: float = 1e-5) -> np.ndarray:
    """Normalize each token over its own ``d`` features (the last axis).

    Args:
        x: ``(..., d)``; gamma, beta: ``(d,)``; eps: added to the variance.

    Returns:
        ``(x - mean) / sqrt(var + eps) * gamma + beta``, the mean and (biased)
        variance taken over the last axis only: a token's output never depends
        on the other tokens.
    """
    x, eps = _float_array("x", x), checks.positive("eps", eps)
    d = x.shape[-1]
    gamma, beta = _vector("gamma", gamma, d), _vector("beta", beta, d)
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta
# --8<-- [end:layer_norm]


# --8<-- [start:layer_norm_backward]
def layer_norm_backward(d_out, x, gamma, eps: float = 1e-5):
    """Gradients ``(dx, dgamma, dbeta)`` of a loss through :func:`layer_norm`.

    With ``xhat = (x - mean) / s``, ``s = sqrt(var + eps)`` (per token) and
    ``g = d_out * gamma``::

        dx = (g - mean(g) - xhat * mean(g * xhat)) / s    (means over features)
        dgamma = sum of d_out * xhat,  dbeta = sum of d_out  (over all tokens)
    """
    x, eps = _float_array("x", x), checks.positive("eps", eps)
    d_out = _float_array("d_out", d_out)
    if d_out.shape != x.shape:
        raise ValueError(f"d_out must have the shape of x, {x.shape}, "
                         f"got {d_out.shape}")
    gamma = _vector("gamma", gamma, x.shape[-1])
    mean = x.mean(axis=-1, keepdims=True)
    s = np.sqrt(((x - mean) ** 2).mean(axis=-1, keepdims=True) + eps)
    xhat = (x - mean) / s
    g = d_out * gamma
    dx = (g - g.mean(axis=-1, keepdims=True)
          - xhat * (g * xhat).mean(axis=-1, keepdims=True)) / s
    lead = tuple(range(x.ndim - 1))
    return dx, (d_out * xhat).sum(axis=lead), d_out.sum(axis=lead)
# --8<-- [end:layer_norm_backward]


# --8<-- [start:batch_norm_tokens]
def batch_norm_tokens(x, eps=1e-5, *, key_padding_mask=None) -> np.ndarray:
    """Batch normalization (training mode, no scale or shift) of token features.

    Each feature of ``x`` ``(batch, n, d)`` is normalized with the mean and
    variance over **all tokens of the batch**: the statistics mix sequences.
    With ``key_padding_mask`` ``(batch, n)`` (True at padding) the pads are left
    out of the statistics (and their outputs set to 0); without it they count
    like real tokens.
    """
    x, eps = _float_array("x", x, ndim_min=3), checks.positive("eps", eps)
    if x.ndim != 3:
        raise ValueError(f"x must have shape (batch, n, d), got {x.shape}")
    keep = np.ones(x.shape[:2], dtype=bool)
    if key_padding_mask is not None:
        kpm = np.asarray(key_padding_mask)
        if kpm.dtype != np.bool_ or kpm.shape != x.shape[:2]:
            raise ValueError(f"key_padding_mask must be boolean of shape "
                             f"(batch, n) = {x.shape[:2]}, "
                             f"got {kpm.dtype} {kpm.shape}")
        keep = ~kpm
    if not keep.any():  # the statistics would be the mean of nothing (NaN)
        raise ValueError("key_padding_mask must leave at least one real token")
    tokens = x[keep]  # (number of real tokens, d)
    mean, var = tokens.mean(axis=0), tokens.var(axis=0)
    return np.where(keep[..., None], (x - mean) / np.sqrt(var + eps), 0.0)
# --8<-- [end:batch_norm_tokens]


def position_wise_ffn(x, params) -> np.ndarray:
    """``relu(x W1 + b1) W2 + b2`` applied to every position of ``x`` ``(..., d_model)``."""
    x = _float_array("x", x)
    _check_params(params, ("W1", "b1", "W2", "b2"))
    W1, W2 = _float_array("W1", params["W1"], 2), _float_array("W2", params["W2"], 2)
    d, d_ff = x.shape[-1], W1.shape[1]
    if W1.shape != (d, d_ff) or W2.shape != (d_ff, d):
        raise ValueError(f"W1 and W2 must have shapes (d_model, d_ff) and (d_ff, d_model) "
                         f"with d_model = {d} (the last axis of x), got {W1.shape} and "
                         f"{W2.shape}")
    b1, b2 = _vector("b1", params["b1"], d_ff), _vector("b2", params["b2"], d)
    return np.maximum(x @ W1 + b1, 0.0) @ W2 + b2


def _norm(x, p):
    return layer_norm(x, p["gamma"], p["beta"], p.get("eps", 1e-5))


def _check_params(params, parts):
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict, got {type(params).__name__}")
    missing = [p for p in parts if p not in params]
    if missing:
        raise ValueError(f"params is missing {missing}")


def _tokens(name, x):
    x = _float_array(name, x, ndim_min=3)
    if x.ndim != 3:
        raise ValueError(f"{name} must have shape (batch, n, d_model), got {x.shape}")
    return x


def _check_mask(name, mask, shape):
    """A padding mask of a block: boolean ``(batch, n)``, checked under the block's own name
    (multi_head_attention would call either of the decoder's masks ``key_padding_mask``)."""
    if mask is None:
        return
    mask = np.asarray(mask)
    if mask.dtype != np.bool_ or mask.shape != tuple(shape):
        raise ValueError(f"{name} must be boolean of shape (batch, n) = {tuple(shape)}, "
                         f"got {mask.dtype} {mask.shape}")


# --8<-- [start:encoder_block]
def encoder_block(x, params, num_heads, *, key_padding_mask=None):
    """A post-norm encoder block on ``x`` ``(batch, n, d_model)``, same shape out.

    ``key_padding_mask`` ``(batch, n)``, True at padding, hides pads as keys.
    """
    _check_params(params, ("attention", "norm1", "ffn", "norm2"))
    x = _tokens("x", x)
    a, _ = multi_head_attention(x, x, x, params["attention"], num_heads,
                                key_padding_mask=key_padding_mask)
    x = _norm(x + a, params["norm1"])  # residual, then layer norm
    return _norm(x + position_wise_ffn(x, params["ffn"]), params["norm2"])
# --8<-- [end:encoder_block]


# --8<-- [start:decoder_block]
def decoder_block(y, memory, params, num_heads, *, causal=True,
                  tgt_key_padding_mask=None, memory_key_padding_mask=None):
    """A post-norm decoder block: causal self-attention on ``y``
    ``(batch, n_t, d_model)``, cross-attention to ``memory``
    ``(batch, n_s, d_model)``, feed-forward; ``(batch, n_t, d_model)`` out.
    Masks ``(batch, n_t)`` and ``(batch, n_s)``, True at padding."""
    _check_params(params, ("self_attention", "norm1", "cross_attention",
                           "norm2", "ffn", "norm3"))
    y, memory = _tokens("y", y), _tokens("memory", memory)
    if memory.shape[0] != y.shape[0] or memory.shape[2] != y.shape[2]:
        raise ValueError(f"memory must have shape (batch, n_s, d_model) with "
                         f"batch = {y.shape[0]}, d_model = {y.shape[2]}, "
                         f"got {memory.shape}")
    h = _positive_int("num_heads", num_heads)
    _check_mask("tgt_key_padding_mask", tgt_key_padding_mask, y.shape[:2])
    _check_mask("memory_key_padding_mask", memory_key_padding_mask, memory.shape[:2])
    a, _ = multi_head_attention(y, y, y, params["self_attention"], h,
                                causal=causal,
                                key_padding_mask=tgt_key_padding_mask)
    y = _norm(y + a, params["norm1"])
    c, _ = multi_head_attention(y, memory, memory, params["cross_attention"], h,
                                key_padding_mask=memory_key_padding_mask)
    y = _norm(y + c, params["norm2"])
    return _norm(y + position_wise_ffn(y, params["ffn"]), params["norm3"])
# --8<-- [end:decoder_block]
