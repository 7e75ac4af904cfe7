"""Sequence to sequence (chapter "Sequence to sequence"), PyTorch, batch-first.

An encoder-decoder on the dates task of :mod:`dlnotes.data`: the source is a human-readable
date as characters (``"Tuesday, 3 March 1998"``, ``"3/3/98"``, ``"1998年3月3日"``), the target
its ISO form ``"1998-03-03"`` followed by ``<eos>``.

Shapes and conventions:

* ``src (N, T_src)`` integer ids, right-padded with 0 (``<pad>``); ``src_lens (N,)`` the number
  of real characters of each source, in ``[1, T_src]``.
* ``tgt_in (N, T)`` the decoder's inputs under teacher forcing, ``<bos>`` then the target
  shifted right; ``tgt_out (N, T)`` the labels, the target then ``<eos>``. For dates ``T = 11``.
* The encoder is a bidirectional GRU; its outputs ``memory (N, T_src, 2H)`` are the
  annotations ``h_j = [h_j(fwd); h_j(bwd)]`` and its final states give the decoder's first
  state ``s_0 = tanh(W [h_T(fwd); h_1(bwd)] + b)``.
* Without attention the decoder reads the same context at every step, ``c = [h_T(fwd);
  h_1(bwd)]``: the whole input squeezed into one vector. With Bahdanau attention it reads
  ``c_t = sum_j alpha_tj h_j``, with ``alpha_t = masked_softmax(a(s_{t-1}, h_j))`` and ``a``
  the additive score of :class:`dlnotes.torch.attention.AdditiveAttention` (padding masked by
  ``src_lens``).
* Decoding: :func:`greedy_decode` (a batch, argmax at each step) and :func:`beam_decode` (one
  source, :func:`dlnotes.numpy.seq2seq.beam_search`; the search's bookkeeping runs on the host).

Tensors stay on the device they come on.
"""

from __future__ import annotations

import datetime as _dt
import time
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlnotes import checks, data
from dlnotes.numpy import seq2seq as _np_seq2seq
from dlnotes.torch.attention import AdditiveAttention, masked_softmax
from dlnotes.torch.optimization import Adam

__all__ = [
    "PAD", "BOS", "EOS", "TARGET_LEN",
    "date_vocabs", "encode_pairs", "check_lengths", "Seq2Seq", "sequence_loss",
    "greedy_decode", "beam_decode", "exact_match", "held_out_dates", "train_dates",
]

PAD, BOS, EOS = 0, 1, 2
TARGET_LEN = 11  # "YYYY-MM-DD" and <eos>


def date_vocabs() -> tuple[data.Vocab, data.Vocab]:
    """The source vocabulary (every character any date format can write) and the target one
    (digits and ``-``)."""
    start = _dt.date(2000, 1, 1)  # a leap year: every month, weekday and day number
    texts = [data.format_date(start + _dt.timedelta(days=k), fmt)
             for k in range(366) for fmt in data.DATE_FORMATS]
    return data.Vocab.from_texts(texts + ["0123456789"]), data.Vocab.from_texts(["0123456789-"])


def encode_pairs(pairs, src_vocab: data.Vocab, tgt_vocab: data.Vocab, *, device=None):
    """Tensors of a list of ``(text, iso)`` pairs.

    Returns ``(src (N, T_src), src_lens (N,), tgt_in (N, 11), tgt_out (N, 11))`` (int64);
    ``T_src`` is the longest source, shorter ones are padded with 0.
    """
    for name, vocab in (("src_vocab", src_vocab), ("tgt_vocab", tgt_vocab)):
        if not isinstance(vocab, data.Vocab):
            raise TypeError(f"{name} must be a dlnotes.data.Vocab, got {type(vocab).__name__}")
    pairs = list(pairs)
    if not pairs:
        raise ValueError("pairs must hold at least one (text, iso) pair")
    for text, iso in pairs:
        if not isinstance(text, str) or not isinstance(iso, str) or len(iso) != 10:
            raise ValueError(f"pairs must hold (text, 'YYYY-MM-DD') string pairs, "
                             f"got {(text, iso)!r}")
    lens = [len(text) for text, _ in pairs]
    longest = max(lens)
    src = [src_vocab.encode(text, longest) for text, _ in pairs]
    tgt = [tgt_vocab.encode(iso, TARGET_LEN + 1, bos=True, eos=True) for _, iso in pairs]
    kw = {"dtype": torch.long, "device": device}
    tgt = torch.tensor(tgt, **kw)
    return (torch.tensor(src, **kw), torch.tensor(lens, **kw), tgt[:, :-1], tgt[:, 1:])


