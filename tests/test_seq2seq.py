"""Sequence to sequence: decoding, BLEU and the encoder-decoder against independent oracles.

Oracles: the published numbers of Papineni et al. (2002) and BLEU values worked out by hand;
brute-force enumeration of every output sequence of tiny models; plain loops over the
chapter's formulas; nn.GRU run on each unpadded sequence alone; the attention chapter's
AdditiveAttention; autograd's gradcheck in float64.

Then the bad-input sweep of the chapter's public API (tests/sweep_support.py); its property
tests are in test_seq2seq_properties.py.
"""

import itertools
import math
import time

import numpy as np
import pytest
import torch
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, X, ar, finite, ints, sweep_module, tn

from dlnotes import data
from dlnotes.numpy import seq2seq as ns
from dlnotes.numpy.gradient_checking import check_gradients
from dlnotes.torch import seq2seq as ts
from dlnotes.torch.attention import AdditiveAttention

# Papineni et al. (2002), examples 1 and 2
REFS = [
    "It is a guide to action that ensures that the military will forever heed Party commands",
    "It is the guiding principle which guarantees the military forces always being under the "
    "command of the Party",
    "It is the practical guide for the army always to heed the directions of the party",
]
CAND1 = "It is a guide to action which ensures that the military always obeys the commands of " \
        "the party"
CAND2 = "It is to insure the troops forever hearing the activity guidebook that party direct"


# ----------------------------------------------------------------------------- BLEU


def test_modified_precisions_are_the_published_ones():
    assert ns.modified_precision(CAND1, REFS, 1) == (17, 18)
    assert ns.modified_precision(CAND2, REFS, 1) == (8, 14)
    assert ns.modified_precision(CAND1, REFS, 2) == (10, 17)
    assert ns.modified_precision(CAND2, REFS, 2) == (1, 13)
    # "the" seven times; the most any reference has is two
    refs = ["the cat is on the mat", "there is a cat on the mat"]
    assert ns.modified_precision("the the the the the the the", refs, 1) == (2, 7)


def test_bleu_of_candidate_1_by_hand():
    # p_3 and p_4 counted by hand: "it is a", "is a guide", "a guide to", "guide to action",
    # "ensures that the", "that the military", "of the party" (7 of 16 trigrams);
    # "it is a guide", "is a guide to", "a guide to action", "ensures that the military" (4/15)
    assert ns.modified_precision(CAND1, REFS, 3) == (7, 16)
    assert ns.modified_precision(CAND1, REFS, 4) == (4, 15)
    expected = (17 / 18 * 10 / 17 * 7 / 16 * 4 / 15) ** 0.25  # BP = 1: c = 18 = r
    assert ns.bleu(CAND1, REFS) == pytest.approx(expected, rel=1e-14)
    assert ns.bleu(CAND1, REFS) == pytest.approx(0.5045666840058485, rel=1e-12)
    assert ns.bleu(CAND2, REFS) == 0.0  # no trigram matches


def test_brevity_penalty_uses_the_closest_reference_length():
    ref = "the cat is on the mat"
    # every uni- and bigram matches; c = 2, r = 6: BP = exp(1 - 6/2)
    assert ns.bleu("the cat", [ref], max_n=2) == pytest.approx(math.exp(-2), rel=1e-14)
    # closest of 3 and 5 to c = 4 is a tie: the shorter (3) counts, so BP = 1
    assert ns.bleu("a b c d", ["a b c", "a b c d e"], max_n=1) == pytest.approx(1.0)
    assert ns.bleu("a b c d", ["a b c d e"], max_n=1) == pytest.approx(math.exp(1 - 5 / 4))
    assert ns.brevity_penalty(5, 5) == pytest.approx(math.exp(0.0))
    assert ns.brevity_penalty(0, 3) == 0.0
    assert ns.bleu(REFS[0], REFS) == pytest.approx(1.0)


