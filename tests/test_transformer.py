"""Transformer: blocks against the PyTorch built-ins with copied weights, NumPy against torch.

Oracles: nn.TransformerEncoderLayer / nn.TransformerDecoderLayer (post-norm, dropout 0,
batch_first) with copied weights, their autograd gradients, F.layer_norm, plain per-token
loops, and structural facts (causality, padding invariance) of the full model.

Then the bad-input sweep of the chapter's public API (tests/sweep_support.py); its property
tests are in test_transformer_properties.py.
"""

import time

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, X, ar, finite, sweep_module, tn
from torch import nn

from dlnotes.data import random_dates
from dlnotes.numpy import transformer as nt
from dlnotes.numpy.gradient_checking import check_gradients
from dlnotes.torch import transformer as tt
from dlnotes.torch import transformer_experiment as ttx

F64 = torch.float64
D, H, FF = 16, 4, 24
N_TRAIN = 16000  # train_dates' default


def _np(t):
    return t.detach().cpu().numpy()


def _padding(lengths, n, device):
    return torch.arange(n, device=device)[None, :] >= torch.tensor(lengths, device=device)[:, None]


def _encoder_pair(device, seed=0):
    torch.manual_seed(seed)
    builtin = nn.TransformerEncoderLayer(D, H, FF, dropout=0.0, batch_first=True,
                                         dtype=F64, device=device)
    with torch.no_grad():  # non-trivial norms and biases, so that a swap would show
        for p in builtin.parameters():
            if p.dim() == 1:
                p.add_(0.1 * torch.randn_like(p))
    ours = tt.EncoderBlock(D, H, FF, dtype=F64, device=device).copy_from(builtin)
    return builtin, ours


def _decoder_pair(device, seed=0):
    torch.manual_seed(seed)
    builtin = nn.TransformerDecoderLayer(D, H, FF, dropout=0.0, batch_first=True,
                                         dtype=F64, device=device)
    with torch.no_grad():
        for p in builtin.parameters():
            if p.dim() == 1:
                p.add_(0.1 * torch.randn_like(p))
    ours = tt.DecoderBlock(D, H, FF, dtype=F64, device=device).copy_from(builtin)
    return builtin, ours


# ----------------------------------------------------------------------------- layer norm


def test_layer_norm_matches_the_builtin_and_a_per_token_loop(device):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 5, D)) * 4 + 2
    gamma, beta = rng.normal(size=D), rng.normal(size=D)
    expected = np.empty_like(x)
    for b, t in np.ndindex(3, 5):  # one token at a time
        v = x[b, t]
        expected[b, t] = (v - v.mean()) / np.sqrt(v.var() + 1e-5) * gamma + beta
    np.testing.assert_allclose(nt.layer_norm(x, gamma, beta), expected, rtol=1e-12,
                               atol=1e-12)
    ln = tt.LayerNorm(D, dtype=F64, device=device)
    with torch.no_grad():
        ln.gamma.copy_(torch.tensor(gamma)), ln.beta.copy_(torch.tensor(beta))
    xt = torch.tensor(x, device=device)
    ref = F.layer_norm(xt, (D,), ln.gamma, ln.beta, 1e-5)
    torch.testing.assert_close(ln(xt), ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(_np(ref), expected, rtol=1e-12, atol=1e-12)


def test_layer_norm_backward_against_finite_differences_and_autograd(device):
    rng = np.random.default_rng(5)
    p = {"x": rng.normal(size=(2, 3, 6)) * 2 + 1, "gamma": rng.normal(size=6),
         "beta": rng.normal(size=6)}
    w = rng.normal(size=(2, 3, 6))  # loss = sum(w * layer_norm(x))

    def loss():
        return float((w * nt.layer_norm(p["x"], p["gamma"], p["beta"])).sum())

    dx, dgamma, dbeta = nt.layer_norm_backward(w, p["x"], p["gamma"])
    errors = check_gradients(loss, p, {"x": dx, "gamma": dgamma, "beta": dbeta})
    assert max(errors.values()) < 1e-7, errors
    ts = {k: torch.tensor(v, device=device, requires_grad=True) for k, v in p.items()}
    out = F.layer_norm(ts["x"], (6,), ts["gamma"], ts["beta"], 1e-5)
    (out * torch.tensor(w, device=device)).sum().backward()
    for name, ours in (("x", dx), ("gamma", dgamma), ("beta", dbeta)):
        np.testing.assert_allclose(ours, _np(ts[name].grad), rtol=1e-10, atol=1e-12)


def test_layer_norm_ignores_the_batch_and_batch_norm_does_not():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(1, 3, D))  # a sequence of 3 tokens
    b = rng.normal(size=(1, 6, D)) * 3 + 1  # a longer one
    padded = np.concatenate([np.pad(a, ((0, 0), (0, 3), (0, 0))), b])  # (2, 6, D)
    pad = np.arange(6)[None, :] >= np.array([3, 6])[:, None]
    ones, zeros = np.ones(D), np.zeros(D)
    alone, batched = nt.layer_norm(a, ones, zeros), nt.layer_norm(padded, ones, zeros)
    np.testing.assert_allclose(batched[0, :3], alone[0], rtol=1e-13, atol=1e-13)
    # batch norm: a's normalized tokens change with their batch-mates, masked or not
    bn_alone = nt.batch_norm_tokens(a)
    for mask in (None, pad):
        bn = nt.batch_norm_tokens(padded, key_padding_mask=mask)
        assert np.abs(bn[0, :3] - bn_alone[0]).max() > 0.1
    # the masked version leaves pads out of the statistics: it equals the real tokens' BN
    real = np.concatenate([a[0], b[0]])[None]
    masked = nt.batch_norm_tokens(padded, key_padding_mask=pad)
    np.testing.assert_allclose(masked[~pad], nt.batch_norm_tokens(real)[0], atol=1e-13)
    assert np.all(masked[pad] == 0)


