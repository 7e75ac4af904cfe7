"""Attention (chapter "Attention"), NumPy reference. Self-attention, multi-head attention and
positional encoding, which the page "Multi-head attention" builds on these, are in
:mod:`dlnotes.numpy.attention_multi_head`.

Conventions (the chapter's formulas):

* Tokens are **rows**, batch first: queries ``Q`` have shape ``(..., n_q, d)``, keys
  ``K`` ``(..., n_k, d)``, values ``V`` ``(..., n_k, d_v)``; the leading ``...`` is ``(batch,)``
  or ``(batch, heads)``. A projection is a right multiplication, ``Q = X @ W_q`` with ``W_q`` of
  shape ``(d, d_q)`` (the PyTorch ``nn.Linear`` weight is its transpose).
* Scores ``S`` and attention weights ``A`` have shape ``(..., n_q, n_k)``; row ``i`` of ``A``
  is the distribution of query ``i`` over the keys.
* Masks: ``mask`` is boolean and **True where a query may attend** to a key (the convention of
  ``torch.nn.functional.scaled_dot_product_attention``); it broadcasts to the scores' shape.
  ``valid_lens`` holds integers in ``[0, n_k]``: shape ``(batch,)`` (one length per sequence)
  or ``(batch, n_q)`` (one per query row); only the first ``valid_lens`` keys are attended to.
  ``causal=True`` lets query ``i`` see keys ``j <= i`` (top-left aligned, as PyTorch).
* A masked score is excluded from the softmax, which is the limit of setting it to a very large
  negative number: its weight is exactly 0. A query row with **no** key left (fully masked)
  gets all-zero weights and a zero output, never NaN (a finite fill such as ``-1e6`` would
  instead give uniform weights; see :func:`masked_softmax`).
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks

__all__ = [
    "masked_softmax",
    "attention_mask",
    "nadaraya_watson",
    "nadaraya_watson_width_grad",
    "synthetic_regression",
    "fit_width",
    "additive_attention",
    "additive_attention_backward",
    "scaled_dot_product_attention",
    "scaled_dot_product_attention_backward",
]


# --------------------------------------------------------------------------- masks


def attention_mask(scores_shape, *, valid_lens=None, mask=None, causal: bool = False):
    """The boolean "may attend" mask of scores of shape ``(..., n_q, n_k)``, or ``None``.

    Combines ``valid_lens`` (``(batch,)`` or ``(batch, n_q)``, integers in ``[0, n_k]``),
    ``mask`` (boolean, True = attend, broadcastable to ``scores_shape``) and ``causal``
    (key ``j`` visible to query ``i`` iff ``j <= i``) with a logical AND.
    """
    shape = tuple(scores_shape)
    if len(shape) < 2:
        raise ValueError(f"scores must have shape (..., n_q, n_k), got {shape}")
    n_q, n_k = shape[-2:]
    keep = None
    if valid_lens is not None:
        vl = np.asarray(valid_lens)
        if not np.issubdtype(vl.dtype, np.integer):
            raise TypeError(f"valid_lens must hold integers, got dtype {vl.dtype}")
        if len(shape) < 3:
            raise ValueError(f"valid_lens needs batched scores (batch, ..., n_q, n_k), got {shape}")
        if vl.shape not in ((shape[0],), (shape[0], n_q)):
            raise ValueError(
                f"valid_lens must have shape ({shape[0]},) or ({shape[0]}, {n_q}), got {vl.shape}"
            )
        if vl.size and (vl.min() < 0 or vl.max() > n_k):
            raise ValueError(
                f"valid_lens must lie in [0, {n_k}] (the number of keys), "
                f"got values in [{vl.min()}, {vl.max()}]"
            )
        if vl.ndim == 1:
            vl = vl[:, None]  # one length for every query row
        vl = vl.reshape((shape[0],) + (1,) * (len(shape) - 3) + (n_q if vl.shape[1] > 1 else 1, 1))
        keep = np.arange(n_k) < vl
    if mask is not None:
        m = np.asarray(mask)
        if m.dtype != np.bool_:
            raise TypeError(f"mask must be boolean (True = may attend), got dtype {m.dtype}")
        try:
            ok = m.ndim <= len(shape) and np.broadcast_shapes(m.shape, shape) == shape
        except ValueError:
            ok = False
        if not ok:
            raise ValueError(
                f"mask must broadcast to the scores' shape {shape} (..., n_q, n_k), "
                f"got shape {m.shape}"
            )
        keep = m if keep is None else keep & m
    if causal:
        tri = np.tril(np.ones((n_q, n_k), dtype=bool))
        keep = tri if keep is None else keep & tri
    return None if keep is None else np.broadcast_to(keep, shape)


# --------------------------------------------------------------------------- softmax


# --8<-- [start:masked_softmax]
def masked_softmax(scores, valid_lens=None, *, mask=None, causal: bool = False) -> np.ndarray:
    """Softmax over the last axis that ignores masked scores.

    Args:
        scores: ``(..., n_q, n_k)`` real array.
        valid_lens: ``(batch,)`` or ``(batch, n_q)`` integers in ``[0, n_k]``, or None.
        mask: boolean, True where a score takes part, broadcastable to ``scores``; or None.
        causal: also hide key ``j > i`` from query ``i``.

    Returns:
        ``(..., n_q, n_k)`` float64 weights; each row sums to 1 over its unmasked entries,
        masked entries are exactly 0, and a row with no unmasked entry is all 0 (not NaN).
    """
    s = checks.attention.array("scores", scores, ndim_min=2)
    keep = attention_mask(s.shape, valid_lens=valid_lens, mask=mask, causal=causal)
    if keep is not None:
        s = np.where(keep, s, -np.inf)  # the masked SCORES, not the keys, go to -infinity
    row_max = s.max(axis=-1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)  # fully masked row: no shift
    e = np.exp(s - row_max)  # exp(-inf) = 0 exactly; the largest kept term is exp(0) = 1
    total = e.sum(axis=-1, keepdims=True)
    return np.divide(e, total, out=np.zeros_like(e), where=total > 0)
# --8<-- [end:masked_softmax]


# --------------------------------------------------------------------------- pooling


def nadaraya_watson(x_query, x_keys, y_values, *, kernel: str = "gaussian", width: float = 1.0,
                    mask=None):
    """Nadaraya-Watson kernel regression as attention pooling.

    ``f(x) = sum_i alpha(x, x_i) y_i`` with ``alpha = softmax_i(-((x - x_i) * width)**2 / 2)``
    (``kernel="gaussian"``) or ``alpha = 1/n`` (``kernel="average"``).

    Args:
        x_query: ``(n_q,)`` query positions.
        x_keys: ``(n,)`` key positions (the training inputs).
        y_values: ``(n,)`` values (the training targets).
        kernel: ``"gaussian"`` or ``"average"``.
        width: the factor ``w`` multiplying the distance, > 0 (a larger ``w`` is a narrower
            kernel).
        mask: optional boolean ``(n_q, n)``, True where a query may use a key (e.g. leave one
            out while fitting ``w``).

    Returns:
        ``(predictions (n_q,), weights (n_q, n))``.
    """
    kernel = checks.one_of("kernel", kernel, ("gaussian", "average"))
    w = checks.positive("width", width)
    xq = checks.attention.array("x_query", x_query)
    xk = checks.attention.array("x_keys", x_keys)
    y = checks.attention.array("y_values", y_values)
    if xq.ndim != 1 or xk.ndim != 1:
        raise ValueError(f"x_query and x_keys must be 1-D, got {xq.shape} and {xk.shape}")
    checks.same_shape("y_values", y.shape, "x_keys", xk.shape)
    if kernel == "average":
        scores = np.zeros((xq.size, xk.size))
    else:
        scores = -0.5 * ((xq[:, None] - xk[None, :]) * w) ** 2
    weights = masked_softmax(scores, mask=mask)
    return weights @ y, weights


def nadaraya_watson_width_grad(x_query, x_keys, y_values, y_target, width: float, *, mask=None):
    """Loss ``L = mean((f(x_q) - y_target)**2) / 2`` of the Gaussian estimator and ``dL/dw``.

    Hand-written backward pass: with ``s_ij = -(w d_ij)**2 / 2`` and ``d_ij = x_i - x_j``,
    ``ds_ij/dw = -w d_ij**2`` and ``df_i/dw = sum_j alpha_ij y_j (ds_ij - sum_k alpha_ik ds_ik)``.
    Returns ``(L, dL/dw)`` as floats.
    """
    f, a = nadaraya_watson(x_query, x_keys, y_values, width=width, mask=mask)
    t = checks.attention.array("y_target", y_target)
    checks.same_shape("y_target", t.shape, "x_query", f.shape)
    d2 = (np.asarray(x_query, float)[:, None] - np.asarray(x_keys, float)[None, :]) ** 2
    ds = -float(width) * d2
    ds_bar = (a * ds).sum(axis=1, keepdims=True)
    df = (a * (ds - ds_bar)) @ np.asarray(y_values, float)
    r = f - t
    return float(0.5 * np.mean(r**2)), float(np.mean(r * df))


def synthetic_regression(n: int = 50, seed: int = 0, noise: float = 0.5):
    """The chapter's toy data: ``y = 2 sin(x) + x**0.8 + noise`` on ``x`` in ``[0, 5)``.

    Returns ``(x_train (n,) sorted, y_train (n,), x_test (50,), y_test_true (50,))`` where the
    test targets are the noise-free function on the grid ``0, 0.1, ..., 4.9``.
    """
    seed = checks.seed("seed", seed)
    n = checks.integer("n", n)
    noise = checks.non_negative("noise", noise)
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0, 5, n))
    y = 2 * np.sin(x) + x**0.8 + rng.normal(0.0, noise, n)
    x_test = np.arange(0, 5, 0.1)
    return x, y, x_test, 2 * np.sin(x_test) + x_test**0.8


# --8<-- [start:fit_width]
def fit_width(x, y, width: float = 1.0, *, lr: float = 10.0, steps: int = 100):
    """Learn the Gaussian kernel's width ``w`` by gradient descent on the training pairs.

    Each training input is a query that may attend to every *other* training pair (leave one
    out): with itself among the keys, the best ``w`` would be infinite and the estimator would
    copy the noisy target. Returns ``(w, losses)``.
    """
    w, lr = checks.positive("width", width), checks.positive("lr", lr)
    steps = checks.integer("steps", steps)
    x, y = checks.attention.array("x", x), checks.attention.array("y", y)
    if x.ndim != 1 or y.shape != x.shape:
        raise ValueError(f"x and y must have the same shape (n,), got {x.shape} and {y.shape}")
    others = ~np.eye(np.size(x), dtype=bool)  # query i may not look at key i
    losses = []
    for _ in range(steps):
        loss, grad = nadaraya_watson_width_grad(x, x, y, y, w, mask=others)
        losses.append(loss)
        w = max(w - lr * grad, 1e-3)  # keep the width positive
    return w, np.array(losses)
# --8<-- [end:fit_width]


# --------------------------------------------------------------------------- scoring


def additive_attention(queries, keys, values, W_q, W_k, w_v, *, valid_lens=None, mask=None):
    """Additive attention: ``a(q, k) = tanh(q W_q + k W_k) w_v``.

    Args:
        queries: ``(..., n_q, d_q)``; keys: ``(..., n_k, d_k)``; values: ``(..., n_k, d_v)``
            (``d_q`` and ``d_k`` may differ).
        W_q: ``(d_q, h)``; W_k: ``(d_k, h)``; w_v: ``(h,)``.
        valid_lens, mask: see :func:`masked_softmax`.

    Returns:
        ``(output (..., n_q, d_v), weights (..., n_q, n_k))``.
    """
    q, k, v = checks.attention.qkv(queries, keys, values, same_width=False)
    W_q, W_k, w_v = (checks.attention.array(n, a)
                     for n, a in (("W_q", W_q), ("W_k", W_k), ("w_v", w_v)))
    h = w_v.shape[0]
    if w_v.ndim != 1:
        raise ValueError(f"w_v must have shape (h,), got {w_v.shape}")
    if W_q.shape != (q.shape[-1], h):
        raise ValueError(f"W_q must have shape (d_q, h) = {(q.shape[-1], h)}, got {W_q.shape}")
    if W_k.shape != (k.shape[-1], h):
        raise ValueError(f"W_k must have shape (d_k, h) = {(k.shape[-1], h)}, got {W_k.shape}")
    # (..., n_q, 1, h) + (..., 1, n_k, h) -> (..., n_q, n_k, h): every query with every key
    features = np.tanh((q @ W_q)[..., :, None, :] + (k @ W_k)[..., None, :, :])
    weights = masked_softmax(features @ w_v, valid_lens, mask=mask)
    return weights @ v, weights


def additive_attention_backward(d_out, queries, keys, values, W_q, W_k, w_v, *,
                                valid_lens=None, mask=None) -> dict[str, np.ndarray]:
    """Gradients of a loss through :func:`additive_attention` (the forward is recomputed).

    With ``F = tanh(q W_q + k W_k)`` for every (query, key) pair, ``S = F w_v``,
    ``A = masked_softmax(S)`` and ``O = A V``::

        dV = A^T dO,  dS = A * (dA - rowsum(dA * A)) with dA = dO V^T,
        dw_v = sum_ij dS_ij F_ij,  dP = dS w_v^T * (1 - F**2),
        d(q W_q) = sum_j dP_ij,  d(k W_k) = sum_i dP_ij,  then through the two products.

    Args:
        d_out: ``dL/dO`` of shape ``(..., n_q, d_v)``; the rest as :func:`additive_attention`.

    Returns:
        ``{"queries", "keys", "values", "W_q", "W_k", "w_v"}``: gradients of the inputs' shapes.
    """
    q, k, v = checks.attention.qkv(queries, keys, values, same_width=False)
    out, a = additive_attention(q, k, v, W_q, W_k, w_v, valid_lens=valid_lens, mask=mask)
    W_q, W_k, w_v = (checks.real_array(n, m) for n, m in (("W_q", W_q), ("W_k", W_k), ("w_v", w_v)))
    d_out = checks.attention.output_gradient(d_out, out.shape)
    features = np.tanh((q @ W_q)[..., :, None, :] + (k @ W_k)[..., None, :, :])
    d_v = np.swapaxes(a, -1, -2) @ d_out
    d_a = d_out @ np.swapaxes(v, -1, -2)
    d_s = a * (d_a - (d_a * a).sum(axis=-1, keepdims=True))  # (..., n_q, n_k)
    lead = tuple(range(d_s.ndim))
    d_wv = np.tensordot(d_s, features, axes=(lead, lead))  # sum over batch, queries, keys
    d_pre = d_s[..., None] * w_v * (1.0 - features**2)  # (..., n_q, n_k, h)
    d_qp, d_kp = d_pre.sum(axis=-2), d_pre.sum(axis=-3)  # (..., n_q, h), (..., n_k, h)
    def rows(x):  # stack all leading dimensions into rows
        return x.reshape(-1, x.shape[-1])

    return {
        "queries": d_qp @ W_q.T, "keys": d_kp @ W_k.T, "values": d_v,
        "W_q": rows(q).T @ rows(d_qp), "W_k": rows(k).T @ rows(d_kp), "w_v": d_wv,
    }


# --8<-- [start:sdpa]
def scaled_dot_product_attention(queries, keys, values, *, valid_lens=None, mask=None,
                                 causal: bool = False, scale: float | None = None):
    """``softmax(Q K^T / sqrt(d)) V`` with optional masks.

    Args:
        queries: ``(..., n_q, d)``; keys: ``(..., n_k, d)``; values: ``(..., n_k, d_v)``.
        valid_lens, mask, causal: see :func:`masked_softmax`.
        scale: multiplies the scores; default ``1 / sqrt(d)``.

    Returns:
        ``(output (..., n_q, d_v), cache)``; ``cache["weights"]`` is ``(..., n_q, n_k)``, and
        the cache feeds :func:`scaled_dot_product_attention_backward`.
    """
    q, k, v, scale = checks.attention.scaled_dot_product(queries, keys, values, scale)
    scale = 1.0 / np.sqrt(q.shape[-1]) if scale is None else scale
    scores = (q @ np.swapaxes(k, -1, -2)) * scale  # (..., n_q, n_k)
    weights = masked_softmax(scores, valid_lens, mask=mask, causal=causal)
    out = weights @ v
    return out, {"queries": q, "keys": k, "values": v, "weights": weights, "scale": scale}
# --8<-- [end:sdpa]


# --8<-- [start:sdpa_backward]
def scaled_dot_product_attention_backward(d_out, cache):
    """Gradients ``(dQ, dK, dV)`` of a loss, given ``d_out = dL/d output`` ``(..., n_q, d_v)``.

    With ``A = softmax(S)``, ``S = scale * Q K^T``, ``O = A V``::

        dV = A^T dO,   dA = dO V^T,   dS = A * (dA - rowsum(dA * A)),
        dQ = scale * dS K,   dK = scale * dS^T Q.

    Masked weights are 0, so their scores get no gradient.
    """
    q, k, v, a, scale = (cache[n] for n in ("queries", "keys", "values", "weights", "scale"))
    d_out = checks.attention.output_gradient(d_out, a.shape[:-1] + v.shape[-1:])
    d_v = np.swapaxes(a, -1, -2) @ d_out
    d_a = d_out @ np.swapaxes(v, -1, -2)
    d_s = a * (d_a - (d_a * a).sum(axis=-1, keepdims=True))
    d_q = scale * (d_s @ k)
    d_k = scale * (np.swapaxes(d_s, -1, -2) @ q)
    return d_q, d_k, d_v
# --8<-- [end:sdpa_backward]