def test_corpus_bleu_sums_counts_before_dividing():
    cands = [CAND1, "the cat sat"]
    refs = [REFS, ["the cat sat on the mat"]]
    # unigrams: 17 + 3 of 18 + 3; bigrams: 10 + 2 of 17 + 2; c = 21, r = 18 + 6 = 24
    expected = math.exp(1 - 24 / 21) * math.sqrt(20 / 21 * 12 / 19)
    assert ns.corpus_bleu(cands, refs, max_n=2) == pytest.approx(expected, rel=1e-14)
    mean_of_sentences = np.mean([ns.bleu(c, r, max_n=2) for c, r in zip(cands, refs,
                                                                          strict=True)])
    assert abs(mean_of_sentences - expected) > 0.01


def test_smoothing_adds_one_to_higher_orders():
    # "the cat sat" vs "the cat sat on the mat": p = 3/3, 2/2, 1/1, 0/0 -> (0+1)/(0+1)
    got = ns.bleu("the cat sat", ["the cat sat on the mat"], smooth=True)
    assert got == pytest.approx(math.exp(1 - 6 / 3) * 1.0, rel=1e-14)
    assert ns.bleu("the cat sat", ["the cat sat on the mat"]) == 0.0
    w = [0.5, 0.5, 0, 0]
    assert ns.bleu(CAND1, REFS, weights=w) == pytest.approx(math.sqrt(17 / 18 * 10 / 17))


def test_bleu_rejects_bad_input():
    with pytest.raises(ValueError, match="references"):
        ns.bleu("a b", [])
    with pytest.raises(ValueError, match="weights"):
        ns.bleu("a b", ["a b"], weights=[0.5, 0.6, 0, 0])
    with pytest.raises(TypeError, match="candidate"):
        ns.bleu(42, ["a b"])
    with pytest.raises(ValueError, match="max_n"):
        ns.bleu("a b", ["a b"], max_n=0)
    with pytest.raises(ValueError, match="candidates and references_list"):
        ns.corpus_bleu(["a"], [["a"], ["b"]])


# ----------------------------------------------------------------------------- beam search


def _toy_model(vocab: int, seed: int):
    """An autoregressive toy model: log P(. | prefix) drawn from a generator seeded by the
    whole prefix. Its state is the prefix itself (an object array, one row per beam)."""

    def log_probs(prefix):
        logits = np.random.default_rng([seed, *(t + 1 for t in prefix)]).normal(0, 2, vocab)
        return logits - np.log(np.exp(logits).sum())

    def step(prev, state):
        prefixes = [] if state is None else list(state)
        new = np.empty(len(prev), dtype=object)
        new[:] = [p + (int(t),) for p, t in zip(prefixes, prev, strict=True)]
        return np.stack([log_probs(p[1:]) for p in new]), new

    start = np.empty(1, dtype=object)
    start[0] = ()
    return log_probs, step, start


def _brute_force(log_probs, vocab, eos, max_len, alpha):
    """Every finished sequence: ends with eos (length <= max_len) or has max_len tokens."""
    best = (None, -math.inf)
    for length in range(1, max_len + 1):
        for seq in itertools.product(range(vocab), repeat=length):
            if eos in seq[:-1] or (seq[-1] != eos and length < max_len):
                continue
            logp = sum(log_probs(seq[:t])[tok] for t, tok in enumerate(seq))
            score = logp / length**alpha
            if score > best[1]:
                best = (list(seq), score)
    return best


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("alpha", [0.0, 0.75])
def test_exhaustive_beam_equals_brute_force(seed, alpha):
    vocab, eos, max_len = 3, 0, 4
    log_probs, step, start = _toy_model(vocab, seed)
    tokens, score = ns.beam_search(step, start, bos=-1, eos=eos, beam_size=vocab**max_len,
                                   max_len=max_len, alpha=alpha)
    best, best_score = _brute_force(log_probs, vocab, eos, max_len, alpha)
    assert tokens == best
    assert score == pytest.approx(best_score, rel=1e-12)
    for k in (1, 2, 3):  # a narrower beam can only do as well or worse
        _, s = ns.beam_search(step, start, bos=-1, eos=eos, beam_size=k, max_len=max_len,
                              alpha=alpha)
        assert s <= best_score + 1e-12