def check_lengths(src, src_lens) -> None:
    """Raise a ValueError/TypeError naming the argument unless ``src`` is ``(N, T_src)``
    integer ids and ``src_lens`` an integer ``(N,)`` tensor with values in ``[1, T_src]``."""
    if not isinstance(src, torch.Tensor) or src.is_floating_point() or src.dim() != 2:
        raise TypeError("src must be an integer tensor of shape (N, T_src)")
    if not isinstance(src_lens, torch.Tensor) or src_lens.is_floating_point() \
            or src_lens.dtype == torch.bool:
        raise TypeError("src_lens must be an integer tensor of shape (N,)")
    if tuple(src_lens.shape) != (src.shape[0],):
        raise ValueError(f"src_lens must have shape (N,) = ({src.shape[0]},), "
                         f"got {tuple(src_lens.shape)}")
    lo, hi = int(src_lens.min()), int(src_lens.max())
    if lo < 1 or hi > src.shape[1]:
        raise ValueError(f"src_lens must lie in [1, {src.shape[1]}] (T_src), "
                         f"got values in [{lo}, {hi}]")


# --8<-- [start:model]
class Encoded(NamedTuple):
    """What the encoder hands the decoder (one row per sequence)."""

    memory: torch.Tensor  # (N, T_src, 2H): the annotations h_j
    keys: torch.Tensor | None  # (N, T_src, H): h_j W_k (attention only)
    context: torch.Tensor  # (N, 2H): final states [h_T(fwd); h_1(bwd)]
    s0: torch.Tensor  # (N, H): the decoder's first state
    src_lens: torch.Tensor  # (N,)


class Seq2Seq(nn.Module):
    """GRU encoder-decoder, with or without Bahdanau (additive) attention.

    Args: ``src_size``, ``tgt_size`` vocabulary sizes; ``embed`` the
    embedding width; ``hidden`` = H, the width of each encoder direction
    and of the decoder state; ``attention`` True for Bahdanau attention,
    False for one fixed context vector.

    ``forward(src, src_lens, tgt_in)`` decodes under teacher forcing and
    returns ``(logits (N, T, tgt_size), weights (N, T, T_src) or None)``.
    """

    def __init__(self, src_size: int, tgt_size: int, *, embed: int = 32,
                 hidden: int = 64, attention: bool = True):
        super().__init__()
        checks.seq2seq.sizes(src_size=src_size, tgt_size=tgt_size, embed=embed,
                             hidden=hidden)
        self.use_attention = bool(attention)
        self.src_embed = nn.Embedding(src_size, embed, padding_idx=PAD)
        self.encoder = nn.GRU(embed, hidden, batch_first=True,
                              bidirectional=True)
        self.bridge = nn.Linear(2 * hidden, hidden)
        self.tgt_embed = nn.Embedding(tgt_size, embed)
        self.attention = (AdditiveAttention(hidden, 2 * hidden, hidden)
                          if attention else None)
        self.cell = nn.GRUCell(embed + 2 * hidden, hidden)
        self.out = nn.Linear(hidden + 2 * hidden, tgt_size)

    def encode(self, src, src_lens) -> Encoded:
        """Run the encoder once; every decoder step reads the result."""
        check_lengths(src, src_lens)
        packed = nn.utils.rnn.pack_padded_sequence(
            self.src_embed(src), src_lens.cpu(), batch_first=True,
            enforce_sorted=False)  # the GRU never reads the padding
        memory, h_n = self.encoder(packed)  # h_n (2, N, H): final states
        memory, _ = nn.utils.rnn.pad_packed_sequence(
            memory, batch_first=True, total_length=src.shape[1])
        context = torch.cat([h_n[0], h_n[1]], dim=1)  # input as one vector
        keys = memory @ self.attention.W_k if self.use_attention else None
        s0 = torch.tanh(self.bridge(context))
        return Encoded(memory, keys, context, s0, src_lens)

    def step(self, y_prev, s, enc: Encoded):
        """One decoder step: ``y_prev (N,)`` token ids, ``s (N, H)`` state.

        Returns ``(logits (N, V), s_new (N, H), weights (N, T_src) | None)``.
        """
        context, weights = enc.context, None
        if self.use_attention:  # Bahdanau: the state s_{t-1} is the query
            att = self.attention  # additive scores, keys projected once
            features = torch.tanh((s @ att.W_q)[:, None, :] + enc.keys)
            scores = features @ att.w_v  # (N, T_src)
            weights = masked_softmax(scores[:, None, :], enc.src_lens)[:, 0]
            context = (weights[:, None, :] @ enc.memory)[:, 0]  # (N, 2H)
        x = torch.cat([self.tgt_embed(y_prev), context], dim=1)
        s = self.cell(x, s)
        return self.out(torch.cat([s, context], dim=1)), s, weights

    def forward(self, src, src_lens, tgt_in):
        """Teacher forcing: every step reads the true previous token."""
        checks.seq2seq.decoder_inputs(tgt_in, src, self.tgt_embed.num_embeddings)
        enc = self.encode(src, src_lens)
        s, logits, weights = enc.s0, [], []
        for t in range(tgt_in.shape[1]):
            out, s, w = self.step(tgt_in[:, t], s, enc)
            logits.append(out)
            weights.append(w)
        w = torch.stack(weights, 1) if self.use_attention else None
        return torch.stack(logits, 1), w
