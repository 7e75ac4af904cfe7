"""Attention: NumPy and torch implementations against independent oracles.

Oracles: F.scaled_dot_product_attention and nn.MultiheadAttention with copied weights (where
their answer is defined), plain Python loops over the chapter's formulas, autograd, finite
differences in float64 (dlnotes.numpy.gradient_checking), and trigonometric identities.

The property tests and the bad-input sweep of the chapter's public API are in
test_attention_properties.py and test_attention_bad_input.py.
"""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlnotes.numpy import attention as na
from dlnotes.numpy import attention_multi_head as nmh
from dlnotes.numpy.gradient_checking import check_gradients
from dlnotes.torch import attention as ta

RNG = np.random.default_rng(0)
F64 = torch.float64


def _t(x, device):
    return torch.tensor(x, dtype=F64, device=device)


def _np(t):
    return t.detach().cpu().numpy()


# ----------------------------------------------------------------------------- masked softmax


def _loop_masked_softmax(scores, keep):
    """Oracle: row by row, softmax over the kept entries only (math.exp), zeros elsewhere."""
    out = np.zeros_like(scores)
    for idx in np.ndindex(scores.shape[:-1]):
        kept = [j for j in range(scores.shape[-1]) if keep[idx + (j,)]]
        if not kept:
            continue
        m = max(scores[idx + (j,)] for j in kept)
        z = sum(math.exp(scores[idx + (j,)] - m) for j in kept)
        for j in kept:
            out[idx + (j,)] = math.exp(scores[idx + (j,)] - m) / z
    return out


def test_masked_softmax_with_valid_lengths_per_sequence_and_per_row(device):
    scores = RNG.normal(size=(2, 3, 4)) * 3
    for valid in (np.array([2, 4]), np.array([[1, 2, 3], [4, 0, 2]])):
        vl = valid if valid.ndim == 2 else np.repeat(valid[:, None], 3, axis=1)
        keep = np.arange(4)[None, None, :] < vl[:, :, None]
        expected = _loop_masked_softmax(scores, keep)
        ours = na.masked_softmax(scores, valid)
        np.testing.assert_allclose(ours, expected, rtol=1e-13, atol=1e-15)
        theirs = ta.masked_softmax(_t(scores, device), torch.tensor(valid, device=device))
        np.testing.assert_allclose(_np(theirs), expected, rtol=1e-13, atol=1e-15)
    # the row with valid length 0 is all zeros, not NaN and not uniform
    assert np.all(na.masked_softmax(scores, np.array([[1, 2, 3], [4, 0, 2]]))[1, 1] == 0)


def test_masked_entries_get_exactly_zero_and_rows_sum_to_one():
    scores = RNG.normal(size=(3, 5, 6))
    keep = RNG.random((3, 5, 6)) < 0.6
    keep[:, :, 0] = True
    a = na.masked_softmax(scores, mask=keep)
    assert np.all(a[~keep] == 0)
    np.testing.assert_allclose(a.sum(-1), 1.0, rtol=1e-14)


def test_masked_softmax_survives_extreme_scores(device):
    scores = np.array([[[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]]])
    a = na.masked_softmax(scores, np.array([2]))
    assert np.all(np.isfinite(a))
    np.testing.assert_allclose(a, [[[1, 0, 0], [0.5, 0.5, 0]]])
    b = ta.masked_softmax(_t(scores, device), torch.tensor([2], device=device))
    np.testing.assert_allclose(_np(b), a)