@pytest.mark.parametrize("seed", range(4))
def test_beam_of_one_is_greedy(seed):
    vocab, eos, max_len = 4, 2, 6
    log_probs, step, start = _toy_model(vocab, seed)
    greedy = []
    while len(greedy) < max_len and (not greedy or greedy[-1] != eos):
        greedy.append(int(np.argmax(log_probs(tuple(greedy)))))
    tokens, score = ns.beam_search(step, start, bos=-1, eos=eos, beam_size=1, max_len=max_len)
    assert tokens == greedy
    assert score == pytest.approx(sum(log_probs(tuple(greedy[:t]))[tok]
                                      for t, tok in enumerate(greedy)))


def test_beam_search_finds_what_greedy_misses():
    # P(A) = .5, P(B) = .4, P(eos) = .1; after A the next token is spread out, after B eos is
    # near certain: greedy A,eos has .5 * .4 = .2, beam finds B,eos with .4 * .9 = .36
    table = {(): [0.1, 0.5, 0.4], (1,): [0.4, 0.3, 0.3], (2,): [0.9, 0.05, 0.05]}

    def step(prev, state):
        new = np.empty(len(prev), dtype=object)
        new[:] = [p + (int(t),) if t >= 0 else () for p, t in zip(state, prev, strict=True)]
        return np.log([table.get(p, [1.0, 1e-9, 1e-9]) for p in new]), new

    start = np.empty(1, dtype=object)
    start[0] = ()
    greedy, g = ns.beam_search(step, start, bos=-1, eos=0, beam_size=1, max_len=3)
    beam, b = ns.beam_search(step, start, bos=-1, eos=0, beam_size=2, max_len=3)
    assert greedy == [1, 0] and g == pytest.approx(math.log(0.2))
    assert beam == [2, 0] and b == pytest.approx(math.log(0.36))


def test_beam_search_rejects_bad_input():
    _, step, start = _toy_model(3, 0)
    with pytest.raises(ValueError, match="beam_size"):
        ns.beam_search(step, start, bos=-1, eos=0, beam_size=0, max_len=3)
    with pytest.raises(TypeError, match="max_len"):
        ns.beam_search(step, start, bos=-1, eos=0, beam_size=2, max_len=2.5)
    with pytest.raises(ValueError, match="step must return"):
        ns.beam_search(lambda p, s: (np.zeros(3), s), start, bos=-1, eos=0, beam_size=2,
                       max_len=3)


# ----------------------------------------------------------------------------- the model


@pytest.fixture(scope="module")
def vocabs():
    return ts.date_vocabs()


def _model(vocabs, attention=True, dtype=torch.float64, device="cpu", seed=0):
    torch.manual_seed(seed)
    src_vocab, tgt_vocab = vocabs
    return ts.Seq2Seq(len(src_vocab), len(tgt_vocab), embed=8, hidden=6,
                      attention=attention).to(device=device, dtype=dtype)


def test_every_generated_date_is_in_the_vocabularies(vocabs):
    src_vocab, tgt_vocab = vocabs
    for text, iso in data.random_dates(3000, seed=5):
        assert 3 not in src_vocab.encode(text) and 3 not in tgt_vocab.encode(iso)


def test_teacher_forcing_inputs_are_the_labels_shifted_right(vocabs, device):
    pairs = data.random_dates(5, seed=2)
    src, lens, tgt_in, tgt_out = ts.encode_pairs(pairs, *vocabs, device=device)
    assert src.shape == (5, max(len(t) for t, _ in pairs)) and src.device.type == device
    assert lens.tolist() == [len(t) for t, _ in pairs]
    assert tgt_in.shape == tgt_out.shape == (5, 11)
    assert torch.all(tgt_in[:, 0] == ts.BOS) and torch.all(tgt_out[:, -1] == ts.EOS)
    assert torch.equal(tgt_in[:, 1:], tgt_out[:, :-1])
    for row, (text, iso) in zip(range(5), pairs, strict=True):
        assert vocabs[1].decode(tgt_out[row].tolist()) == iso
        assert vocabs[0].decode(src[row].tolist()) == text