# ----------------------------------------------------------------------------- blocks


def test_encoder_block_matches_transformer_encoder_layer(device):
    builtin, ours = _encoder_pair(device)
    builtin.eval()
    x = torch.randn(3, 7, D, dtype=F64, device=device)
    for pad in (None, _padding([7, 4, 2], 7, device)):
        ref = builtin(x, src_key_padding_mask=pad)
        out = ours(x, key_padding_mask=pad)
        rows = slice(None) if pad is None else ~pad  # compare the real tokens
        torch.testing.assert_close(out[rows], ref[rows], rtol=1e-10, atol=1e-10)


def test_encoder_block_gradients_match_the_builtin(device):
    builtin, ours = _encoder_pair(device, seed=1)
    x = torch.randn(2, 5, D, dtype=F64, device=device)
    pad = _padding([5, 3], 5, device)
    w = torch.randn(2, 5, D, dtype=F64, device=device)
    for module, kw in ((builtin, {"src_key_padding_mask": pad}), (ours, {"key_padding_mask": pad})):
        xi = x.clone().requires_grad_()
        (module(xi, **kw) * w).sum().backward()
        module.x_grad = xi.grad
    torch.testing.assert_close(ours.x_grad, builtin.x_grad, rtol=1e-9, atol=1e-10)
    d = D
    pairs = [(ours.attention.w_q.grad, builtin.self_attn.in_proj_weight.grad[:d].T),
             (ours.attention.w_v.grad, builtin.self_attn.in_proj_weight.grad[2 * d:].T),
             (ours.attention.b_o.grad, builtin.self_attn.out_proj.bias.grad),
             (ours.ffn.W1.grad, builtin.linear1.weight.grad.T),
             (ours.ffn.b2.grad, builtin.linear2.bias.grad),
             (ours.norm1.gamma.grad, builtin.norm1.weight.grad),
             (ours.norm2.beta.grad, builtin.norm2.bias.grad)]
    for g_ours, g_ref in pairs:
        torch.testing.assert_close(g_ours, g_ref, rtol=1e-9, atol=1e-10)


