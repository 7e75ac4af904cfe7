"""Argument checks of the chapter "Sequence to sequence" (``dlnotes.numpy.seq2seq``: beam
search and BLEU; ``dlnotes.torch.seq2seq``: the encoder-decoder on dates).

Each check returns the checked arguments or raises a ``ValueError`` or ``TypeError`` whose
message starts with the argument's name.
"""

from __future__ import annotations

from collections.abc import Sequence

from dlnotes.checks import boolean, integer, non_negative

__all__ = ["beam_search", "tokens", "references", "bleu", "sizes", "token_ids", "decoder_inputs",
           "seq2seq_model", "greedy_decode"]


def beam_search(step, beam_size, max_len, alpha, bos, eos) -> tuple[int, int, float]:
    """``step`` a function, ``beam_size`` and ``max_len`` ints >= 1, ``alpha >= 0``, token ids
    ``bos`` and ``eos`` ints; returns ``(beam_size, max_len, alpha)``."""
    if not callable(step):
        raise TypeError(f"step must be a function (prev, state) -> (log_probs, state), "
                        f"got {type(step).__name__}")
    checked = integer("beam_size", beam_size), integer("max_len", max_len), \
        non_negative("alpha", alpha)
    integer("bos", bos, None)
    integer("eos", eos, None)
    return checked


def tokens(name: str, seq) -> tuple:
    """A token sequence as a tuple: a list or tuple of tokens, or a ``str`` split on
    whitespace."""
    if isinstance(seq, str):
        return tuple(seq.split())
    if not isinstance(seq, Sequence):
        raise TypeError(f"{name} must be a sequence of tokens or a str, "
                        f"got {type(seq).__name__}")
    return tuple(seq)


def references(refs) -> list[tuple]:
    """A non-empty list of reference token sequences (see :func:`tokens`)."""
    if isinstance(refs, str) or not isinstance(refs, Sequence) or not refs:
        raise ValueError("references must be a non-empty list of token sequences")
    return [tokens(f"references[{i}]", r) for i, r in enumerate(refs)]


def bleu(max_n, weights, smooth):
    """BLEU's settings: ``max_n`` an int >= 1, ``weights`` None (uniform) or ``max_n``
    non-negative numbers summing to 1, ``smooth`` a bool. Returns the weights as an array."""
    import numpy as np  # here, as in dlnotes.checks.real_array

    max_n = integer("max_n", max_n)
    boolean("smooth", smooth)
    if weights is None:
        return np.full(max_n, 1.0 / max_n)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (max_n,) or np.any(w < 0) or not np.isclose(w.sum(), 1.0):
        raise ValueError(f"weights must be {max_n} non-negative numbers summing to 1, "
                         f"got {weights!r}")
    return w


def sizes(**named) -> None:
    """Every keyword is a size: an int >= 1 (``sizes(hidden=64, embed=32)``)."""
    for name, n in named.items():
        integer(name, n)


def token_ids(name: str, ids, n: int) -> None:
    """An int64 tensor of token ids in ``[0, n)``: else the embedding or the loss fails with
    a torch error that names no argument."""
    import torch  # here, so that the NumPy half never imports torch

    if not isinstance(ids, torch.Tensor) or ids.dtype != torch.long:
        raise TypeError(f"{name} must be an int64 tensor of token ids")
    if ids.numel() and (ids.min() < 0 or ids.max() >= n):
        raise ValueError(f"{name} must hold ids in [0, {n}), got {ids.min().item()} to "
                         f"{ids.max().item()}")


def decoder_inputs(tgt_in, src, n: int) -> None:
    """The decoder's inputs under teacher forcing: int64 ids in ``[0, n)`` of shape
    ``(N, T)``, ``T >= 1``, one row per source row of ``src (N, T_src)``."""
    import torch  # here, so that the NumPy half never imports torch

    if not isinstance(tgt_in, torch.Tensor) or tgt_in.dim() != 2 \
            or tgt_in.shape[0] != src.shape[0] or tgt_in.shape[1] == 0:
        raise ValueError(f"tgt_in must have shape (N, T) with N = {src.shape[0]}, T >= 1")
    token_ids("tgt_in", tgt_in, n)


def seq2seq_model(model) -> None:
    """A :class:`dlnotes.torch.seq2seq.Seq2Seq`."""
    from dlnotes.torch.seq2seq import Seq2Seq  # here: the torch half imports this module

    if not isinstance(model, Seq2Seq):
        raise TypeError(f"model must be a Seq2Seq, got {type(model).__name__}")


def greedy_decode(model, max_len) -> int:
    """The arguments of :func:`dlnotes.torch.seq2seq.greedy_decode`: a ``Seq2Seq`` and
    ``max_len``, an int >= 1 (returned)."""
    seq2seq_model(model)
    return integer("max_len", max_len)