def test_encoder_ignores_padding(vocabs, device):
    """Packed bidirectional GRU = nn.GRU run on each sequence alone, without its padding."""
    model = _model(vocabs, device=device)
    pairs = data.random_dates(4, seed=3)
    src, lens, _, _ = ts.encode_pairs(pairs, *vocabs, device=device)
    enc = model.encode(src, lens)
    for i, n in enumerate(lens.tolist()):
        alone, h_n = model.encoder(model.src_embed(src[i:i + 1, :n]))
        torch.testing.assert_close(enc.memory[i, :n], alone[0])
        assert torch.all(enc.memory[i, n:] == 0)
        torch.testing.assert_close(enc.context[i], torch.cat([h_n[0, 0], h_n[1, 0]]))


@torch.no_grad()
def test_bahdanau_step_against_the_formulas(vocabs, device):
    model = _model(vocabs, device=device)
    pairs = data.random_dates(3, seed=4)
    src, lens, _, _ = ts.encode_pairs(pairs, *vocabs, device=device)
    enc = model.encode(src, lens)
    y = torch.tensor([ts.BOS, 5, 7], device=device)
    logits, s, w = model.step(y, enc.s0, enc)
    att = model.attention
    # the attention chapter's layer, given the same parameters
    ref = AdditiveAttention(6, 12, 6).to(device=device, dtype=torch.float64)
    ref.load_state_dict(att.state_dict())
    ctx, w_ref = ref(enc.s0[:, None], enc.memory, enc.memory, valid_lens=lens)
    torch.testing.assert_close(w, w_ref[:, 0])
    for i, n in enumerate(lens.tolist()):  # a plain loop over e_tj, alpha_tj, c_t
        e = [float(torch.tanh(enc.s0[i] @ att.W_q + enc.memory[i, j] @ att.W_k) @ att.w_v)
             for j in range(n)]
        alpha = np.exp(np.array(e) - max(e))
        alpha /= alpha.sum()
        np.testing.assert_allclose(w[i, :n].cpu().numpy(), alpha, rtol=1e-12)
        assert torch.all(w[i, n:] == 0)
        c = sum(alpha[j] * enc.memory[i, j] for j in range(n))
        torch.testing.assert_close(ctx[i, 0], c)
        x = torch.cat([model.tgt_embed(y[i:i + 1]), c[None]], dim=1)
        s_i = model.cell(x, enc.s0[i:i + 1])
        torch.testing.assert_close(s[i:i + 1], s_i)
        torch.testing.assert_close(logits[i:i + 1], model.out(torch.cat([s_i, c[None]], 1)))


@pytest.mark.parametrize("attention", [True, False])
def test_extra_padding_changes_nothing(vocabs, device, attention):
    model = _model(vocabs, attention=attention, device=device)
    pairs = data.random_dates(3, seed=6)
    src, lens, tgt_in, _ = ts.encode_pairs(pairs, *vocabs, device=device)
    padded = torch.cat([src, torch.zeros(3, 7, dtype=src.dtype, device=device)], dim=1)
    a, wa = model(src, lens, tgt_in)
    b, wb = model(padded, lens, tgt_in)
    torch.testing.assert_close(a, b)
    if attention:
        torch.testing.assert_close(wa, wb[..., :src.shape[1]])
        assert torch.all(wb[..., src.shape[1]:] == 0)
        torch.testing.assert_close(wa.sum(-1), torch.ones_like(wa.sum(-1)))
    else:
        assert wa is None