def test_decoder_block_matches_transformer_decoder_layer(device):
    builtin, ours = _decoder_pair(device)
    builtin.eval()
    y = torch.randn(3, 6, D, dtype=F64, device=device)
    memory = torch.randn(3, 8, D, dtype=F64, device=device)
    causal = torch.ones(6, 6, dtype=torch.bool, device=device).triu(1)  # True = hidden
    mem_pad = _padding([8, 5, 1], 8, device)
    ref = builtin(y, memory, tgt_mask=causal, memory_key_padding_mask=mem_pad)
    out = ours(y, memory, memory_key_padding_mask=mem_pad)
    torch.testing.assert_close(out, ref, rtol=1e-10, atol=1e-10)
    # a target padding mask as well (compare the real target positions)
    tgt_pad = _padding([6, 6, 3], 6, device)
    ref = builtin(y, memory, tgt_mask=causal, tgt_key_padding_mask=tgt_pad,
                  memory_key_padding_mask=mem_pad)
    out = ours(y, memory, tgt_key_padding_mask=tgt_pad, memory_key_padding_mask=mem_pad)
    torch.testing.assert_close(out[~tgt_pad], ref[~tgt_pad], rtol=1e-10, atol=1e-10)
    # without the causal mask
    ref = builtin(y, memory)
    torch.testing.assert_close(ours(y, memory, causal=False), ref, rtol=1e-10, atol=1e-10)


def test_numpy_encoder_block_equals_the_torch_one(device):
    _, ours = _encoder_pair(device, seed=2)
    x = torch.randn(2, 6, D, dtype=F64, device=device)
    pad = _padding([6, 3], 6, device)
    expected = _np(ours(x, key_padding_mask=pad))
    got = nt.encoder_block(_np(x), ours.numpy_params(), H, key_padding_mask=_np(pad))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_numpy_decoder_block_equals_the_torch_one(device):
    _, ours = _decoder_pair(device, seed=3)
    y = torch.randn(2, 5, D, dtype=F64, device=device)
    memory = torch.randn(2, 7, D, dtype=F64, device=device)
    pad = _padding([7, 2], 7, device)
    expected = _np(ours(y, memory, memory_key_padding_mask=pad))
    got = nt.decoder_block(_np(y), _np(memory), ours.numpy_params(), H,
                           memory_key_padding_mask=_np(pad))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_position_wise_ffn_acts_on_each_position_alone():
    rng = np.random.default_rng(4)
    p = {"W1": rng.normal(size=(D, FF)), "b1": rng.normal(size=FF),
         "W2": rng.normal(size=(FF, D)), "b2": rng.normal(size=D)}
    x = rng.normal(size=(2, 3, D))
    out = nt.position_wise_ffn(x, p)
    for b, t in np.ndindex(2, 3):
        h = np.maximum(p["W1"].T @ x[b, t] + p["b1"], 0)
        np.testing.assert_allclose(out[b, t], p["W2"].T @ h + p["b2"], rtol=1e-12)


# ----------------------------------------------------------------------------- the model


def _model(device):
    torch.manual_seed(0)
    return tt.Transformer(20, 15, d_model=16, num_heads=4, d_ff=32, num_layers=2,
                          max_len=12, dtype=F64, device=device).eval()


def test_decoder_is_causal_and_source_padding_is_ignored(device):
    model = _model(device)
    src = torch.tensor([[5, 6, 7, 8, 0, 0], [9, 4, 3, 0, 0, 0]], device=device)
    tgt = torch.tensor([[1, 4, 5, 6, 7], [1, 7, 6, 5, 4]], device=device)
    logits = model(src, tgt)
    assert logits.shape == (2, 5, 15)
    changed = tgt.clone()
    changed[:, 3:] = 9  # change the last two inputs: the first three outputs stay
    torch.testing.assert_close(model(src, changed)[:, :3], logits[:, :3], rtol=0, atol=1e-12)
    assert not torch.allclose(model(src, changed)[:, 3:], logits[:, 3:])
    longer = torch.cat([src, torch.zeros(2, 4, dtype=torch.long, device=device)], dim=1)
    torch.testing.assert_close(model(longer, tgt), logits, rtol=0, atol=1e-12)


def test_greedy_decoding_picks_the_argmax_of_the_full_forward(device):
    model = _model(device)
    src = torch.tensor([[5, 6, 7, 8, 0], [9, 4, 3, 2, 11]], device=device)
    out = model.greedy(src, steps=4)
    tgt_in = torch.cat([torch.ones(2, 1, dtype=torch.long, device=device), out[:, :-1]], 1)
    torch.testing.assert_close(model(src, tgt_in).argmax(-1), out)


def test_encode_dates_frames_the_targets():
    pairs = random_dates(5, seed=3)
    from dlnotes.data import Vocab

    vocab = Vocab.from_texts(s + t for s, t in pairs)
    src, tgt_in, tgt_out = ttx.encode_dates(pairs, vocab, 30)
    assert src.shape == (5, 30) and tgt_in.shape == tgt_out.shape == (5, 11)
    assert torch.all(tgt_in[:, 0] == 1) and torch.all(tgt_out[:, -1] == 2)
    assert torch.equal(tgt_in[:, 1:], tgt_out[:, :-1])
    assert [vocab.decode(r.tolist()) for r in tgt_out] == [t for _, t in pairs]


