"""Attention (chapter "Attention"), PyTorch.

The conventions of :mod:`dlnotes.numpy.attention`: batch first, tokens as rows
(``(batch, n, d)``, or ``(batch, heads, n, d)`` inside multi-head attention), projections
right-multiplied (``Q = X @ W_q``, ``W_q`` of shape ``(d, d_q)``), ``mask`` True where a query
may attend, ``valid_lens`` of shape ``(batch,)`` or ``(batch, n_q)``, ``key_padding_mask`` True
at padding (as ``nn.MultiheadAttention``). A fully masked query row gets zero weights and a zero
attention output (``F.scaled_dot_product_attention``'s answer), never NaN.

Tensors stay on the device they come on. :class:`MultiHeadAttention` has two paths that
compute the same function: the teaching path (explicit scores, masked softmax, weights) and a
fast path through ``F.scaled_dot_product_attention`` (fused kernels on CUDA), taken by default
on CUDA when the weights are not requested.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from dlnotes import checks

__all__ = [
    "attention_mask",
    "masked_softmax",
    "scaled_dot_product_attention",
    "NadarayaWatson",
    "AdditiveAttention",
    "MultiHeadAttention",
    "positional_encoding",
]


def attention_mask(scores_shape, *, valid_lens=None, mask=None, causal: bool = False,
                   device=None) -> torch.Tensor | None:
    """Boolean "may attend" mask broadcastable to ``scores_shape`` ``(..., n_q, n_k)``, or None.

    ``valid_lens``: integer tensor ``(batch,)`` or ``(batch, n_q)`` with values in
    ``[0, n_k]``; ``mask``: boolean tensor broadcastable to the scores, True = attend;
    ``causal``: key ``j`` visible to query ``i`` iff ``j <= i`` (top-left aligned).
    """
    shape = tuple(scores_shape)
    n_q, n_k = shape[-2:]
    keep = None
    if valid_lens is not None:
        if not isinstance(valid_lens, torch.Tensor) or valid_lens.is_floating_point() \
                or valid_lens.dtype == torch.bool:
            raise TypeError("valid_lens must be an integer tensor")
        if len(shape) < 3 or tuple(valid_lens.shape) not in ((shape[0],), (shape[0], n_q)):
            raise ValueError(
                f"valid_lens must have shape (batch,) or (batch, n_q) = ({shape[0]},) or "
                f"({shape[0]}, {n_q}), got {tuple(valid_lens.shape)}"
            )
        lo, hi = torch.aminmax(valid_lens)
        if lo < 0 or hi > n_k:
            raise ValueError(
                f"valid_lens must lie in [0, {n_k}] (the number of keys), "
                f"got values in [{int(lo)}, {int(hi)}]"
            )
        vl = valid_lens if valid_lens.dim() == 2 else valid_lens[:, None]
        vl = vl.reshape((shape[0],) + (1,) * (len(shape) - 3) + (vl.shape[1], 1))
        keep = torch.arange(n_k, device=vl.device) < vl
    if mask is not None:
        if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool:
            raise TypeError("mask must be a boolean tensor (True = may attend)")
        try:
            ok = mask.dim() <= len(shape) and torch.broadcast_shapes(mask.shape, shape) == shape
        except RuntimeError:
            ok = False
        if not ok:
            raise ValueError(
                f"mask must broadcast to the scores' shape {shape} (..., n_q, n_k), "
                f"got shape {tuple(mask.shape)}"
            )
        keep = mask if keep is None else keep & mask
    if causal:
        dev = keep.device if keep is not None else device
        tri = torch.ones(n_q, n_k, dtype=torch.bool, device=dev).tril()
        keep = tri if keep is None else keep & tri
    return keep


# --8<-- [start:masked_softmax]
def masked_softmax(scores: torch.Tensor, valid_lens=None, *, mask=None,
                   causal: bool = False) -> torch.Tensor:
    """Softmax over the last dim of ``scores`` ``(..., n_q, n_k)`` ignoring masked entries.

    Masked entries get weight exactly 0; a row with nothing left gets all zeros (not NaN).
    """
    checks.attention.tensor("scores", scores, 2)
    keep = attention_mask(scores.shape, valid_lens=valid_lens, mask=mask, causal=causal,
                          device=scores.device)
    if keep is None:
        return torch.softmax(scores, dim=-1)
    s = scores.masked_fill(~keep, float("-inf"))  # mask the SCORES
    row_max = s.amax(dim=-1, keepdim=True).detach()
    row_max = torch.where(torch.isfinite(row_max), row_max, torch.zeros_like(row_max))
    e = torch.exp(s - row_max)  # exactly 0 where masked
    total = e.sum(dim=-1, keepdim=True)
    return e / torch.where(total > 0, total, torch.ones_like(total))
# --8<-- [end:masked_softmax]


# --8<-- [start:sdpa]
def scaled_dot_product_attention(queries, keys, values, *, valid_lens=None, mask=None,
                                 causal: bool = False, scale: float | None = None):
    """``softmax(Q K^T / sqrt(d)) V``, the teaching path: scores and weights made explicit.

    Args:
        queries ``(..., n_q, d)``, keys ``(..., n_k, d)``, values ``(..., n_k, d_v)``.
        valid_lens, mask, causal: see :func:`masked_softmax`; scale: default ``1/sqrt(d)``.

    Returns:
        ``(output (..., n_q, d_v), weights (..., n_q, n_k))``.
    """
    queries, keys, values, scale = checks.attention.scaled_dot_product_tensors(
        queries, keys, values, scale)
    scale = 1.0 / math.sqrt(queries.shape[-1]) if scale is None else scale
    scores = queries @ keys.transpose(-2, -1) * scale
    weights = masked_softmax(scores, valid_lens, mask=mask, causal=causal)
    return weights @ values, weights
# --8<-- [end:sdpa]


class NadarayaWatson(nn.Module):
    """Gaussian-kernel attention pooling with a learned width ``w`` (kept positive).

    ``forward(x_query (n_q,), x_keys (n,), y_values (n,), mask=None)`` returns
    ``(predictions (n_q,), weights (n_q, n))`` with
    ``weights = softmax(-((x_query - x_keys) * w)**2 / 2)``.
    """

    def __init__(self, width: float = 1.0, *, dtype=None, device=None):
        super().__init__()
        if not width > 0:
            raise ValueError(f"width must be > 0, got {width!r}")
        self.log_width = nn.Parameter(torch.tensor(math.log(width), dtype=dtype, device=device))

    @property
    def width(self) -> torch.Tensor:
        return self.log_width.exp()

    def forward(self, x_query, x_keys, y_values, mask=None):
        for name, x in (("x_query", x_query), ("x_keys", x_keys), ("y_values", y_values)):
            if checks.attention.tensor(name, x, 1, self).dim() != 1:
                raise ValueError(f"{name} must be 1-D, got {tuple(x.shape)}")
        if y_values.shape != x_keys.shape:
            raise ValueError(f"y_values must have the shape of x_keys, {tuple(x_keys.shape)}, "
                             f"got {tuple(y_values.shape)}")
        scores = -0.5 * ((x_query[:, None] - x_keys[None, :]) * self.width) ** 2
        weights = masked_softmax(scores, mask=mask)
        return weights @ y_values, weights


class AdditiveAttention(nn.Module):
    """Additive attention ``a(q, k) = tanh(q W_q + k W_k) w_v`` (queries and keys may differ
    in width).

    Parameters ``W_q (d_q, h)``, ``W_k (d_k, h)``, ``w_v (h,)``. ``forward(queries (b, n_q, d_q),
    keys (b, n_k, d_k), values (b, n_k, d_v), valid_lens=None, mask=None)`` returns
    ``(output (b, n_q, d_v), weights (b, n_q, n_k))``.
    """

    def __init__(self, d_q: int, d_k: int, h: int, *, dtype=None, device=None,
                 generator: torch.Generator | None = None):
        super().__init__()
        for name, n in (("d_q", d_q), ("d_k", d_k), ("h", h)):
            checks.integer(name, n, 1)
        kw = {"dtype": dtype, "device": device}
        self.W_q = nn.Parameter(torch.empty(d_q, h, **kw))
        self.W_k = nn.Parameter(torch.empty(d_k, h, **kw))
        self.w_v = nn.Parameter(torch.empty(h, **kw))
        for p, fan_in in ((self.W_q, d_q), (self.W_k, d_k), (self.w_v, h)):
            with torch.no_grad():
                p.uniform_(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), generator=generator)

    def forward(self, queries, keys, values, valid_lens=None, mask=None):
        checks.attention.qkv_tensors(queries, keys, values, same_width=False)
        if queries.shape[-1] != self.W_q.shape[0] or keys.shape[-1] != self.W_k.shape[0]:
            raise ValueError(
                f"queries and keys must have widths d_q = {self.W_q.shape[0]} and d_k = "
                f"{self.W_k.shape[0]}, got {queries.shape[-1]} and {keys.shape[-1]}"
            )
        features = torch.tanh((queries @ self.W_q).unsqueeze(-2) + (keys @ self.W_k).unsqueeze(-3))
        weights = masked_softmax(features @ self.w_v, valid_lens, mask=mask)
        return weights @ values, weights


class MultiHeadAttention(nn.Module):
    """Multi-head attention written from the chapter's formulas.

    Parameters (right-multiplied, so ``Q = X @ w_q``): ``w_q, w_k, w_v, w_o`` of shape
    ``(d_model, d_model)`` and biases ``b_q, b_k, b_v, b_o`` of shape ``(d_model,)``; head ``i``
    uses columns ``i*d_head : (i+1)*d_head`` of the projections, ``d_head = d_model / h``.
    :meth:`copy_from` loads the weights of an ``nn.MultiheadAttention``.

    ``forward(query (b, n_q, d_model), key=None, value=None, *, valid_lens=None,
    key_padding_mask=None, causal=False, need_weights=False, fast=None)`` returns
    ``(output (b, n_q, d_model), weights (b, h, n_q, n_k) or None)``. ``key`` and ``value``
    default to ``query`` (self-attention). ``key_padding_mask`` is True at padding (the
    built-in's convention). ``fast=None`` takes ``F.scaled_dot_product_attention`` on CUDA when
    ``need_weights`` is False; ``fast=False`` forces the teaching path, ``fast=True`` the fused
    one (which cannot return weights).
    """

    def __init__(self, d_model: int, num_heads: int, *, bias: bool = True, dtype=None,
                 device=None):
        super().__init__()
        for name, n in (("d_model", d_model), ("num_heads", num_heads)):
            checks.integer(name, n, 1)
        if d_model % num_heads:
            raise ValueError(f"d_model ({d_model}) must be divisible by num_heads ({num_heads})")
        self.d_model, self.num_heads = d_model, num_heads
        self.d_head = d_model // num_heads
        kw = {"dtype": dtype, "device": device}
        bound = math.sqrt(6 / (2 * d_model))  # Xavier-uniform, as nn.MultiheadAttention
        for n in ("q", "k", "v", "o"):
            w = nn.Parameter(torch.empty(d_model, d_model, **kw).uniform_(-bound, bound))
            setattr(self, f"w_{n}", w)
            setattr(self, f"b_{n}", nn.Parameter(torch.zeros(d_model, **kw)) if bias else None)

    @torch.no_grad()
    def copy_from(self, mha: nn.MultiheadAttention) -> MultiHeadAttention:
        """Copy the weights of ``mha`` (same ``embed_dim`` and heads, packed in-projection)."""
        if mha.embed_dim != self.d_model or mha.num_heads != self.num_heads:
            raise ValueError(f"mha must have embed_dim {self.d_model} and {self.num_heads} heads")
        if mha.in_proj_weight is None:
            raise ValueError("mha must use a packed in_proj_weight (kdim == vdim == embed_dim)")
        d = self.d_model
        for i, n in enumerate("qkv"):
            getattr(self, f"w_{n}").copy_(mha.in_proj_weight[i * d:(i + 1) * d].T)
            if self.b_q is not None:
                getattr(self, f"b_{n}").copy_(mha.in_proj_bias[i * d:(i + 1) * d])
        self.w_o.copy_(mha.out_proj.weight.T)
        if self.b_o is not None:
            self.b_o.copy_(mha.out_proj.bias)
        return self

    def _split(self, x, w, b, parts: int = 0):
        """Project ``x (batch, n, d_model)`` and split the heads: ``(batch, h, n, d_head)``,
        or ``(parts, batch, h, n, d_head)`` when ``w`` stacks ``parts`` projections."""
        y = x @ w if b is None else torch.addmm(b, x.reshape(-1, x.shape[-1]), w)
        if not parts:
            return y.view(*x.shape[:2], self.num_heads, self.d_head).transpose(1, 2)
        # one copy to a head-major layout, instead of one per matmul operand later
        y = y.view(*x.shape[:2], parts, self.num_heads, self.d_head)
        return y.permute(2, 0, 3, 1, 4).contiguous()

    # --8<-- [start:mha_forward]
    def forward(self, query, key=None, value=None, *, valid_lens=None, key_padding_mask=None,
                causal: bool = False, need_weights: bool = False, fast: bool | None = None):
        key = query if key is None else key
        value = key if value is None else value
        for name, x in (("query", query), ("key", key), ("value", value)):
            if checks.attention.tensor(name, x, 3, self).dim() != 3 or x.shape[-1] != self.d_model:
                raise ValueError(f"{name} must have shape (batch, n, {self.d_model}), "
                                 f"got {tuple(x.shape)}")
        b, n_q, n_k = query.shape[0], query.shape[1], key.shape[1]
        if key.shape[:2] != value.shape[:2] or key.shape[0] != b:
            raise ValueError("key and value must have the same (batch, n_k) and the query's batch")
        mask = None
        if key_padding_mask is not None:
            if not isinstance(key_padding_mask, torch.Tensor) or \
                    key_padding_mask.dtype != torch.bool or key_padding_mask.shape != (b, n_k):
                raise ValueError(f"key_padding_mask must be a boolean tensor of shape "
                                 f"(batch, n_k) = {(b, n_k)}, True at padding")
            mask = ~key_padding_mask[:, None, None, :]  # True = may attend, over heads & queries
        if fast is None:
            fast = query.is_cuda and not need_weights
        if fast and need_weights:
            raise ValueError("need_weights=True needs the teaching path (fast=False)")
        if key is query and value is query:  # self-attention: one (d, 3d) projection
            w = torch.cat((self.w_q, self.w_k, self.w_v), dim=1)
            bias = None if self.b_q is None else torch.cat((self.b_q, self.b_k, self.b_v))
            q, k, v = self._split(query, w, bias, parts=3).unbind(0)
        else:
            q = self._split(query, self.w_q, self.b_q)
            k = self._split(key, self.w_k, self.b_k)
            v = self._split(value, self.w_v, self.b_v)
        if fast:  # fused kernels; fully masked rows set to 0 explicitly, as on the slow path
            keep = attention_mask((b, self.num_heads, n_q, n_k), valid_lens=valid_lens,
                                  mask=mask, causal=causal, device=query.device)
            empty = None if keep is None else ~keep.any(dim=-1, keepdim=True)
            # a kernel never sees an empty row (some return NaN there): open it, zero it after
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=keep if keep is None
                                                 else keep | empty)
            if empty is not None:
                out = out.masked_fill(empty, 0.0)
            weights = None
        else:  # the teaching path: explicit scores, masked softmax, weighted sum
            out, weights = scaled_dot_product_attention(q, k, v, valid_lens=valid_lens,
                                                        mask=mask, causal=causal)
        concat = out.transpose(1, 2).reshape(b, n_q, self.d_model)  # heads side by side
        y = concat @ self.w_o if self.b_o is None else torch.addmm(
            self.b_o, concat.view(-1, self.d_model), self.w_o).view(b, n_q, self.d_model)
        return y, (weights if need_weights else None)
    # --8<-- [end:mha_forward]


def positional_encoding(max_len: int, d: int, *, base: float = 10000.0, dtype=None,
                        device=None) -> torch.Tensor:
    """Sinusoidal positional encoding ``(max_len, d)``, ``d`` even (see the NumPy half)."""
    max_len, d, base = checks.attention.positional_encoding(max_len, d, base)
    dtype = dtype or torch.get_default_dtype()
    pos = torch.arange(max_len, dtype=torch.float64, device=device)[:, None]
    omega = base ** (-torch.arange(0, d, 2, dtype=torch.float64, device=device) / d)
    P = torch.empty(max_len, d, dtype=torch.float64, device=device)
    P[:, 0::2] = torch.sin(pos * omega)
    P[:, 1::2] = torch.cos(pos * omega)
    return P.to(dtype)