def test_gradients_through_masked_attention_match_finite_differences(vocabs, device):
    """Two decoder steps, differentiated by autograd, against dlnotes' finite differences."""
    torch.manual_seed(0)
    model = ts.Seq2Seq(len(vocabs[0]), len(vocabs[1]), embed=4, hidden=3)
    model.to(device=device, dtype=torch.float64)
    pairs = [("3/3/98", "1998-03-03"), ("03.12.2001", "2001-12-03")]  # 6 and 10 characters
    src, lens, tgt_in, _ = ts.encode_pairs(pairs, *vocabs, device=device)
    enc = model.encode(src, lens)
    params = {"memory": enc.memory.detach().cpu().numpy().copy(),
              "s0": enc.s0.detach().cpu().numpy().copy()}
    g = torch.Generator().manual_seed(0)
    probe = torch.randn(2, len(vocabs[1]), generator=g, dtype=torch.float64).to(device)

    def loss(memory, s0):
        e = enc._replace(memory=memory, keys=memory @ model.attention.W_k)
        logits, s, _ = model.step(tgt_in[:, 0], s0, e)
        logits2, _, _ = model.step(tgt_in[:, 1], s, e)
        return ((logits + logits2) * probe).sum()

    tensors = {k: torch.tensor(v, device=device, requires_grad=True) for k, v in params.items()}
    loss(tensors["memory"], tensors["s0"]).backward()
    grads = {k: t.grad.cpu().numpy() for k, t in tensors.items()}

    def f():
        with torch.no_grad():
            return loss(torch.tensor(params["memory"], device=device),
                        torch.tensor(params["s0"], device=device)).item()

    errors = check_gradients(f, params, grads)
    assert max(errors.values()) < 1e-7, errors
    n = lens.min().item()  # padded positions get exactly no gradient
    assert np.all(grads["memory"][lens.argmin().item(), n:] == 0)


def test_sequence_loss_ignores_padding(device):
    g = torch.Generator(device=device).manual_seed(0)
    logits = torch.randn(2, 4, 5, generator=g, device=device, dtype=torch.float64)
    labels = torch.tensor([[3, 4, 2, 0], [1, 2, 0, 0]], device=device)
    terms = [-torch.log_softmax(logits[i, t], 0)[labels[i, t]]
             for i in range(2) for t in range(4) if labels[i, t] != 0]
    torch.testing.assert_close(ts.sequence_loss(logits, labels), torch.stack(terms).mean())


def test_greedy_is_a_beam_of_one_and_beam_scores_are_log_probabilities(vocabs, device):
    model = _model(vocabs, device=device)
    pairs = data.random_dates(3, seed=8)
    src, lens, _, _ = ts.encode_pairs(pairs, *vocabs, device=device)
    tokens, _ = ts.greedy_decode(model, src, lens)
    for i, n in enumerate(lens.tolist()):
        beam, score = ts.beam_decode(model, src[i, :n], beam_size=1)
        row = tokens[i].tolist()
        assert beam == row[:len(beam)]
        # teacher forcing on the found sequence gives the same log probability
        tgt_in = torch.tensor([[ts.BOS] + beam[:-1]], device=device)
        logits, _ = model(src[i:i + 1, :n], lens[i:i + 1], tgt_in)
        logp = torch.log_softmax(logits[0], -1)[range(len(beam)), beam].sum()
        assert score == pytest.approx(logp.item(), rel=1e-10)


def test_beam_decode_equals_brute_force_on_a_tiny_target_vocabulary(vocabs, device):
    """A model whose target vocabulary has 4 tokens (<pad>, <bos>, <eos>, one character):
    all 4 + 16 + 64 sequences of length <= 3, scored by teacher forcing, against the beam."""
    torch.manual_seed(1)
    model = ts.Seq2Seq(len(vocabs[0]), 4, embed=8, hidden=6).to(device, torch.float64)
    with torch.no_grad():
        model.out.bias.copy_(torch.tensor([0.0, 0.0, -1.0, 0.5]))
    src, lens, _, _ = ts.encode_pairs(data.random_dates(1, seed=9), *vocabs, device=device)
    best, best_score = None, -math.inf
    for length in range(1, 4):
        for seq in itertools.product(range(4), repeat=length):
            if ts.EOS in seq[:-1] or (seq[-1] != ts.EOS and length < 3):
                continue
            tgt_in = torch.tensor([[ts.BOS, *seq[:-1]]], device=device)
            logits, _ = model(src, lens, tgt_in)
            logp = torch.log_softmax(logits[0], -1)[range(length), list(seq)].sum().item()
            if logp > best_score:
                best, best_score = list(seq), logp
    tokens, score = ts.beam_decode(model, src[0], beam_size=64, max_len=3)
    assert tokens == best and score == pytest.approx(best_score, rel=1e-10)