# ----------------------------------------------------------------------------- bad input


def test_bad_input_names_the_argument(device):
    with pytest.raises(ValueError, match=r"d_model \(10\) must be divisible by num_heads \(3\)"):
        tt.EncoderBlock(10, 3, 16, device=device)
    with pytest.raises(ValueError, match="d_model"):
        nt.encoder_block(np.zeros((1, 2, 10)), {"attention": {}, "norm1": {}, "ffn": {},
                                                 "norm2": {}}, 3)
    _, block = _encoder_pair(device)
    x = torch.zeros(2, 4, D, dtype=F64, device=device)
    with pytest.raises(ValueError, match="key_padding_mask must have shape"):
        block(x, key_padding_mask=torch.zeros(2, 5, dtype=torch.bool, device=device))
    with pytest.raises(TypeError, match="key_padding_mask must be a boolean"):
        block(x, key_padding_mask=torch.zeros(2, 4, device=device))
    with pytest.raises(ValueError, match=r"x must have shape \(batch, n, 16\)"):
        block(torch.zeros(2, 4, 8, dtype=F64, device=device))
    _, dec = _decoder_pair(device)
    with pytest.raises(ValueError, match="memory_key_padding_mask must have shape"):
        dec(x, x, memory_key_padding_mask=torch.zeros(2, 3, dtype=torch.bool, device=device))
    with pytest.raises(ValueError, match="memory must have the batch size"):
        dec(x, x[:1])
    with pytest.raises(ValueError, match="key_padding_mask must be boolean of shape"):
        nt.encoder_block(_np(x), block.numpy_params(), H,
                         key_padding_mask=np.zeros((2, 3), dtype=bool))
    with pytest.raises(ValueError, match="norm_first"):
        block.copy_from(nn.TransformerEncoderLayer(D, H, FF, batch_first=True, norm_first=True))
    with pytest.raises(ValueError, match="dropout"):
        tt.EncoderBlock(D, H, FF, dropout=1.0)
    with pytest.raises(TypeError, match="src must be a 2-D tensor of int64"):
        _model(device)(torch.zeros(2, 3, device=device), torch.ones(2, 2, dtype=torch.long))
    with pytest.raises(ValueError, match="src is longer"):
        _model(device)(torch.ones(1, 13, dtype=torch.long, device=device),
                       torch.ones(1, 2, dtype=torch.long, device=device))
    with pytest.raises(ValueError, match="gamma must have shape"):
        nt.layer_norm(np.zeros((2, 4)), np.ones(3), np.zeros(4))


# ----------------------------------------------------------------------------- training


@pytest.mark.slow
def test_transformer_learns_the_dates_task(device):
    start = time.perf_counter()
    model, vocab, history = ttx.train_dates(n_train=N_TRAIN, device=device)
    seconds = time.perf_counter() - start
    seen = {iso for _, iso in random_dates(N_TRAIN, seed=0)}  # the training dates
    held_out = [p for p in random_dates(5000, seed=2024) if p[1] not in seen][:2000]
    acc = ttx.exact_match(model, vocab, held_out, src_len=32)
    print(f"\n[{device}] dates Transformer: exact match {acc:.4f} on {len(held_out)} held-out "
          f"dates; training {seconds:.1f} s ({len(history)} epochs, final loss "
          f"{history[-1]['loss']:.4f})")
    assert acc >= 0.95
    assert seconds <= 180


@pytest.mark.parametrize("number", [np.float32(1e-5), np.float64(1e-5), 1e-5, 1])
def test_eps_and_dropout_take_any_real_number_numpy_scalars_included(number):
    """Hyperparameters are checked by the shared checks, which accept every real number:
    np.float32(1e-5) used to be refused with a false message."""
    x = np.random.default_rng(0).normal(size=(2, 3, 4))
    ones, zeros = np.ones(4), np.zeros(4)
    expected = nt.layer_norm(x, ones, zeros, 1e-5 if number != 1 else 1.0)
    np.testing.assert_allclose(nt.layer_norm(x, ones, zeros, number), expected, rtol=1e-6)
    assert nt.layer_norm_backward(x, x, ones, number)[0].shape == x.shape
    assert nt.batch_norm_tokens(x, number).shape == x.shape
    assert tt.LayerNorm(4, eps=number).eps == float(number)
    block = tt.EncoderBlock(8, 2, 16, dropout=np.float32(0.1) if number != 1 else 0.0)
    assert block.dropout.p == pytest.approx(0.1 if number != 1 else 0.0)


