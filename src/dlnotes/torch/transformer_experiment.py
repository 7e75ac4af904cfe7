"""Transformer (chapter "Transformer"), PyTorch: the experiment. The dates task of
``dlnotes.data`` (human-readable dates to ISO): :func:`encode_dates` turns pairs into id
tensors, :func:`train_dates` trains a :class:`~dlnotes.torch.transformer.Transformer`,
:func:`exact_match` scores the greedy decodes against the ISO answers. The layers and the
conventions are in :mod:`dlnotes.torch.transformer`.
"""

from __future__ import annotations

import math
import time

import torch
import torch.nn.functional as F

from dlnotes import checks
from dlnotes.data import Vocab, random_dates
from dlnotes.torch.optimization import Adam
from dlnotes.torch.training import single_thread
from dlnotes.torch.transformer import Transformer

__all__ = [
    "encode_dates",
    "train_dates",
    "exact_match",
]


def encode_dates(pairs, vocab: Vocab, src_len: int, *, device=None):
    """Id tensors of ``(human_readable, iso)`` pairs.

    Returns ``(src (m, src_len), tgt_in (m, 11), tgt_out (m, 11))``: the source padded with 0
    (truncated past ``src_len``), the decoder's input ``<bos> + iso`` and its target
    ``iso + <eos>`` (10 characters plus one special each).
    """
    checks.integer("src_len", src_len)
    pairs = list(pairs)
    if not pairs:
        raise ValueError("pairs must not be empty")
    src = [vocab.encode(s, src_len) for s, _ in pairs]
    tgt = [vocab.encode(t, 12, bos=True, eos=True) for _, t in pairs]
    src = torch.tensor(src, dtype=torch.long, device=device)
    tgt = torch.tensor(tgt, dtype=torch.long, device=device)
    return src, tgt[:, :-1], tgt[:, 1:]


def exact_match(model: Transformer, vocab: Vocab, pairs, src_len: int,
                batch_size: int = 500) -> float:
    """Share of ``pairs`` whose greedy decode equals the ISO answer exactly."""
    if not isinstance(model, Transformer):
        raise TypeError(f"model must be a Transformer, got {type(model).__name__}")
    checks.integer("batch_size", batch_size)
    pairs = list(pairs)
    if not pairs:  # the share of nothing
        raise ValueError("pairs must not be empty")
    with single_thread():
        return _exact_match(model, vocab, pairs, src_len, batch_size)


def _exact_match(model, vocab, pairs, src_len, batch_size):
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    hits = 0
    for i in range(0, len(pairs), batch_size):
        chunk = pairs[i:i + batch_size]
        src, _, _ = encode_dates(chunk, vocab, src_len, device=device)
        out = model.greedy(src, steps=11)
        hits += sum(vocab.decode(row.tolist()) == iso for row, (_, iso) in zip(out, chunk,
                                                                               strict=True))
    model.train(was_training)
    return hits / len(pairs)


# --8<-- [start:train_dates]
def train_dates(n_train=16000, *, epochs=3, batch_size=64, lr=5e-3, seed=0,
                src_len=32, d_model=64, num_heads=4, d_ff=128, num_layers=1,
                device=None, log=None):
    """Train a :class:`Transformer` on ``n_train`` pairs of ``random_dates``.

    Adam with a linear warm-up over the first 5% of the steps, then a linear
    decay to 0; cross-entropy on the target characters (teacher forcing).
    ``log``, if given, gets a dict after each epoch. Returns
    ``(model, vocab, history)``.
    """
    seed = checks.seed("seed", seed)
    checks.transformer.train_dates(n_train, epochs, batch_size, lr, src_len, d_model)
    torch.manual_seed(seed)
    pairs = random_dates(n_train, seed=seed)
    vocab = Vocab.from_texts(s + t for s, t in pairs)
    src, tgt_in, tgt_out = encode_dates(pairs, vocab, src_len, device=device)
    model = Transformer(len(vocab), len(vocab), d_model, num_heads, d_ff,
                        num_layers, max_len=src_len, device=device)
    opt = Adam(model.parameters(), lr=lr, betas=(0.9, 0.98))
    total = epochs * math.ceil(n_train / batch_size)
    warm = max(1, total // 20)
    def schedule(step):  # factor of lr: linear warm-up, then linear decay
        return min((step + 1) / warm, max(0.0, (total - step) / (total - warm)))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    gen = torch.Generator().manual_seed(seed)
    history, start = [], time.perf_counter()
    with single_thread():  # small matrices: one CPU thread is fastest
        for epoch in range(epochs):
            order = torch.randperm(n_train, generator=gen).to(src.device)
            run = 0.0
            for i in range(0, n_train, batch_size):
                idx = order[i:i + batch_size]
                logits = model(src[idx], tgt_in[idx])
                loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                       tgt_out[idx].reshape(-1))
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                run += loss.item() * len(idx)
            history.append({"epoch": epoch + 1, "loss": run / n_train,
                            "seconds": time.perf_counter() - start})
            if log is not None:
                log(history[-1])
    return model, vocab, history
# --8<-- [end:train_dates]