def test_bad_input_names_the_argument(vocabs, device):
    model = _model(vocabs, device=device)
    src, lens, tgt_in, tgt_out = ts.encode_pairs(data.random_dates(2, seed=1), *vocabs,
                                                 device=device)
    with pytest.raises(ValueError, match="src_lens must have shape"):
        model(src, lens[None], tgt_in)  # a (1, N) mask of lengths
    with pytest.raises(ValueError, match=r"src_lens must lie in \[1, "):
        model(src, lens + src.shape[1], tgt_in)
    with pytest.raises(ValueError, match="src_lens must lie"):
        model(src, torch.zeros_like(lens), tgt_in)
    with pytest.raises(TypeError, match="src_lens"):
        model(src, lens.double(), tgt_in)
    with pytest.raises(ValueError, match="tgt_in"):
        model(src, lens, tgt_in[:1])
    with pytest.raises(ValueError, match="labels"):
        ts.sequence_loss(torch.zeros(2, 11, 13, device=device), tgt_out[:, :5])
    with pytest.raises(ValueError, match="text is not a date"):
        data.parse_date("the day after tomorrow")
    with pytest.raises(ValueError, match="pairs"):
        ts.encode_pairs([("3/3/98", "1998-3-3")], *vocabs)


# ----------------------------------------------------------------------------- training