@pytest.mark.parametrize("bad", [0, -1e-5, float("nan"), float("inf"), "1e-5", True])
def test_a_bad_eps_is_refused_naming_it(bad):
    with pytest.raises((TypeError, ValueError), match="^eps"):
        nt.layer_norm(np.ones((1, 4)), np.ones(4), np.zeros(4), bad)
    with pytest.raises((TypeError, ValueError), match="^eps"):
        tt.LayerNorm(4, eps=bad)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    from dlnotes.torch import transformer as tm

    torch.manual_seed(0)
    enc = tm.EncoderBlock(8, 2, 16, dtype=torch.float64).numpy_params()
    dec = tm.DecoderBlock(8, 2, 16, dtype=torch.float64).numpy_params()
    x, y, mem = ar(2, 4, 8), ar(2, 3, 8), ar(2, 5, 8)
    g, be = ar(8) + 1, ar(8)
    kpm = np.array([[False] * 4, [False, False, True, True]])
    mem_all = np.array([[False] * 5, [True] * 5])  # batch 1's memory is all padding
    return {
        "layer_norm": E(C(x, g, be), arrays=("x", "gamma", "beta"), hyper={"eps": [0, -1.0, NAN]},
                        extra=[X("constant token", C(np.ones((2, 8)), g, be), "ok", finite)]),
        "layer_norm_backward": E(C(ar(2, 4, 8, seed=1), x, g), arrays=("d_out", "x", "gamma"),
                                 hyper={"eps": [0, -1.0, NAN]},
                                 extra=[X("constant token", C(ar(2, 8), np.ones((2, 8)), g), "ok",
                                          finite)]),
        "batch_norm_tokens": E(C(x, key_padding_mask=kpm), arrays=("x",),
                               hyper={"eps": [0, -1.0, NAN],
                                      "key_padding_mask": [kpm[:, :3], kpm.astype(int)]},
                               extra=[X("constant batch", C(np.ones((2, 4, 8))), "ok", finite),
                                      X("every token padding",
                                        C(x, key_padding_mask=np.ones((2, 4), bool)),
                                        "key_padding_mask")]),
        "position_wise_ffn": E(C(x, enc["ffn"]), arrays=("x",),
                               extra=[X("W1 of the wrong width",
                                        C(x, {**enc["ffn"], "W1": ar(7, 16)}), "W1"),
                                      X("params not a dict", C(x, [1, 2]), "params")]),
        "encoder_block": E(C(x, enc, 2, key_padding_mask=kpm), arrays=("x",),
                           hyper={"num_heads": [0, 3, 2.5], "params": [{}, "p"]}),
        "decoder_block": E(C(y, mem, dec, 2), arrays=("y", "memory"),
                           hyper={"num_heads": [0, 3, 2.5], "params": [{}, "p"],
                                  "tgt_key_padding_mask": [kpm]},
                           extra=[X("memory fully padded in one sequence",
                                    C(y, mem, dec, 2, memory_key_padding_mask=mem_all), "ok",
                                    finite)]),
    }