def test_large_negative_fill_agrees_except_on_fully_masked_rows():
    """The d2l recipe (masked scores := -1e6) is our function on every row that keeps a key;
    on a fully masked row it gives uniform weights, ours gives zeros."""
    scores = RNG.normal(size=(2, 3, 4))
    valid = np.array([[3, 0, 1], [4, 2, 2]])
    keep = np.arange(4) < valid[:, :, None]
    filled = np.where(keep, scores, -1e6)
    d2l = np.exp(filled - filled.max(-1, keepdims=True))
    d2l /= d2l.sum(-1, keepdims=True)
    ours = na.masked_softmax(scores, valid)
    rows = keep.any(-1)
    np.testing.assert_allclose(ours[rows], d2l[rows], rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(d2l[0, 1], 0.25)
    assert np.all(ours[0, 1] == 0)


def test_torch_masked_softmax_gradient_matches_the_unmasked_softmax_on_kept_entries(device):
    s = torch.randn(2, 3, 5, dtype=F64, device=device, requires_grad=True)
    g = torch.randn(2, 3, 5, dtype=F64, device=device)
    vl = torch.tensor([3, 5], device=device)
    (ta.masked_softmax(s, vl) * g).sum().backward()
    ours = s.grad.clone()
    s.grad = None
    keep = torch.arange(5, device=device) < vl[:, None, None]
    (torch.softmax(s.masked_fill(~keep, -torch.inf), -1) * g).sum().backward()
    torch.testing.assert_close(ours, s.grad)
    # a fully masked row gives zero gradient, not NaN
    s.grad = None
    (ta.masked_softmax(s, torch.tensor([0, 5], device=device)) * g).sum().backward()
    assert torch.all(s.grad[0] == 0) and torch.isfinite(s.grad).all()


# ----------------------------------------------------------------------------- pooling


def test_nadaraya_watson_average_and_gaussian_against_the_formulas():
    x = np.sort(RNG.uniform(0, 5, 20))
    y = 2 * np.sin(x) + RNG.normal(0, 0.1, 20)
    xq = np.linspace(0, 5, 7)
    f_avg, a_avg = na.nadaraya_watson(xq, x, y, kernel="average")
    np.testing.assert_allclose(f_avg, np.full(7, y.mean()), rtol=1e-14)
    np.testing.assert_allclose(a_avg, 1 / 20)
    for w in (0.5, 1.0, 3.0):
        f, _ = na.nadaraya_watson(xq, x, y, width=w)
        for i, q in enumerate(xq):
            k = [math.exp(-0.5 * ((q - xi) * w) ** 2) for xi in x]
            expected = sum(ki * yi for ki, yi in zip(k, y, strict=True)) / sum(k)
            assert f[i] == pytest.approx(expected, rel=1e-12)


def test_nadaraya_watson_width_gradient_against_finite_differences_and_autograd(device):
    x = np.sort(RNG.uniform(0, 5, 15))
    y = 2 * np.sin(x) + x**0.8
    leave_one_out = ~np.eye(15, dtype=bool)
    for w0 in (0.7, 2.0):
        params = {"w": np.array([w0])}
        loss, grad = na.nadaraya_watson_width_grad(x, x, y, y, w0, mask=leave_one_out)

        def f(params=params):
            return na.nadaraya_watson_width_grad(x, x, y, y, params["w"][0],
                                                 mask=leave_one_out)[0]

        errors = check_gradients(f, params, {"w": np.array([grad])})
        assert errors["w"] < 1e-7
        model = ta.NadarayaWatson(w0, dtype=F64, device=device)
        xt, yt = _t(x, device), _t(y, device)
        pred, _ = model(xt, xt, yt, mask=torch.tensor(leave_one_out, device=device))
        torch_loss = 0.5 * ((pred - yt) ** 2).mean()
        torch_loss.backward()
        assert torch_loss.item() == pytest.approx(loss, rel=1e-12)
        # d/dw = d/dlog(w) / w
        assert model.log_width.grad.item() / w0 == pytest.approx(grad, rel=1e-10)


def test_learned_width_fits_better_than_averaging(device):
    rng = np.random.default_rng(1)
    x = np.sort(rng.uniform(0, 5, 50))
    y = 2 * np.sin(x) + x**0.8 + rng.normal(0, 0.5, 50)
    xt, yt = torch.tensor(x, device=device), torch.tensor(y, device=device)
    model = ta.NadarayaWatson(1.0, dtype=F64, device=device)
    loo = ~torch.eye(50, dtype=torch.bool, device=device)
    for _ in range(10):  # plain gradient descent on log(w)
        loss = 0.5 * ((model(xt, xt, yt, mask=loo)[0] - yt) ** 2).mean()
        (grad,) = torch.autograd.grad(loss, [model.log_width])
        with torch.no_grad():
            model.log_width -= 5.0 * grad
    xq = torch.linspace(0, 5, 50, dtype=F64, device=device)
    truth = 2 * torch.sin(xq) + xq**0.8
    mse_learned = ((model(xq, xt, yt)[0] - truth) ** 2).mean().item()
    mse_avg = ((yt.mean() - truth) ** 2).mean().item()
    assert mse_learned < 0.2 * mse_avg


# ----------------------------------------------------------------------------- additive


def test_additive_attention_numpy_and_torch_against_a_loop(device):
    b, n_q, n_k, d_q, d_k, h, d_v = 2, 3, 4, 5, 6, 7, 2
    q, k, v = (RNG.normal(size=s) for s in ((b, n_q, d_q), (b, n_k, d_k), (b, n_k, d_v)))
    W_q, W_k, w_v = RNG.normal(size=(d_q, h)), RNG.normal(size=(d_k, h)), RNG.normal(size=h)
    valid = np.array([2, 4])
    expected = np.zeros((b, n_q, d_v))
    for bi in range(b):
        for i in range(n_q):
            s = [w_v @ np.tanh(q[bi, i] @ W_q + k[bi, j] @ W_k) for j in range(valid[bi])]
            e = np.exp(np.array(s) - max(s))
            expected[bi, i] = (e / e.sum()) @ v[bi, : valid[bi]]
    out, _ = na.additive_attention(q, k, v, W_q, W_k, w_v, valid_lens=valid)
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    layer = ta.AdditiveAttention(d_q, d_k, h, dtype=F64, device=device)
    with torch.no_grad():
        layer.W_q.copy_(_t(W_q, device)), layer.W_k.copy_(_t(W_k, device))
        layer.w_v.copy_(_t(w_v, device))
    out_t, w_t = layer(_t(q, device), _t(k, device), _t(v, device),
                       torch.tensor(valid, device=device))
    np.testing.assert_allclose(_np(out_t), expected, rtol=1e-12)
    assert torch.all(w_t[0, :, 2:] == 0)


def test_additive_attention_backward_against_finite_differences_and_autograd(device):
    rng = np.random.default_rng(3)
    b, n_q, n_k, d_q, d_k, h, d_v = 2, 3, 4, 3, 2, 5, 2
    p = {"queries": rng.normal(size=(b, n_q, d_q)), "keys": rng.normal(size=(b, n_k, d_k)),
         "values": rng.normal(size=(b, n_k, d_v)), "W_q": rng.normal(size=(d_q, h)),
         "W_k": rng.normal(size=(d_k, h)), "w_v": rng.normal(size=h)}
    valid = np.array([[2, 4, 0], [1, 3, 4]])  # a fully masked row included
    g = rng.normal(size=(b, n_q, d_v))

    def loss():
        out, _ = na.additive_attention(p["queries"], p["keys"], p["values"], p["W_q"],
                                       p["W_k"], p["w_v"], valid_lens=valid)
        return float((out * g).sum())

    grads = na.additive_attention_backward(g, p["queries"], p["keys"], p["values"], p["W_q"],
                                           p["W_k"], p["w_v"], valid_lens=valid)
    errors = check_gradients(loss, p, grads)
    assert max(errors.values()) < 1e-7, errors
    layer = ta.AdditiveAttention(d_q, d_k, h, dtype=F64, device=device)
    with torch.no_grad():
        for name in ("W_q", "W_k", "w_v"):
            getattr(layer, name).copy_(_t(p[name], device))
    inputs = [_t(p[n], device).requires_grad_() for n in ("queries", "keys", "values")]
    out, _ = layer(*inputs, torch.tensor(valid, device=device))
    (out * _t(g, device)).sum().backward()
    for name, t in zip(("queries", "keys", "values"), inputs, strict=True):
        np.testing.assert_allclose(grads[name], _np(t.grad), rtol=1e-10, atol=1e-12)
    for name in ("W_q", "W_k", "w_v"):
        np.testing.assert_allclose(grads[name], _np(getattr(layer, name).grad), rtol=1e-10)


# ----------------------------------------------------------------------------- dot product


def _qkv(b=2, h=3, n_q=4, n_k=5, d=6, d_v=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(b, h, n_q, d)), rng.normal(size=(b, h, n_k, d)), \
        rng.normal(size=(b, h, n_k, d_v))


def test_sdpa_matches_torch_builtin_without_and_with_masks(device):
    q, k, v = _qkv()
    keep = RNG.random((2, 1, 4, 5)) < 0.7
    keep[..., 0] = True  # every row keeps a key: the built-in is defined everywhere
    cases = [({}, {}), ({"mask": keep}, {"attn_mask": keep}),
             ({"causal": True}, {"is_causal": True})]
    for ours_kw, theirs_kw in cases:
        expected = F.scaled_dot_product_attention(
            _t(q, device), _t(k, device), _t(v, device),
            **{n: torch.tensor(m, device=device) if isinstance(m, np.ndarray) else m
               for n, m in theirs_kw.items()})
        out_np, _ = na.scaled_dot_product_attention(q, k, v, **ours_kw)
        np.testing.assert_allclose(out_np, _np(expected), rtol=1e-12, atol=1e-14)
        out_t, _ = ta.scaled_dot_product_attention(
            _t(q, device), _t(k, device), _t(v, device),
            **{n: torch.tensor(m, device=device) if isinstance(m, np.ndarray) else m
               for n, m in ours_kw.items()})
        torch.testing.assert_close(out_t, expected)


def test_sdpa_valid_lengths_equal_the_builtin_with_a_boolean_mask(device):
    q, k, v = _qkv(h=1)
    q, k, v = q[:, 0], k[:, 0], v[:, 0]
    valid = np.array([[1, 2, 5, 3], [5, 5, 4, 1]])
    keep = np.arange(5) < valid[:, :, None]
    expected = F.scaled_dot_product_attention(_t(q, device), _t(k, device), _t(v, device),
                                              attn_mask=torch.tensor(keep, device=device))
    out_np, _ = na.scaled_dot_product_attention(q, k, v, valid_lens=valid)
    np.testing.assert_allclose(out_np, _np(expected), rtol=1e-12, atol=1e-14)
    out_t, _ = ta.scaled_dot_product_attention(_t(q, device), _t(k, device), _t(v, device),
                                               valid_lens=torch.tensor(valid, device=device))
    torch.testing.assert_close(out_t, expected)


def test_fully_masked_row_gives_zero_output_never_nan(device):
    q, k, v = _qkv()
    keep = np.ones((2, 3, 4, 5), dtype=bool)
    keep[0, 1, 2] = False  # query 2 of head 1 of example 0 sees nothing
    out_np, cache = na.scaled_dot_product_attention(q, k, v, mask=keep)
    assert np.all(out_np[0, 1, 2] == 0) and np.all(cache["weights"][0, 1, 2] == 0)
    assert np.all(np.isfinite(out_np))
    out_t, _ = ta.scaled_dot_product_attention(_t(q, device), _t(k, device), _t(v, device),
                                               mask=torch.tensor(keep, device=device))
    assert torch.all(out_t[0, 1, 2] == 0) and torch.isfinite(out_t).all()
    # everywhere the built-in is defined, it agrees
    expected = F.scaled_dot_product_attention(_t(q, device), _t(k, device), _t(v, device),
                                              attn_mask=torch.tensor(keep, device=device))
    rows = torch.tensor(keep.any(-1), device=device)
    torch.testing.assert_close(out_t[rows], expected[rows])


def test_sdpa_backward_against_finite_differences_and_autograd(device):
    q, k, v = _qkv(b=1, h=2, n_q=3, n_k=4, d=3, d_v=2)
    keep = np.ones((1, 2, 3, 4), dtype=bool)
    keep[0, 0, :, 3] = False
    keep[0, 1, 1] = False  # a fully masked row too
    g = RNG.normal(size=(1, 2, 3, 2))
    params = {"Q": q.copy(), "K": k.copy(), "V": v.copy()}

    def loss():
        out, _ = na.scaled_dot_product_attention(params["Q"], params["K"], params["V"],
                                                 mask=keep)
        return float((out * g).sum())

    _, cache = na.scaled_dot_product_attention(q, k, v, mask=keep)
    d_q, d_k, d_v = na.scaled_dot_product_attention_backward(g, cache)
    errors = check_gradients(loss, params, {"Q": d_q, "K": d_k, "V": d_v})
    assert max(errors.values()) < 1e-7, errors
    # autograd through the torch half (its fully masked row is defined, unlike the built-ins')
    qt, kt, vt = (_t(a, device).requires_grad_() for a in (q, k, v))
    out, _ = ta.scaled_dot_product_attention(qt, kt, vt, mask=torch.tensor(keep, device=device))
    (out * _t(g, device)).sum().backward()
    for ours, t in ((d_q, qt), (d_k, kt), (d_v, vt)):
        np.testing.assert_allclose(ours, _np(t.grad), rtol=1e-10, atol=1e-12)


def test_self_attention_weight_shapes_and_builtin(device):
    n, d, d_k, d_v = 5, 8, 4, 3
    X = RNG.normal(size=(2, n, d))
    W_q, W_k, W_v = RNG.normal(size=(d, d_k)), RNG.normal(size=(d, d_k)), RNG.normal(size=(d, d_v))
    out, weights = nmh.self_attention(X, W_q, W_k, W_v)
    assert out.shape == (2, n, d_v) and weights.shape == (2, n, n)
    Xt = _t(X, device)
    expected = F.scaled_dot_product_attention(Xt @ _t(W_q, device), Xt @ _t(W_k, device),
                                              Xt @ _t(W_v, device))
    np.testing.assert_allclose(out, _np(expected), rtol=1e-12)
    with pytest.raises(ValueError, match=r"^W_q must have shape \(d, ·\) with d = 8"):
        nmh.self_attention(X, W_q.T, W_k, W_v)


# ----------------------------------------------------------------------------- multi-head


def _pair(device, d_model=12, heads=3, seed=0):
    torch.manual_seed(seed)
    builtin = nn.MultiheadAttention(d_model, heads, batch_first=True, dtype=F64, device=device)
    with torch.no_grad():  # non-zero biases, so that copying them is tested too
        builtin.in_proj_bias.normal_()
        builtin.out_proj.bias.normal_()
    ours = ta.MultiHeadAttention(d_model, heads, dtype=F64, device=device).copy_from(builtin)
    return builtin, ours


@pytest.mark.parametrize("masks", ["none", "padding", "causal", "both"])
def test_multi_head_attention_matches_nn_multihead_attention(device, masks):
    builtin, ours = _pair(device)
    x = torch.randn(3, 6, 12, dtype=F64, device=device)
    pad = torch.tensor([[False] * 6, [False] * 4 + [True] * 2, [False] + [True] * 5],
                       device=device)
    kw_b, kw_o = {}, {}
    if masks in ("padding", "both"):
        kw_b["key_padding_mask"], kw_o["key_padding_mask"] = pad, pad
    if masks in ("causal", "both"):
        kw_b["attn_mask"] = torch.ones(6, 6, dtype=torch.bool, device=device).triu(1)
        kw_o["causal"] = True
    ref, ref_w = builtin(x, x, x, average_attn_weights=False, **kw_b)
    out, w = ours(x, need_weights=True, fast=False, **kw_o)
    torch.testing.assert_close(out, ref)
    torch.testing.assert_close(w, ref_w)
    fast, _ = ours(x, fast=True, **kw_o)
    torch.testing.assert_close(fast, ref)
    # gradients of the inputs and of every weight agree with the built-in's
    g = torch.randn_like(ref)
    grads_ref = torch.autograd.grad((ref * g).sum(),
                                    [builtin.in_proj_weight, builtin.out_proj.weight])
    grads = torch.autograd.grad((out * g).sum(), [ours.w_q, ours.w_k, ours.w_v, ours.w_o])
    torch.testing.assert_close(torch.cat([gr.T for gr in grads[:3]]), grads_ref[0])
    torch.testing.assert_close(grads[3].T, grads_ref[1])


def test_multi_head_cross_attention_with_other_lengths(device):
    builtin, ours = _pair(device, d_model=8, heads=2)
    q = torch.randn(2, 3, 8, dtype=F64, device=device)
    kv = torch.randn(2, 7, 8, dtype=F64, device=device)
    pad = torch.zeros(2, 7, dtype=torch.bool, device=device)
    pad[1, 5:] = True
    ref, _ = builtin(q, kv, kv, key_padding_mask=pad)
    out, _ = ours(q, kv, kv, key_padding_mask=pad)
    torch.testing.assert_close(out, ref)
    out_vl, _ = ours(q, kv, kv, valid_lens=torch.tensor([7, 5], device=device))
    torch.testing.assert_close(out_vl, ref)


def test_fully_padded_sequence_multi_head_defined_where_builtin_is_nan(device):
    builtin, ours = _pair(device, d_model=8, heads=2)
    x = torch.randn(2, 4, 8, dtype=F64, device=device)
    pad = torch.zeros(2, 4, dtype=torch.bool, device=device)
    pad[1] = True  # the second sequence is all padding
    ref, _ = builtin(x, x, x, key_padding_mask=pad)
    assert torch.isnan(ref[1]).all()  # the built-in is undefined there
    for fast in (False, True):
        out, _ = ours(x, key_padding_mask=pad, fast=fast)
        torch.testing.assert_close(out[0], ref[0])
        # attention output 0, so the layer returns the output projection's bias
        torch.testing.assert_close(out[1], ours.b_o.expand(4, 8))


def test_numpy_multi_head_equals_torch(device):
    builtin, ours = _pair(device, d_model=12, heads=4)
    params = {f"W_{n}": _np(getattr(ours, f"w_{n}")) for n in "qkvo"}
    params |= {f"b_{n}": _np(getattr(ours, f"b_{n}")) for n in "qkvo"}
    x = RNG.normal(size=(2, 5, 12))
    pad = np.array([[False] * 5, [False] * 3 + [True] * 2])
    out_np, w_np = nmh.multi_head_attention(x, x, x, params, 4, key_padding_mask=pad, causal=True)
    out_t, w_t = ours(_t(x, device), key_padding_mask=torch.tensor(pad, device=device),
                      causal=True, need_weights=True)
    np.testing.assert_allclose(out_np, _np(out_t), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(w_np, _np(w_t), rtol=1e-12, atol=1e-15)


def test_float32_multi_head_matches_builtin(device):
    torch.manual_seed(0)
    builtin = nn.MultiheadAttention(32, 4, batch_first=True, device=device)
    ours = ta.MultiHeadAttention(32, 4, device=device).copy_from(builtin)
    x = torch.randn(2, 9, 32, device=device)
    ref, _ = builtin(x, x, x, need_weights=False)
    for fast in (False, True):
        torch.testing.assert_close(ours(x, fast=fast)[0], ref, rtol=1e-5, atol=1e-5)


# ----------------------------------------------------------------------------- positions


def test_positional_encoding_against_the_formula(device):
    P = nmh.positional_encoding(20, 8)
    for pos in range(20):
        for i in range(4):
            angle = pos / 10000 ** (2 * i / 8)
            assert P[pos, 2 * i] == pytest.approx(math.sin(angle), abs=1e-14)
            assert P[pos, 2 * i + 1] == pytest.approx(math.cos(angle), abs=1e-14)
    Pt = ta.positional_encoding(20, 8, dtype=F64, device=device)
    np.testing.assert_allclose(_np(Pt), P, rtol=0, atol=1e-15)


def test_shift_by_k_is_a_fixed_rotation_independent_of_position():
    P = nmh.positional_encoding(100, 16)
    for k in (1, 5, 17, -3):
        M = nmh.positional_shift_matrix(k, 16)
        lo, hi = max(0, -k), min(100, 100 - k)
        np.testing.assert_allclose(P[lo:hi] @ M, P[lo + k:hi + k], atol=1e-12)
        np.testing.assert_allclose(M.T @ M, np.eye(16), atol=1e-14)  # a rotation
        assert np.linalg.det(M) == pytest.approx(1.0)
    # the same map, recovered by least squares from positions 0..49 alone, predicts 50..
    M_fit, *_ = np.linalg.lstsq(P[:50], P[7:57], rcond=None)
    np.testing.assert_allclose(P[60:90] @ M_fit, P[67:97], atol=1e-8)


# ----------------------------------------------------------------------------- bad input


def test_bad_masks_and_lengths_are_rejected_by_name(device):
    scores = np.zeros((2, 3, 4))
    with pytest.raises(ValueError, match=r"^valid_lens must lie in \[0, 4\]"):
        na.masked_softmax(scores, np.array([2, 5]))
    with pytest.raises(ValueError, match=r"^valid_lens must lie in \[0, 4\]"):
        na.masked_softmax(scores, np.array([-1, 2]))
    with pytest.raises(ValueError, match=r"^valid_lens must have shape \(2,\) or \(2, 3\)"):
        na.masked_softmax(scores, np.array([1, 2, 3]))
    with pytest.raises(TypeError, match=r"^valid_lens must hold integers"):
        na.masked_softmax(scores, np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"^mask must broadcast to the scores' shape"):
        na.masked_softmax(scores, mask=np.ones((2, 3, 5), dtype=bool))
    with pytest.raises(TypeError, match=r"^mask must be boolean"):
        na.masked_softmax(scores, mask=np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match=r"^scores must be finite"):
        na.masked_softmax(np.array([[np.nan, 1.0]]))
    st = torch.zeros(2, 3, 4, device=device)
    with pytest.raises(ValueError, match=r"^valid_lens must lie in \[0, 4\]"):
        ta.masked_softmax(st, torch.tensor([2, 5], device=device))
    with pytest.raises(ValueError, match=r"^valid_lens must have shape"):
        ta.masked_softmax(st, torch.tensor([[1, 2]], device=device))
    with pytest.raises(ValueError, match=r"^mask must broadcast to the scores' shape"):
        ta.masked_softmax(st, mask=torch.ones(3, 3, dtype=torch.bool, device=device))
    with pytest.raises(TypeError, match=r"^mask must be a boolean tensor"):
        ta.masked_softmax(st, mask=torch.ones(3, 4, device=device))


def test_bad_shapes_and_heads_are_rejected_by_name(device):
    with pytest.raises(ValueError, match=r"^d_model \(10\) must be divisible by num_heads \(3\)"):
        ta.MultiHeadAttention(10, 3)
    with pytest.raises(ValueError, match=r"^d_model \(10\) must be divisible by num_heads \(3\)"):
        nmh.multi_head_attention(np.zeros((1, 2, 10)), np.zeros((1, 2, 10)),
                                np.zeros((1, 2, 10)), {}, 3)
    mha = ta.MultiHeadAttention(8, 2, device=device)
    x = torch.zeros(2, 4, 8, device=device)
    with pytest.raises(ValueError, match=r"^key_padding_mask must be a boolean tensor of shape"):
        mha(x, key_padding_mask=torch.zeros(2, 5, dtype=torch.bool, device=device))
    with pytest.raises(ValueError, match=r"^query must have shape \(batch, n, 8\)"):
        mha(torch.zeros(2, 4, 6, device=device))
    with pytest.raises(ValueError, match=r"^need_weights=True needs the teaching path"):
        mha(x, need_weights=True, fast=True)
    with pytest.raises(ValueError, match=r"^keys must have the queries' width d = 3"):
        na.scaled_dot_product_attention(np.zeros((1, 2, 3)), np.zeros((1, 4, 5)),
                                        np.zeros((1, 4, 2)))
    with pytest.raises(ValueError, match=r"^values must have one row per key \(4\)"):
        ta.scaled_dot_product_attention(torch.zeros(1, 2, 3), torch.zeros(1, 4, 3),
                                        torch.zeros(1, 5, 2))
    with pytest.raises(ValueError, match=r"^d must be even"):
        nmh.positional_encoding(10, 7)
    with pytest.raises(ValueError, match=r"^width must be a finite number > 0"):
        na.nadaraya_watson([0.0], [1.0], [2.0], width=0)
    with pytest.raises(ValueError, match=r"^kernel must be one of"):
        na.nadaraya_watson([0.0], [1.0], [2.0], kernel="box")


def test_fast_path_gradients_are_finite_and_match_the_teaching_path(device):
    _, ours = _pair(device, d_model=8, heads=2)
    x = torch.randn(2, 4, 8, dtype=F64, device=device, requires_grad=True)
    pad = torch.zeros(2, 4, dtype=torch.bool, device=device)
    pad[1] = True  # a fully padded sequence: empty rows in every head
    grads = []
    for fast in (False, True):
        out, _ = ours(x, key_padding_mask=pad, causal=True, fast=fast)
        grads.append(torch.autograd.grad(out.square().sum(), [x, ours.w_q, ours.w_v]))
    for slow, fast in zip(*grads, strict=True):
        assert torch.isfinite(fast).all()
        torch.testing.assert_close(fast, slow)