@pytest.mark.slow
def test_bahdanau_seq2seq_learns_the_dates():
    """At least 95% exact match on held-out dates after at most 3 minutes on the CPU."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    start = time.perf_counter()
    try:
        model, report = ts.train_dates(attention=True, seed=0)
    finally:
        torch.set_num_threads(threads)
    total = time.perf_counter() - start
    print(f"\nBahdanau seq2seq: exact match {report['accuracy']:.2%} on "
          f"{len(report['test'])} held-out dates; training {report['seconds']:.1f} s, "
          f"with evaluation {total:.1f} s")
    assert report["accuracy"] >= 0.95
    assert report["seconds"] <= 180
    # the model's answers agree with the rule-based reference parser
    src_vocab, tgt_vocab = report["vocabs"]
    pairs = report["test"][:50]
    src, lens, _, _ = ts.encode_pairs(pairs, src_vocab, tgt_vocab)
    tokens, _ = ts.greedy_decode(model, src, lens)
    answers = [tgt_vocab.decode(row) for row in tokens.tolist()]
    assert sum(a == data.parse_date(t) for a, (t, _) in zip(answers, pairs, strict=True)) >= 47
    assert ns.corpus_bleu([list(a) for a in answers],
                          [[list(iso)] for _, iso in pairs]) > 0.95


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    def step_of(V=5, eos=2):
        logits = np.log(np.arange(1, V + 1, dtype=float))

        def step(prev, state):
            lp = logits - np.logaddexp.reduce(logits)
            return np.tile(lp, (len(prev), 1)), state
        return step

    cand, refs = "the cat is on the mat", ["there is a cat on the mat", "the cat is here"]
    return {
        "beam_search": E(C(step_of(), np.zeros((1, 2)), bos=1, eos=2, beam_size=2, max_len=4),
                         hyper={"beam_size": BAD_INT, "max_len": BAD_INT,
                                "alpha": [-1.0, NAN], "step": [None]}),
        "ngram_counts": E(C(cand, 2), hyper={"n": BAD_INT, "tokens": [3, None]}),
        "modified_precision": E(C(cand, refs, 2), hyper={"n": BAD_INT, "references": [[], 5]}),
        "brevity_penalty": E(C(5, 7), hyper={"c": [-1, 2.5], "r": [-1, 2.5]}),
        "bleu": E(C(cand, refs), hyper={"max_n": BAD_INT,
                                        "weights": [(0.5, 0.5), (1, 0, 0, -0.0, 0)],
                                        "smooth": ["yes"], "references": [[]]},
                  extra=[X("empty candidate", C("", refs), "ok", finite)]),
        # rows of a beam's states: indexing, the caller's (beam_search's) own indices
        "select_rows": E(C((ar(3, 2), [0.0, 1.0, 2.0]), np.array([2, 0]))),
        "corpus_bleu": E(C([cand, "a cat"], [refs, ["a cat sat"]]),
                         hyper={"max_n": BAD_INT, "references_list": [[refs]],
                                "candidates": [[]], "smooth": ["yes"]}),
    }


def _torch_sweep():
    from dlnotes.data import random_dates
    from dlnotes.torch import seq2seq as m

    sv, tv = m.date_vocabs()
    pairs = random_dates(3, seed=2)

    def model(d, attention=True):
        torch.manual_seed(0)
        return m.Seq2Seq(len(sv), len(tv), embed=4, hidden=6, attention=attention).double().to(d)

    def enc(d):
        return m.encode_pairs(pairs, sv, tv, device=d)

    return {
        "date_vocabs": E(C()),
        "encode_pairs": E(C(pairs, sv, tv), hyper={"pairs": [[]], "src_vocab": [None]}),
        "check_lengths": E(lambda d: C(*enc(d)[:2]), arrays=("src", "src_lens"),
                           extra=lambda d: [X("length 0", C(enc(d)[0], enc(d)[1] * 0),
                                              "src_lens"),
                                            X("length past T_src", C(enc(d)[0], enc(d)[1] + 99),
                                              "src_lens")]),
        "Seq2Seq": E(lambda d: (lambda s, sl, ti, _: C(s, sl, ti, fn=model(d)))(*enc(d)),
                     arrays=("src", "src_lens", "tgt_in"),
                     extra=[X("src_size 0", C(0, 5), "src_size"),
                            X("hidden 0", C(5, 5, hidden=0), "hidden"),
                            X("embed 2.5", C(5, 5, embed=2.5), "embed")]),
        "sequence_loss": E(lambda d: C(tn(d, 2, 3, 5), ints(d, 1, 2, 0, 3, 4, 0).reshape(2, 3)),
                           arrays=("logits", "labels"),
                           extra=lambda d: [X("all padding", C(tn(d, 2, 3, 5), ints(d, *[0] * 6)
                                                               .reshape(2, 3)), "labels"),
                                            X("label out of range",
                                              C(tn(d, 2, 3, 5), ints(d, *[7] * 6).reshape(2, 3)),
                                              "labels")]),
        "greedy_decode": E(lambda d: (lambda s, sl, *_: C(model(d), s, sl, 4))(*enc(d)),
                           arrays=("src", "src_lens"),
                           hyper={"max_len": BAD_INT, "model": [None]}),
        "beam_decode": E(lambda d: (lambda s, sl, *_: C(model(d), s[0], int(sl[0]), beam_size=2,
                                                        max_len=4))(*enc(d)),
                         arrays=("src",),
                         hyper={"beam_size": BAD_INT, "max_len": BAD_INT, "src_len": [0, 999],
                                "alpha": [-1.0, NAN], "model": [None]}),
        "exact_match": E(lambda d: C(model(d), pairs, sv, tv, device=d),
                         hyper={"batch": BAD_INT, "pairs": [[]], "model": [None]}),
        "held_out_dates": E(C(3, pairs), hyper={"n": BAD_INT}),
        # the trainer runs for minutes: only the up-front argument checks are swept
        "train_dates": E(C(), skip=("valid call",),
                         hyper={"n_train": BAD_INT, "steps": BAD_INT, "batch": BAD_INT,
                                "lr": BAD_POS, "hidden": BAD_INT, "n_test": BAD_INT}),
    }


SWEEP = {"numpy.seq2seq": _numpy_sweep, "torch.seq2seq": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.seq2seq", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.seq2seq", _torch_sweep, device)
