"""Transformer: property tests (hypothesis) of the public API. Layer norm against
``F.layer_norm`` and autograd; batch norm over tokens against ``F.batch_norm``; the encoder and
decoder blocks (NumPy and torch) against ``nn.TransformerEncoderLayer``/``DecoderLayer`` with
copied weights; the model's causality, padding and greedy decoding; the dates' encoding
(tests/properties_support.py)."""

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import (
    CHAPTER_TESTS,
    GRAD,
    PROP,
    SMALL,
    arr,
    close,
    covers,
    layouts,
    seeds,
    tt,
)

from dlnotes.numpy import transformer as nt
from dlnotes.torch import transformer as ttr
from dlnotes.torch import transformer_experiment as ttrx


@PROP
@given(seed=seeds, shape=st.sampled_from([(3, 8), (2, 3, 8), (1, 1, 4)]), layout=layouts,
       scale=st.sampled_from([1e-3, 1.0, 1e3]), eps=st.sampled_from([1e-5, 1e-2]))
@covers("numpy.transformer.layer_norm", "numpy.transformer.layer_norm_backward",
        "torch.transformer.LayerNorm")
def test_layer_norm_matches_builtin(device, seed, shape, layout, scale, eps):
    rng = np.random.default_rng(seed)
    x, d_out = arr(rng, shape, layout, scale), rng.standard_normal(shape)
    d = shape[-1]
    g, b = rng.standard_normal(d), rng.standard_normal(d)
    xt = tt(x, "cpu", grad=True)
    gt, bt = tt(g, "cpu", grad=True), tt(b, "cpu", grad=True)
    ref = F.layer_norm(xt, (d,), gt, bt, eps)
    close(nt.layer_norm(x, g, b, eps), ref)
    ref.backward(tt(d_out, "cpu"))
    dx, dg, db = nt.layer_norm_backward(d_out, x, g, eps)
    tol = {"rtol": 1e-6, "atol": 1e-9 / min(scale, 1.0)}
    close(dx, xt.grad, tol)
    close(dg, gt.grad, GRAD)
    close(db, bt.grad, GRAD)
    ln = torch.nn.LayerNorm(d, eps=eps, dtype=torch.float64)
    with torch.no_grad():
        ln.weight.copy_(gt), ln.bias.copy_(bt)
    ours = ttr.LayerNorm(d, dtype=torch.float64).copy_from(ln).to(device)
    close(ours(tt(x, device)), ref)


@PROP
@given(seed=seeds, b=st.integers(1, 3), n=st.integers(1, 5), d=st.integers(1, 4),
       pad=st.booleans(), layout=layouts)
@covers("numpy.transformer.batch_norm_tokens")
def test_batch_norm_tokens_matches_builtin(seed, b, n, d, pad, layout):
    rng = np.random.default_rng(seed)
    x = arr(rng, (b, n, d), layout)
    kpm = np.zeros((b, n), bool)
    if pad:
        kpm[:, rng.integers(1, n + 1):] = True
    kpm[0, 0] = False      # at least one real token
    out = nt.batch_norm_tokens(x, key_padding_mask=kpm if pad else None)
    keep = ~kpm
    if keep.sum() == 1:   # one token: x - mean = 0 (F.batch_norm refuses a single value)
        ref = np.zeros((1, d))
    else:
        ref = F.batch_norm(torch.tensor(x[keep]), None, None, training=True, eps=1e-5)
    close(out[keep], ref)
    assert np.all(out[kpm] == 0)


def _ln(layer_norms):
    for ln in layer_norms:   # non-trivial affine parameters
        torch.nn.init.normal_(ln.weight, 1.0, 0.3), torch.nn.init.normal_(ln.bias, 0.0, 0.3)


@SMALL
@given(seed=seeds, b=st.integers(1, 2), n=st.integers(1, 5), n_s=st.integers(1, 5),
       heads=st.sampled_from([1, 2, 4]), pad=st.booleans(), causal=st.booleans())
@covers("torch.transformer.EncoderBlock", "torch.transformer.DecoderBlock",
        "torch.transformer.PositionWiseFFN", "numpy.transformer.encoder_block",
        "numpy.transformer.decoder_block", "numpy.transformer.position_wise_ffn")
