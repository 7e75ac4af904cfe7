"""Attention: property tests (hypothesis) of the public API. Masked softmax against
``masked_fill`` and softmax; scaled dot-product attention against
``F.scaled_dot_product_attention`` and its backward pass against autograd; the sinusoidal
positional encoding's identities; additive attention against autograd; multi-head attention
against ``nn.MultiheadAttention`` with copied weights (tests/properties_support.py)."""

import math

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, GRAD, PROP, arr, close, covers, seeds, tt

from dlnotes.numpy import attention as na
from dlnotes.numpy import attention_multi_head as nmh
from dlnotes.torch import attention as ta


def _mask_case(rng, b, n_q, n_k, kind):
    if kind == "valid_lens":
        return {"valid_lens": rng.integers(1, n_k + 1, b)}
    if kind == "mask":
        m = rng.random((b, n_q, n_k)) < 0.7
        m[..., 0] = True  # no fully masked row: the built-in gives NaN there
        return {"mask": m}
    return {"causal": True} if n_q <= n_k else {}


def _torch_kw(kw, device):
    out = dict(kw)
    if "valid_lens" in out:
        out["valid_lens"] = torch.tensor(out["valid_lens"], device=device)
    if "mask" in out:
        out["mask"] = torch.tensor(out["mask"], device=device)
    return out


@PROP
@given(seed=seeds, b=st.integers(1, 3), n_q=st.integers(1, 4), n_k=st.integers(1, 5),
       kind=st.sampled_from(["valid_lens", "mask", "causal"]), empty_row=st.booleans())
@covers("numpy.attention.masked_softmax", "numpy.attention.attention_mask",
        "torch.attention.masked_softmax", "torch.attention.attention_mask")
def test_masked_softmax_matches_masked_fill(device, seed, b, n_q, n_k, kind, empty_row):
    rng = np.random.default_rng(seed)
    s = rng.standard_normal((b, n_q, n_k)) * 3
    kw = _mask_case(rng, b, n_q, n_k, kind)
    if empty_row and kind == "valid_lens":
        kw["valid_lens"][0] = 0  # a fully masked sequence: zeros, never NaN (documented)
    keep = na.attention_mask(s.shape, **kw)
    keep = np.ones(s.shape, bool) if keep is None else np.broadcast_to(keep, s.shape)
    ref = torch.softmax(tt(s, "cpu").masked_fill(~torch.tensor(keep), -math.inf), dim=-1)
    ref = torch.nan_to_num(ref, nan=0.0)
    close(na.masked_softmax(s, **kw), ref)
    tkw = _torch_kw(kw, device)
    tkeep = ta.attention_mask(s.shape, device=device, **tkw)
    if tkeep is not None:
        close(torch.broadcast_to(tkeep, s.shape).double(), keep.astype(float))
    close(ta.masked_softmax(tt(s, device), **tkw), ref)


@PROP
@given(seed=seeds, b=st.integers(1, 2), n_q=st.integers(1, 4), n_k=st.integers(1, 5),
       d=st.integers(1, 4), d_v=st.integers(1, 3), kind=st.sampled_from(["valid_lens", "mask",
                                                                         "causal"]))
@covers("numpy.attention.scaled_dot_product_attention",
        "numpy.attention.scaled_dot_product_attention_backward",
        "torch.attention.scaled_dot_product_attention")
def test_sdpa_matches_builtin(device, seed, b, n_q, n_k, d, d_v, kind):
    rng = np.random.default_rng(seed)
    q, k, v = arr(rng, (b, n_q, d)), arr(rng, (b, n_k, d), "F"), arr(rng, (b, n_k, d_v), "strided")
    kw = _mask_case(rng, b, n_q, n_k, kind)
    keep = na.attention_mask((b, n_q, n_k), **kw)
    Q, K, V = (tt(x, "cpu", grad=True) for x in (q, k, v))
    ref = F.scaled_dot_product_attention(
        Q, K, V, attn_mask=None if keep is None else torch.tensor(np.broadcast_to(
            keep, (b, n_q, n_k)).copy()))
    out, cache = na.scaled_dot_product_attention(q, k, v, **kw)
    close(out, ref)
    d_out = rng.standard_normal(out.shape)
    ref.backward(torch.tensor(d_out))
    for mine, want in zip(na.scaled_dot_product_attention_backward(d_out, cache), (Q, K, V),
                          strict=True):
        close(mine, want.grad, GRAD)
    t_out = ta.scaled_dot_product_attention(tt(q, device), tt(k, device), tt(v, device),
                                            **_torch_kw(kw, device))
    close(t_out[0] if isinstance(t_out, tuple) else t_out, ref)


@PROP
@given(max_len=st.integers(1, 30), half=st.integers(1, 8), k=st.integers(0, 10),
       base=st.sampled_from([100.0, 1e4]))
@covers("numpy.attention_multi_head.positional_encoding",
        "numpy.attention_multi_head.positional_shift_matrix",
        "torch.attention.positional_encoding")