# --8<-- [end:model]


def sequence_loss(logits, labels, pad: int = PAD):
    """Mean cross-entropy over the non-padding labels: ``logits (N, T, V)``, ``labels (N, T)``."""
    if not isinstance(logits, torch.Tensor) or not logits.is_floating_point():
        raise TypeError("logits must be a floating-point tensor (N, T, V)")
    if logits.dim() != 3 or 0 in logits.shape:
        raise ValueError(f"logits must have shape (N, T, V), all >= 1, got {tuple(logits.shape)}")
    checks.seq2seq.token_ids("labels", labels, logits.shape[2])
    checks.integer("pad", pad, 0)
    if not (labels != pad).any():  # the mean over no label is NaN
        raise ValueError("labels must hold at least one label that is not padding")
    if logits.dim() != 3 or tuple(labels.shape) != tuple(logits.shape[:2]):
        raise ValueError(f"labels must have shape (N, T) = {tuple(logits.shape[:2])}, "
                         f"got {tuple(labels.shape)}")
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1),
                           ignore_index=pad)


# --8<-- [start:greedy]
@torch.no_grad()
def greedy_decode(model: Seq2Seq, src, src_lens, max_len: int = TARGET_LEN):
    """Greedy search for a batch: feed back the most likely token.

    Returns ``(tokens (N, max_len), weights (N, max_len, T_src) or None)``;
    a row is read up to its first ``<eos>`` (``Vocab.decode`` does).
    """
    checks.seq2seq.greedy_decode(model, max_len)
    enc = model.encode(src, src_lens)
    s = enc.s0
    y = torch.full((src.shape[0],), BOS, dtype=torch.long, device=src.device)
    tokens, weights = [], []
    for _ in range(max_len):
        logits, s, w = model.step(y, s, enc)
        y = logits.argmax(dim=1)
        tokens.append(y)
        weights.append(w)
    w = torch.stack(weights, 1) if model.use_attention else None
    return torch.stack(tokens, 1), w
# --8<-- [end:greedy]


@torch.no_grad()
def beam_decode(model: Seq2Seq, src, src_len: int | None = None, *, beam_size: int = 3,
                max_len: int = TARGET_LEN, alpha: float = 0.0):
    """Beam search for one source ``src (T_src,)`` (or ``(1, T_src)``) of length ``src_len``.

    Returns ``(tokens, score)`` from :func:`dlnotes.numpy.seq2seq.beam_search`: ``tokens`` a
    list of ids ending with ``<eos>`` (or ``max_len`` long), ``score`` its (normalised) log
    probability. Log-probabilities are copied to the host for the search's bookkeeping.
    """
    checks.seq2seq.seq2seq_model(model)
    if not isinstance(src, torch.Tensor) or src.dim() not in (1, 2):
        raise TypeError("src must be a tensor of token ids (T_src,) or (1, T_src)")
    src = src[None] if src.dim() == 1 else src
    if src.shape[0] != 1 or src.shape[1] == 0:
        raise ValueError(f"src must be one sequence (T_src,) or (1, T_src), got {tuple(src.shape)}")
    if src_len is not None:
        src_len = checks.integer("src_len", src_len, 1)
        if src_len > src.shape[1]:
            raise ValueError(f"src_len must lie in [1, {src.shape[1]}] (T_src), got {src_len}")
    src_lens = torch.tensor([src.shape[1] if src_len is None else src_len], device=src.device)
    enc = model.encode(src, src_lens)

    def step(prev, states):
        k = len(prev)
        y = torch.as_tensor(prev, dtype=torch.long, device=src.device)
        rows = Encoded(*(None if x is None else x.expand(k, *x.shape[1:]) for x in enc))
        logits, s, _ = model.step(y, states, rows)
        return torch.log_softmax(logits.double(), dim=1).cpu().numpy(), s

    return _np_seq2seq.beam_search(step, enc.s0, bos=BOS, eos=EOS, beam_size=beam_size,
                                   max_len=max_len, alpha=alpha)


