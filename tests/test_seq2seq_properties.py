"""Sequence to sequence: property tests (hypothesis) of the public API. Beam search against
exhaustive and greedy search; BLEU against its definition; greedy and beam decoding of the
torch model against its teacher-forced logits; the masked loss against ``F.cross_entropy``
(tests/properties_support.py)."""

import math

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, PROP, SMALL, close, covers, seeds

from dlnotes.numpy import seq2seq as ns
from dlnotes.torch import seq2seq as ts


@PROP
@given(seed=seeds, V=st.integers(3, 4), max_len=st.integers(1, 3), alpha=st.sampled_from(
    [0.0, 0.7]))
@covers("numpy.seq2seq.beam_search")
def test_beam_search_exhaustive_and_greedy(seed, V, max_len, alpha):
    """A beam wide enough to hold every prefix finds the brute-force best output; a beam of
    one is greedy search. The toy model is a Markov chain: P(next | last token)."""
    rng = np.random.default_rng(seed)
    logits = rng.standard_normal((V, V)) * 2
    logp = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)
    bos, eos = 0, 1

    def step(prev, state):
        return logp[np.asarray(prev)], state

    import itertools
    best, best_score = None, -np.inf
    for T in range(1, max_len + 1):
        for seq in itertools.product(range(V), repeat=T):
            if eos in seq[:-1] or (T < max_len and seq[-1] != eos):
                continue   # finished only at <eos> or at max_len
            lp = sum(logp[a, b] for a, b in zip((bos, *seq[:-1]), seq, strict=True))
            score = lp / T**alpha
            if score > best_score + 1e-12:
                best, best_score = list(seq), score
    tokens, score = ns.beam_search(step, None, bos=bos, eos=eos, beam_size=V**max_len,
                                     max_len=max_len, alpha=alpha)
    assert math.isclose(score, best_score, rel_tol=1e-9, abs_tol=1e-12)
    assert tokens == best or math.isclose(score, best_score)
    greedy, prev = [], bos
    for _ in range(max_len):
        prev = int(np.argmax(logp[prev]))
        greedy.append(prev)
        if prev == eos:
            break
    assert ns.beam_search(step, None, bos=bos, eos=eos, beam_size=1, max_len=max_len)[0] == \
        greedy