def test_blocks_match_builtin_layers(device, seed, b, n, n_s, heads, pad, causal):
    torch.manual_seed(seed)
    d, d_ff = 8, 12
    kw = {"batch_first": True, "dropout": 0.0, "dtype": torch.float64}
    enc = torch.nn.TransformerEncoderLayer(d, heads, d_ff, **kw).eval()
    dec = torch.nn.TransformerDecoderLayer(d, heads, d_ff, **kw).eval()
    _ln([enc.norm1, enc.norm2, dec.norm1, dec.norm2, dec.norm3])
    ours_e = ttr.EncoderBlock(d, heads, d_ff, dtype=torch.float64).copy_from(enc).to(device)
    ours_d = ttr.DecoderBlock(d, heads, d_ff, dtype=torch.float64).copy_from(dec).to(device)
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((b, n_s, d)), rng.standard_normal((b, n, d))
    kpm = np.zeros((b, n_s), bool)
    if pad:
        kpm[:, rng.integers(1, n_s + 1):] = True
    tk = torch.tensor(kpm)
    with torch.no_grad():
        mem = enc(tt(x, "cpu"), src_key_padding_mask=tk if pad else None)
        mask = torch.nn.Transformer.generate_square_subsequent_mask(n, dtype=torch.float64)
        ref = dec(tt(y, "cpu"), mem, tgt_mask=mask if causal else None,
                  memory_key_padding_mask=tk if pad else None, tgt_is_causal=causal)
        got_m = ours_e(tt(x, device), torch.tensor(kpm, device=device) if pad else None)
        got = ours_d(tt(y, device), got_m, causal=causal,
                     memory_key_padding_mask=torch.tensor(kpm, device=device) if pad else None)
    tol = {"rtol": 1e-8, "atol": 1e-10}
    close(got_m, mem, tol)
    close(got, ref, tol)
    np_m = nt.encoder_block(x, ours_e.numpy_params(), heads,
                             key_padding_mask=kpm if pad else None)
    close(np_m, mem, tol)
    close(nt.decoder_block(y, np_m, ours_d.numpy_params(), heads, causal=causal,
                            memory_key_padding_mask=kpm if pad else None), ref, tol)
    ffn = ours_e.ffn
    with torch.no_grad():
        close(nt.position_wise_ffn(x, ours_e.numpy_params()["ffn"]),
              ffn(tt(x, device)), tol)
        ref_ffn = enc.linear2(F.relu(enc.linear1(tt(x, "cpu"))))
    close(ffn(tt(x, device)), ref_ffn, tol)


@SMALL
@given(seed=seeds, b=st.integers(1, 3), n_s=st.integers(1, 6), n_t=st.integers(1, 6),
       extra_pad=st.integers(0, 3))
@covers("torch.transformer.Transformer", "torch.transformer.greedy_decode")
def test_transformer_causality_padding_and_greedy(device, seed, b, n_s, n_t, extra_pad):
    """Known identities: a logit at target position t does not depend on later target tokens;
    padding appended to the source changes nothing; greedy decoding picks the argmax of the
    teacher-forced logits of its own output."""
    torch.manual_seed(seed)
    model = ttr.Transformer(11, 13, d_model=8, num_heads=2, d_ff=16, num_layers=2,
                            max_len=12, dtype=torch.float64, device=device).eval()
    g = torch.Generator().manual_seed(seed)
    src = torch.randint(3, 11, (b, n_s), generator=g).to(device)
    tgt = torch.randint(3, 13, (b, n_t), generator=g).to(device)
    with torch.no_grad():
        out = model(src, tgt)
        assert out.shape == (b, n_t, 13)
        t = int(torch.randint(0, n_t, (1,), generator=g))
        changed = tgt.clone()
        changed[:, t:] = torch.randint(3, 13, changed[:, t:].shape, generator=g).to(device)
        close(model(src, changed)[:, :t], out[:, :t], {"rtol": 1e-9, "atol": 1e-10})
        padded = torch.cat([src, src.new_zeros(b, extra_pad)], dim=1)
        close(model(padded, tgt), out, {"rtol": 1e-9, "atol": 1e-10})
        ys = ttr.greedy_decode(model, src, 4)
        tgt_in = torch.cat([src.new_full((b, 1), ttr.BOS), ys[:, :-1]], dim=1)
        logits = model(src, tgt_in)
        picked = logits.gather(2, ys[..., None])[..., 0]
        assert torch.all(picked >= logits.max(dim=2).values - 1e-12)


@PROP
@given(seed=seeds, n=st.integers(1, 6), src_len=st.integers(4, 40))
@covers("torch.transformer_experiment.encode_dates")
def test_encode_dates_round_trip(seed, n, src_len):
    from dlnotes.data import Vocab, random_dates

    pairs = random_dates(n, seed=seed % 1000)
    vocab = Vocab.from_texts(s + t for s, t in pairs)
    src, tgt_in, tgt_out = ttrx.encode_dates(pairs, vocab, src_len)
    assert src.shape == (n, src_len) and tgt_in.shape == tgt_out.shape == (n, 11)
    assert torch.all(tgt_in[:, 0] == ttr.BOS) and torch.all(tgt_out[:, -1] == ttr.EOS)
    assert torch.equal(tgt_in[:, 1:], tgt_out[:, :-1])        # shifted by one
    for row, out, (s, iso) in zip(src, tgt_out, pairs, strict=True):
        assert vocab.decode(out.tolist()) == iso
        assert vocab.decode(row.tolist()) == s[:src_len]


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "torch.transformer_experiment.train_dates",
    "torch.transformer_experiment.exact_match",
], CHAPTER_TESTS)