@torch.no_grad()
def exact_match(model: Seq2Seq, pairs, src_vocab, tgt_vocab, *, batch: int = 500,
                device=None) -> float:
    """Fraction of ``(text, iso)`` pairs whose greedy decoding is exactly ``iso``."""
    checks.seq2seq.seq2seq_model(model), checks.integer("batch", batch, 1)
    pairs = list(pairs)
    if not pairs:  # the fraction of nothing
        raise ValueError("pairs must hold at least one (text, iso) pair")
    model.eval()
    right = 0
    for i in range(0, len(pairs), batch):
        chunk = pairs[i:i + batch]
        src, lens, _, _ = encode_pairs(chunk, src_vocab, tgt_vocab, device=device)
        tokens, _ = greedy_decode(model, src, lens)
        right += sum(tgt_vocab.decode(row) == iso
                     for row, (_, iso) in zip(tokens.tolist(), chunk, strict=True))
    return right / len(pairs)


def held_out_dates(n: int, train_pairs, seed: int = 1):
    """``n`` pairs from ``random_dates(., seed)`` whose *date* (any format) is not in training."""
    seed = checks.seed("seed", seed)
    n = checks.integer("n", n, 1)
    seen = {iso for _, iso in train_pairs}
    out, k = [], 0
    while len(out) < n:
        k += 1
        out = [p for p in data.random_dates(n * (k + 1), seed=seed) if p[1] not in seen][:n]
    return out


def train_dates(*, attention: bool = True, n_train: int = 20000, steps: int = 300,
                batch: int = 128, lr: float = 3e-3, hidden: int = 64, seed: int = 0,
                n_test: int = 2000, device=None, log_every: int = 0):
    """Train :class:`Seq2Seq` with teacher forcing and Adam on ``random_dates(n_train, seed)``.

    ``steps`` mini-batches of ``batch`` pairs drawn with replacement, a one-cycle learning-rate
    schedule peaking at ``lr``, gradients clipped to norm 1. Deterministic for a given seed on
    a given machine and thread count.

    Returns ``(model, report)``; ``report`` has ``losses`` (one per step), ``accuracy``
    (exact match of greedy decoding on ``n_test`` held-out dates, none of whose days occurs
    in training), ``seconds`` (training time), ``test`` (the held-out pairs) and ``vocabs``
    (source and target :class:`dlnotes.data.Vocab`).
    """
    seed = checks.seed("seed", seed)
    for name, value in (("n_train", n_train), ("steps", steps), ("batch", batch),
                        ("hidden", hidden), ("n_test", n_test)):
        checks.integer(name, value, 1)
    checks.positive("lr", lr)
    checks.integer("log_every", log_every, 0)
    torch.manual_seed(seed)
    src_vocab, tgt_vocab = date_vocabs()
    train = data.random_dates(n_train, seed=seed)
    test = held_out_dates(n_test, train, seed=seed + 1000)
    model = Seq2Seq(len(src_vocab), len(tgt_vocab), hidden=hidden, attention=attention)
    model.to(device)
    opt = Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    rng = np.random.default_rng(seed)
    losses, start = [], time.perf_counter()
    for it in range(steps):
        idx = rng.integers(0, n_train, batch)
        src, lens, tgt_in, tgt_out = encode_pairs([train[i] for i in idx], src_vocab,
                                                  tgt_vocab, device=device)
        logits, _ = model(src, lens, tgt_in)
        loss = sequence_loss(logits, tgt_out)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        losses.append(loss.item())
        if log_every and (it + 1) % log_every == 0:
            print(f"step {it + 1}: loss {loss.item():.4f}", flush=True)
    seconds = time.perf_counter() - start
    accuracy = exact_match(model, test, src_vocab, tgt_vocab, device=device)
    return model, {"losses": losses, "accuracy": accuracy, "seconds": seconds,
                   "test": test, "vocabs": (src_vocab, tgt_vocab)}
