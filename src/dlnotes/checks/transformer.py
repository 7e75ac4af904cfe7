"""Argument checks of the chapter "Transformer" (``dlnotes.numpy.transformer`` and
``dlnotes.torch.transformer``).

Batch first, one token per row: token arrays are ``(batch, n, d_model)``; padding masks are
boolean ``(batch, n)``, True at padding (PyTorch's convention). The NumPy checks return float64
arrays; the torch checks leave tensors as they are. Each check raises a ``ValueError`` or
``TypeError`` whose message starts with the argument's name.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.checks import integer, positive, real_array

__all__ = ["layer_norm", "layer_norm_backward", "batch_norm_tokens", "position_wise_ffn",
           "block_params", "tokens", "encoder_block", "decoder_block", "layer_norm_module",
           "features", "encoder_inputs", "decoder_inputs", "greedy_decode", "train_dates",
           "builtin_layer"]


# --------------------------------------------------------------------------- NumPy half


def _finite(name: str, x) -> np.ndarray:
    """Real numbers, none of them nan or inf (as the attention chapter's checks)."""
    x = real_array(name, x)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must be finite (no nan or inf)")
    return x


def _features(name: str, x) -> np.ndarray:
    x = _finite(name, x)
    if x.ndim == 0:
        raise ValueError(f"{name} must have shape (..., d) with at least one axis, got a scalar")
    return x


def _vector(name: str, v, d: int) -> np.ndarray:
    v = _finite(name, v)
    if v.shape != (d,):
        raise ValueError(f"{name} must have shape ({d},), got {v.shape}")
    return v


def layer_norm(x, gamma, beta, eps):
    """``x (..., d)``, ``gamma`` and ``beta`` ``(d,)``, ``eps > 0``; returns them."""
    x = _features("x", x)
    d = x.shape[-1]
    return x, _vector("gamma", gamma, d), _vector("beta", beta, d), positive("eps", eps)


def layer_norm_backward(d_out, x, gamma, eps):
    """``d_out`` with the shape of ``x (..., d)``, ``gamma (d,)``, ``eps > 0``; returns them."""
    x = _features("x", x)
    d_out = _finite("d_out", d_out)
    if d_out.shape != x.shape:
        raise ValueError(f"d_out must have the shape of x, {x.shape}, got {d_out.shape}")
    return d_out, x, _vector("gamma", gamma, x.shape[-1]), positive("eps", eps)


def batch_norm_tokens(x, eps, key_padding_mask):
    """``x (batch, n, d)``, ``eps > 0`` and a padding mask ``(batch, n)`` (True at padding;
    None for none) that leaves at least one real token. Returns ``(x, eps, pads)``, ``pads``
    the mask as a boolean array (all False for None)."""
    x = _finite("x", x)
    if x.ndim != 3:
        raise ValueError(f"x must have shape (batch, n, d), got {x.shape}")
    eps = positive("eps", eps)
    pads = np.zeros(x.shape[:2], dtype=bool)
    if key_padding_mask is not None:
        pads = np.asarray(key_padding_mask)
        if pads.dtype != np.bool_ or pads.shape != x.shape[:2]:
            raise ValueError(f"key_padding_mask must be boolean of shape (batch, n) = "
                             f"{x.shape[:2]}, got {pads.dtype} {pads.shape}")
    if pads.all():  # the statistics would be the mean of nothing (NaN)
        raise ValueError("key_padding_mask must leave at least one real token")
    return x, eps, pads


def position_wise_ffn(x, params):
    """``x (..., d_model)`` and ``params`` with ``W1 (d_model, d_ff)``, ``b1 (d_ff,)``,
    ``W2 (d_ff, d_model)``, ``b2 (d_model,)``; returns ``(x, W1, b1, W2, b2)``."""
    x = _features("x", x)
    block_params(params, ("W1", "b1", "W2", "b2"))
    W1, W2 = _finite("W1", params["W1"]), _finite("W2", params["W2"])
    d, d_ff = x.shape[-1], (W1.shape[1] if W1.ndim == 2 else -1)
    if W1.shape != (d, d_ff) or W2.shape != (d_ff, d):
        raise ValueError(f"W1 and W2 must have shapes (d_model, d_ff) and (d_ff, d_model) "
                         f"with d_model = {d} (the last axis of x), got {W1.shape} and "
                         f"{W2.shape}")
    return x, W1, _vector("b1", params["b1"], d_ff), W2, _vector("b2", params["b2"], d)


def block_params(params, parts) -> None:
    """A dict of a block's parts (``"attention"``, ``"norm1"``, ...) holding all of ``parts``."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict, got {type(params).__name__}")
    missing = [p for p in parts if p not in params]
    if missing:
        raise ValueError(f"params is missing {missing}")


def tokens(name: str, x) -> np.ndarray:
    """A float64 array of tokens ``(batch, n, d_model)``, all finite."""
    x = _finite(name, x)
    if x.ndim != 3:
        raise ValueError(f"{name} must have shape (batch, n, d_model), got {x.shape}")
    return x


def _padding(name, mask, shape) -> None:
    """A block's padding mask, checked under the block's own name (multi-head attention would
    call either of the decoder's masks ``key_padding_mask``)."""
    if mask is None:
        return
    mask = np.asarray(mask)
    if mask.dtype != np.bool_ or mask.shape != tuple(shape):
        raise ValueError(f"{name} must be boolean of shape (batch, n) = {tuple(shape)}, "
                         f"got {mask.dtype} {mask.shape}")


def encoder_block(x, params) -> np.ndarray:
    """The parts of an encoder block (``attention``, ``norm1``, ``ffn``, ``norm2``) and its
    tokens ``x (batch, n, d_model)`` with ``batch >= 1`` (its attention needs one); returns
    ``x``."""
    block_params(params, ("attention", "norm1", "ffn", "norm2"))
    x = tokens("x", x)
    if x.shape[0] == 0:
        raise ValueError(f"x must hold at least one sequence (batch >= 1), got shape {x.shape}")
    return x


def decoder_block(y, memory, params, num_heads, tgt_key_padding_mask,
                  memory_key_padding_mask):
    """The arguments of a decoder block: its six parts, ``y (batch, n_t, d_model)``,
    ``memory (batch, n_s, d_model)``, ``num_heads`` an int >= 1 and the masks ``(batch, n_t)``
    and ``(batch, n_s)``. Returns ``(y, memory, num_heads)``."""
    block_params(params, ("self_attention", "norm1", "cross_attention", "norm2", "ffn",
                          "norm3"))
    y, memory = tokens("y", y), tokens("memory", memory)
    if memory.shape[0] != y.shape[0] or memory.shape[2] != y.shape[2]:
        raise ValueError(f"memory must have shape (batch, n_s, d_model) with "
                         f"batch = {y.shape[0]}, d_model = {y.shape[2]}, got {memory.shape}")
    h = integer("num_heads", num_heads)
    _padding("tgt_key_padding_mask", tgt_key_padding_mask, y.shape[:2])
    _padding("memory_key_padding_mask", memory_key_padding_mask, memory.shape[:2])
    return y, memory, h


# --------------------------------------------------------------------------- torch half


def layer_norm_module(d, eps) -> tuple[int, float]:
    """The sizes of a layer norm: ``d`` an int >= 1, ``eps > 0``; returns them."""
    return integer("d", d), positive("eps", eps)


def features(name: str, x, d: int, module=None):
    """A floating-point tensor ``x (..., d)`` (of the dtype of ``module``'s parameters, where
    given): else torch fails with a dtype or size error."""
    checks.float_tensor(name, x, module, "the module")
    if x.dim() == 0 or x.shape[-1] != d:
        raise ValueError(f"{name} must have shape (..., {d}), got {tuple(x.shape)}")
    return x


def _token_tensor(name: str, x, d_model: int, like=None, like_name: str = "") -> None:
    checks.float_tensor(name, x, like, like_name)
    if x.dim() != 3 or x.shape[-1] != d_model:
        raise ValueError(f"{name} must have shape (batch, n, {d_model}), got {tuple(x.shape)}")


def _padding_tensor(name: str, mask, batch: int, n: int) -> None:
    import torch

    if mask is None:
        return
    if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool:
        raise TypeError(f"{name} must be a boolean tensor (True at padding)")
    if tuple(mask.shape) != (batch, n):
        raise ValueError(f"{name} must have shape (batch, n) = {(batch, n)}, "
                         f"got {tuple(mask.shape)}")


def encoder_inputs(x, key_padding_mask, d_model: int, module=None) -> None:
    """An encoder block's tokens ``x (batch, n, d_model)`` (floating point, of the dtype of
    ``module``'s parameters where given) and its padding mask ``(batch, n)`` (boolean, True at
    padding, or None)."""
    _token_tensor("x", x, d_model, module, "the module")
    _padding_tensor("key_padding_mask", key_padding_mask, *x.shape[:2])


def decoder_inputs(y, memory, tgt_key_padding_mask, memory_key_padding_mask,
                   d_model: int, module=None) -> None:
    """A decoder block's ``y (batch, n_t, d_model)``, ``memory (batch, n_s, d_model)`` (the
    same batch and dtype, that of ``module``'s parameters where given) and their padding masks
    ``(batch, n_t)`` and ``(batch, n_s)``."""
    _token_tensor("y", y, d_model, module, "the module")
    _token_tensor("memory", memory, d_model, y, "y")
    if memory.shape[0] != y.shape[0]:
        raise ValueError(f"memory must have the batch size of y, {y.shape[0]}, "
                         f"got {memory.shape[0]}")
    _padding_tensor("tgt_key_padding_mask", tgt_key_padding_mask, *y.shape[:2])
    _padding_tensor("memory_key_padding_mask", memory_key_padding_mask, *memory.shape[:2])


def greedy_decode(model, steps) -> int:
    """A :class:`dlnotes.torch.transformer.Transformer` and ``steps``, an int >= 1
    (returned)."""
    from dlnotes.torch.transformer import Transformer  # here: that module imports this one

    steps = integer("steps", steps)
    if not isinstance(model, Transformer):
        raise TypeError(f"model must be a Transformer, got {type(model).__name__}")
    return steps


def train_dates(n_train, epochs, batch_size, lr, src_len, d_model) -> None:
    """The settings of :func:`dlnotes.torch.transformer_experiment.train_dates`: ``n_train``,
    ``epochs``, ``batch_size``, ``src_len`` and ``d_model`` ints >= 1, ``lr > 0``."""
    for name, n in (("n_train", n_train), ("epochs", epochs), ("batch_size", batch_size),
                    ("src_len", src_len), ("d_model", d_model)):
        integer(name, n)
    positive("lr", lr)



def builtin_layer(layer, kind) -> None:
    """A built-in layer of class ``kind`` (``nn.TransformerEncoderLayer`` or
    ``nn.TransformerDecoderLayer``) whose weights a block can copy: post-norm, batch-first,
    ReLU."""
    import torch.nn.functional as F  # here, so that the NumPy half never imports torch
    from torch import nn

    if not isinstance(layer, kind):
        raise TypeError(f"layer must be an {kind.__name__}, got {type(layer).__name__}")
    if layer.norm_first or not layer.self_attn.batch_first:
        raise ValueError("layer must be post-norm (norm_first=False) and batch_first=True")
    if not (layer.activation is F.relu or isinstance(layer.activation, nn.ReLU)):
        raise ValueError("layer must use the ReLU activation")
