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
:func:`dlnotes.numpy.attention_multi_head.multi_head_attention`), ``"norm1"`` (``gamma``,
``beta`` ``(d_model,)`` and optionally ``eps``), ``"ffn"`` (``W1 (d_model, d_ff)``, ``b1 (d_ff,)``,
``W2 (d_ff, d_model)``, ``b2 (d_model,)``). ``dlnotes.torch.transformer.EncoderBlock`` and
``DecoderBlock`` export theirs with ``numpy_params()``.

Padding masks are boolean ``(batch, n_keys)``, **True at padding** (PyTorch's convention).
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.attention_multi_head import multi_head_attention

__all__ = ["layer_norm", "layer_norm_backward", "batch_norm_tokens", "position_wise_ffn",
           "encoder_block", "decoder_block"]


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
    x, gamma, beta, eps = checks.transformer.layer_norm(x, gamma, beta, eps)
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
    d_out, x, gamma, eps = checks.transformer.layer_norm_backward(d_out, x, gamma, eps)
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
    x, eps, pads = checks.transformer.batch_norm_tokens(x, eps, key_padding_mask)
    keep = ~pads  # all True without a mask
    tokens = x[keep]  # (number of real tokens, d)
    mean, var = tokens.mean(axis=0), tokens.var(axis=0)
    return np.where(keep[..., None], (x - mean) / np.sqrt(var + eps), 0.0)
# --8<-- [end:batch_norm_tokens]


def position_wise_ffn(x, params) -> np.ndarray:
    """``relu(x W1 + b1) W2 + b2`` applied to every position of ``x`` ``(..., d_model)``."""
    x, W1, b1, W2, b2 = checks.transformer.position_wise_ffn(x, params)
    return np.maximum(x @ W1 + b1, 0.0) @ W2 + b2


# --8<-- [start:encoder_block]
def encoder_block(x, params, num_heads, *, key_padding_mask=None):
    """A post-norm encoder block on ``x`` ``(batch, n, d_model)``, same shape out.

    ``key_padding_mask`` ``(batch, n)``, True at padding, hides pads as keys.
    """
    x = checks.transformer.encoder_block(x, params)
    a, _ = multi_head_attention(x, x, x, params["attention"], num_heads,
                                key_padding_mask=key_padding_mask)
    x = layer_norm(x + a, **params["norm1"])  # residual, then layer norm
    return layer_norm(x + position_wise_ffn(x, params["ffn"]), **params["norm2"])
# --8<-- [end:encoder_block]


# --8<-- [start:decoder_block]
def decoder_block(y, memory, params, num_heads, *, causal=True,
                  tgt_key_padding_mask=None, memory_key_padding_mask=None):
    """A post-norm decoder block: causal self-attention on ``y``
    ``(batch, n_t, d_model)``, cross-attention to ``memory``
    ``(batch, n_s, d_model)``, feed-forward; ``(batch, n_t, d_model)`` out.
    Masks ``(batch, n_t)`` and ``(batch, n_s)``, True at padding."""
    y, memory, h = checks.transformer.decoder_block(
        y, memory, params, num_heads, tgt_key_padding_mask, memory_key_padding_mask)
    a, _ = multi_head_attention(y, y, y, params["self_attention"], h,
                                causal=causal,
                                key_padding_mask=tgt_key_padding_mask)
    y = layer_norm(y + a, **params["norm1"])
    c, _ = multi_head_attention(y, memory, memory, params["cross_attention"], h,
                                key_padding_mask=memory_key_padding_mask)
    y = layer_norm(y + c, **params["norm2"])
    return layer_norm(y + position_wise_ffn(y, params["ffn"]), **params["norm3"])
# --8<-- [end:decoder_block]