def test_positional_encoding_identities(device, max_len, half, k, base):
    d = 2 * half
    P = nmh.positional_encoding(max_len + k, d, base)
    pos = np.arange(max_len + k)[:, None]
    omega = base ** (-np.arange(0, d, 2) / d)
    close(P[:, 0::2], np.sin(pos * omega))
    close(P[:, 1::2], np.cos(pos * omega))
    close(P[k:], P[:max_len] @ nmh.positional_shift_matrix(k, d, base), {"rtol": 1e-7,
                                                                         "atol": 1e-9})
    close(ta.positional_encoding(max_len + k, d, base=base, dtype=torch.float64, device=device),
          P)


@PROP
@given(seed=seeds, b=st.integers(1, 2), n_q=st.integers(1, 3), n_k=st.integers(1, 4),
       d_q=st.integers(1, 3), d_k=st.integers(1, 3), h=st.integers(1, 4), d_v=st.integers(1, 3))
@covers("numpy.attention.additive_attention", "numpy.attention.additive_attention_backward",
        "torch.attention.AdditiveAttention")
def test_additive_attention_autograd(device, seed, b, n_q, n_k, d_q, d_k, h, d_v):
    rng = np.random.default_rng(seed)
    q, k, v = arr(rng, (b, n_q, d_q)), arr(rng, (b, n_k, d_k)), arr(rng, (b, n_k, d_v))
    W_q, W_k, w_v = arr(rng, (d_q, h)), arr(rng, (d_k, h)), arr(rng, (h,))
    vl = rng.integers(1, n_k + 1, b)
    out = na.additive_attention(q, k, v, W_q, W_k, w_v, valid_lens=vl)
    out = out[0] if isinstance(out, tuple) else out
    T = [tt(x, "cpu", grad=True) for x in (q, k, v, W_q, W_k, w_v)]
    feat = torch.tanh((T[0] @ T[3])[:, :, None, :] + (T[1] @ T[4])[:, None, :, :])
    scores = (feat @ T[5]).masked_fill(torch.arange(n_k)[None, None, :] >= torch.tensor(vl)[
        :, None, None], -math.inf)
    ref = torch.softmax(scores, dim=-1) @ T[2]
    close(out, ref)
    d_out = rng.standard_normal(ref.shape)
    ref.backward(torch.tensor(d_out))
    grads = na.additive_attention_backward(d_out, q, k, v, W_q, W_k, w_v, valid_lens=vl)
    names = ("queries", "keys", "values", "W_q", "W_k", "w_v")
    for name, t in zip(names, T, strict=True):
        g = grads.get(name, grads.get("d" + name))
        close(g, t.grad, GRAD)
    mod = ta.AdditiveAttention(d_q, d_k, h, dtype=torch.float64, device=device)
    with torch.no_grad():
        mod.W_q.copy_(tt(W_q, device)), mod.W_k.copy_(tt(W_k, device))
        mod.w_v.copy_(tt(w_v, device))
    t_out = mod(tt(q, device), tt(k, device), tt(v, device), torch.tensor(vl, device=device))
    close(t_out[0] if isinstance(t_out, tuple) else t_out, ref)


@PROP
@given(seed=seeds, b=st.integers(1, 2), n_q=st.integers(1, 4), n_k=st.integers(1, 4),
       heads=st.sampled_from([1, 2, 4]), pad=st.booleans())
@covers("torch.attention.MultiHeadAttention", "numpy.attention_multi_head.multi_head_attention")
def test_multi_head_attention_matches_nn(device, seed, b, n_q, n_k, heads, pad):
    torch.manual_seed(seed)
    d_model = 8
    mha = torch.nn.MultiheadAttention(d_model, heads, batch_first=True, dtype=torch.float64)
    ours = ta.MultiHeadAttention(d_model, heads, dtype=torch.float64).copy_from(mha).to(device)
    rng = np.random.default_rng(seed)
    q, k, v = arr(rng, (b, n_q, d_model)), arr(rng, (b, n_k, d_model)), arr(rng, (b, n_k, d_model))
    kpm = np.zeros((b, n_k), bool)
    if pad:
        kpm[:, rng.integers(1, n_k + 1):] = True
    ref, _ = mha(tt(q, "cpu"), tt(k, "cpu"), tt(v, "cpu"), key_padding_mask=torch.tensor(kpm),
                 need_weights=False)
    out = ours(tt(q, device), tt(k, device), tt(v, device),
               key_padding_mask=torch.tensor(kpm, device=device))
    close(out[0] if isinstance(out, tuple) else out, ref)
    params = {f"W_{n}": getattr(ours, f"w_{n}").detach().cpu().numpy() for n in "qkvo"}
    params.update({f"b_{n}": getattr(ours, f"b_{n}").detach().cpu().numpy() for n in "qkvo"})
    np_out, _ = nmh.multi_head_attention(q, k, v, params, heads, key_padding_mask=kpm)
    close(np_out, ref)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.attention.synthetic_regression",
    "numpy.attention.fit_width",
    "numpy.attention.nadaraya_watson",
    "numpy.attention.nadaraya_watson_width_grad",
    "numpy.attention_multi_head.self_attention",
    "torch.attention.NadarayaWatson",
], CHAPTER_TESTS)