def _torch_sweep():
    from dlnotes.torch import transformer as m

    f64 = torch.float64

    def block(kind, d):
        torch.manual_seed(0)
        return getattr(m, kind)(8, 2, 16, dtype=f64, device=d)

    def model(d):
        torch.manual_seed(0)
        return m.Transformer(12, 12, d_model=8, num_heads=2, d_ff=16, num_layers=1, max_len=6,
                             dtype=f64, device=d)

    def src(d):
        return torch.tensor([[3, 4, 5, 0], [6, 7, 0, 0]], device=d)

    def kpm(d):
        return torch.tensor([[False] * 4, [False, False, True, True]], device=d)

    return {
        "LayerNorm": E(lambda d: C(tn(d, 2, 4, 8), fn=m.LayerNorm(8, dtype=f64, device=d)),
                       arrays=("x",),
                       extra=lambda d: [X("d 0", C(0), "d"), X("eps 0", C(8, 0.0), "eps"),
                                        X("eps nan", C(8, NAN), "eps"),
                                        X("constant token", C(torch.ones(2, 8, dtype=f64,
                                                                         device=d),
                                                              fn=m.LayerNorm(8, dtype=f64,
                                                                             device=d)),
                                          "ok", finite)]),
        "PositionWiseFFN": E(lambda d: C(tn(d, 2, 4, 8),
                                         fn=m.PositionWiseFFN(8, 16, dtype=f64, device=d)),
                             arrays=("x",),
                             extra=[X("d_ff 0", C(8, 0), "d_ff"),
                                    X("dropout 1", C(8, 16, 1.0), "dropout")]),
        "EncoderBlock": E(lambda d: C(tn(d, 2, 4, 8), kpm(d), fn=block("EncoderBlock", d)),
                          arrays=("x",),
                          extra=lambda d: [X("num_heads 3", C(8, 3, 16), "num_heads"),
                                           X("dropout -0.1", C(8, 2, 16, -0.1), "dropout"),
                                           X("mask of the wrong shape",
                                             C(tn(d, 2, 4, 8), kpm(d)[:, :3],
                                               fn=block("EncoderBlock", d)),
                                             "key_padding_mask")]),
        "DecoderBlock": E(lambda d: C(tn(d, 2, 3, 8), tn(d, 2, 4, 8), fn=block("DecoderBlock", d),
                                      memory_key_padding_mask=kpm(d)),
                          arrays=("y", "memory"),
                          extra=lambda d: [X("d_ff 0", C(8, 2, 0), "d_ff"),
                                           X("memory fully padded in one sequence",
                                             C(tn(d, 2, 3, 8), tn(d, 2, 4, 8),
                                               fn=block("DecoderBlock", d),
                                               memory_key_padding_mask=torch.tensor(
                                                   [[False] * 4, [True] * 4], device=d)),
                                             "ok", finite)]),
        "Transformer": E(lambda d: C(src(d), src(d)[:, :3], fn=model(d)), arrays=("src", "tgt_in"),
                         extra=lambda d: [X("src_vocab 0", C(0, 12), "src_vocab"),
                                          X("max_len 0", C(12, 12, max_len=0), "max_len"),
                                          X("id out of the vocabulary",
                                            C(src(d) + 10, src(d), fn=model(d)), "src"),
                                          X("negative id", C(src(d), src(d) - 1, fn=model(d)),
                                            "tgt_in"),
                                          X("longer than max_len",
                                            C(src(d).repeat(1, 2), src(d), fn=model(d)), "src")]),
        "greedy_decode": E(lambda d: C(model(d), src(d), 3), arrays=("src",),
                           hyper={"steps": [0, 2.5], "model": [None]}),
    }


def _experiment_sweep():
    from dlnotes.data import Vocab, random_dates
    from dlnotes.torch import transformer as m

    pairs = random_dates(3, seed=1)
    vocab = Vocab.from_texts(s + t for s, t in pairs)

    def tiny(d):
        torch.manual_seed(0)
        return m.Transformer(len(vocab), len(vocab), d_model=8, num_heads=2, d_ff=16,
                             num_layers=1, max_len=32, device=d)

    return {
        "encode_dates": E(C(pairs, vocab, 32), hyper={"src_len": [0, 2.5], "pairs": [[]]}),
        # the trainer runs for minutes: only the up-front argument checks are swept
        "train_dates": E(C(), skip=("valid call",),
                         hyper={"n_train": BAD_INT, "epochs": BAD_INT, "batch_size": BAD_INT,
                                "lr": BAD_POS, "src_len": BAD_INT}),
        "exact_match": E(lambda d: C(tiny(d), vocab, pairs, 32),
                         hyper={"batch_size": BAD_INT, "pairs": [[]], "src_len": [0]}),
    }


SWEEP = {"numpy.transformer": _numpy_sweep, "torch.transformer": _torch_sweep,
         "torch.transformer_experiment": _experiment_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.transformer", _numpy_sweep, "cpu")


@pytest.mark.api
@pytest.mark.parametrize("module", ["torch.transformer", "torch.transformer_experiment"])
def test_sweep_torch(module, device):
    sweep_module(module, SWEEP[module], device)