@PROP
@given(seed=seeds, k=st.integers(1, 5), n=st.integers(1, 4))
@covers("numpy.seq2seq.select_rows")
def test_select_rows_keeps_each_structure(seed, k, n):
    """Rows of an array, items of a list, each member of a tuple, and None: as indexing does."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, k, n)
    states = rng.standard_normal((k, 3))
    items = [f"s{i}" for i in range(k)]
    assert ns.select_rows(None, idx) is None
    close(ns.select_rows(states, idx), states[idx])
    assert ns.select_rows(items, idx) == [items[i] for i in idx]
    pair = ns.select_rows((states, (items, None)), idx)
    close(pair[0], states[idx])
    assert pair[1] == ([items[i] for i in idx], None)


@PROP
@given(seed=seeds, n_ref=st.integers(1, 3), max_n=st.integers(1, 4), smooth=st.booleans(),
       n_sent=st.integers(1, 3))
@covers("numpy.seq2seq.ngram_counts", "numpy.seq2seq.modified_precision",
        "numpy.seq2seq.brevity_penalty", "numpy.seq2seq.bleu", "numpy.seq2seq.corpus_bleu")
def test_bleu_matches_its_definition(seed, n_ref, max_n, smooth, n_sent):
    from collections import Counter
    rng = np.random.default_rng(seed)
    words = list("abcde")

    def sent():
        return [words[i] for i in rng.integers(0, 5, rng.integers(1, 9))]

    cands = [sent() for _ in range(n_sent)]
    refs = [[sent() for _ in range(n_ref)] for _ in range(n_sent)]
    for n in range(1, 5):
        for s in [cands[0], *refs[0]]:
            brute = Counter(tuple(s[i:i + n]) for i in range(len(s) - n + 1))
            assert ns.ngram_counts(s, n) == brute
    clipped, total = np.zeros(max_n), np.zeros(max_n)
    c = r = 0
    for cand, rs in zip(cands, refs, strict=True):
        c += len(cand)
        r += min((len(x) for x in rs), key=lambda L: (abs(L - len(cand)), L))
        for n in range(1, max_n + 1):
            got = Counter(tuple(cand[i:i + n]) for i in range(len(cand) - n + 1))
            m = sum(min(k, max(Counter(tuple(x[i:i + n]) for i in range(len(x) - n + 1))[g]
                               for x in rs)) for g, k in got.items())
            assert ns.modified_precision(cand, rs, n) == (m, sum(got.values()))
            clipped[n - 1] += m
            total[n - 1] += sum(got.values())
    if smooth:
        clipped[1:] += 1
        total[1:] += 1
    bp = 1.0 if c > r else math.exp(1 - r / c)
    assert math.isclose(ns.brevity_penalty(c, r), bp)
    want = 0.0 if np.any(clipped == 0) else bp * math.exp(np.mean(np.log(clipped / total)))
    got = ns.corpus_bleu(cands, refs, max_n=max_n, smooth=smooth)
    assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-15)
    one = ns.corpus_bleu(cands[:1], refs[:1], max_n=max_n, smooth=smooth)
    assert ns.bleu(cands[0], refs[0], max_n=max_n, smooth=smooth) == one
    if len(refs[0][0]) >= max_n:     # a candidate equal to a reference scores 1
        assert math.isclose(ns.bleu(refs[0][0], refs[0], max_n=max_n), 1.0)


@SMALL
@given(seed=seeds, n=st.integers(1, 4), attention=st.booleans())
@covers("torch.seq2seq.Seq2Seq", "torch.seq2seq.greedy_decode", "torch.seq2seq.beam_decode",
        "torch.seq2seq.sequence_loss", "torch.seq2seq.encode_pairs",
        "torch.seq2seq.check_lengths", "torch.seq2seq.date_vocabs",
        "torch.seq2seq.exact_match", "torch.seq2seq.held_out_dates")
def test_seq2seq_decoding_identities(device, seed, n, attention):
    """Greedy decoding is the argmax of the teacher-forced logits of its own output, and a
    beam of one finds the same tokens; the masked loss is cross-entropy with ignore_index;
    encode_pairs round-trips through the vocabularies; exact_match counts greedy hits."""
    from dlnotes.data import random_dates
    sv, tv = ts.date_vocabs()
    pairs = random_dates(n, seed=seed % 1000)
    src, lens, tgt_in, tgt_out = ts.encode_pairs(pairs, sv, tv, device=device)
    ts.check_lengths(src, lens)
    for row, L, (text, iso), o in zip(src.tolist(), lens.tolist(), pairs, tgt_out.tolist(),
                                      strict=True):
        assert sv.decode(row[:L]) == text and tv.decode(o) == iso
    torch.manual_seed(seed)
    model = ts.Seq2Seq(len(sv), len(tv), embed=6, hidden=8, attention=attention)
    model = model.double().to(device).eval()
    with torch.no_grad():
        tokens, _ = ts.greedy_decode(model, src, lens, 5)
        fed = torch.cat([torch.full_like(tokens[:, :1], ts.BOS), tokens[:, :-1]], dim=1)
        logits, _ = model(src, lens, fed)
        assert torch.equal(logits.argmax(dim=2), tokens)
        beam, _ = ts.beam_decode(model, src[0], int(lens[0]), beam_size=1, max_len=5)
        first = tokens[0].tolist()
        assert beam == first[:first.index(ts.EOS) + 1] if ts.EOS in first else first
        logits, _ = model(src, lens, tgt_in)
        ref = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1),
                              ignore_index=ts.PAD)
        close(ts.sequence_loss(logits, tgt_out), ref)
        full, _ = ts.greedy_decode(model, src, lens)
    hits = sum(tv.decode(r) == iso for r, (_, iso) in zip(full.tolist(), pairs, strict=True))
    assert ts.exact_match(model, pairs, sv, tv, device=device) == hits / n
    held = ts.held_out_dates(n, pairs, seed=seed % 1000 + 1)
    assert len(held) == n and not {iso for _, iso in held} & {iso for _, iso in pairs}


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "torch.seq2seq.train_dates",
], CHAPTER_TESTS)
