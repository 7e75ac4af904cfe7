"""Sequence to sequence (chapter "Sequence to sequence"), NumPy: decoding and BLEU.

* :func:`beam_search` keeps the ``beam_size`` most probable prefixes at every step; with
  ``beam_size=1`` it is greedy search. It drives any model through a ``step`` function, so the
  same code decodes the PyTorch encoder-decoder and small toy models.
* :func:`bleu` and :func:`corpus_bleu` are BLEU as defined by Papineni et al. (2002): clipped
  ("modified") n-gram precisions ``p_1 .. p_N``, combined by a weighted geometric mean and
  multiplied by the brevity penalty ``BP = min(1, exp(1 - r / c))``, where ``c`` is the
  candidate length and ``r`` the reference length closest to it (the shorter one on a tie).

Token sequences are lists or tuples of hashable tokens; a ``str`` is split on whitespace.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import numpy as np

from dlnotes import checks

__all__ = [
    "beam_search",
    "ngram_counts",
    "modified_precision",
    "brevity_penalty",
    "bleu",
    "corpus_bleu",
    "select_rows",
]


def select_rows(states, idx):
    """Rows ``idx`` of ``states``: an array or tensor (rows on axis 0), a list (one item per
    row), a tuple of those (each selected), or None. Beam search keeps each surviving
    prefix's model state with it this way."""
    if states is None:
        return None
    if isinstance(states, tuple):
        return tuple(select_rows(s, idx) for s in states)
    if isinstance(states, list):
        return [states[i] for i in idx]
    return states[idx]


# --8<-- [start:beam_search]
def beam_search(step: Callable, state, *, bos: int, eos: int, beam_size: int,
                max_len: int, alpha: float = 0.0):
    """The most probable output that a beam of ``beam_size`` prefixes finds.

    Args:
        step: ``step(prev, state) -> (log_probs, new_state)``. ``prev (k,)``
            holds the last token of each of the ``k`` live prefixes,
            ``state`` their model states (rows in the prefixes' order);
            ``log_probs (k, V)`` are ``log P(next token | prefix)``.
        state: the model state before the first step, one row: an array
            or tensor (e.g. ``(1, H)``), a list of one item, a tuple of
            those, or None.
        bos, eos: the start token fed first, the token that ends an output.
        beam_size: ``k``; 1 is greedy search.
        max_len: the longest output; a prefix alive then is finished as is.
        alpha: length normalisation; a finished output ``y`` of length ``T``
            is ranked by ``log P(y) / T**alpha`` (0: plain log probability).

    Returns:
        ``(tokens, score)``: the best finished output (a list, ending with
        ``eos`` if it was produced) and its ranking score. The beam itself
        is pruned by plain log probability.
    """
    k, max_len, alpha = checks.seq2seq.beam_search(step, beam_size, max_len, alpha, bos, eos)
    prefixes, scores = [()], np.zeros(1)  # the live beam
    prev, finished = np.array([bos]), []
    for t in range(1, max_len + 1):
        log_probs, state = step(prev, state)
        log_probs = np.asarray(log_probs, dtype=np.float64)
        if log_probs.ndim != 2 or log_probs.shape[0] != len(prefixes):
            raise ValueError(
                f"step must return log_probs of shape (k, V) with "
                f"k = {len(prefixes)}, got {log_probs.shape}")
        total = (scores[:, None] + log_probs).ravel()  # all continuations
        best = np.argsort(-total, kind="stable")[:k]
        parents, tokens = np.divmod(best, log_probs.shape[1])
        live = []
        for j, (p, tok) in enumerate(zip(parents, tokens, strict=True)):
            if tok == eos or t == max_len:
                finished.append((prefixes[p] + (int(tok),), total[best[j]]))
            else:
                live.append(j)
        if not live:
            break
        prefixes = [prefixes[p] + (int(tok),)
                    for p, tok in zip(parents[live], tokens[live], strict=True)]
        scores, prev = total[best[live]], tokens[live]
        state = select_rows(state, parents[live])  # each prefix keeps its state
    tokens, logp = max(finished, key=lambda f: f[1] / len(f[0]) ** alpha)
    return list(tokens), float(logp / len(tokens) ** alpha)
# --8<-- [end:beam_search]


# --------------------------------------------------------------------------- BLEU


def ngram_counts(tokens, n: int) -> Counter:
    """How often each n-gram (a tuple of ``n`` tokens) occurs in ``tokens``."""
    tokens, n = checks.seq2seq.tokens("tokens", tokens), checks.integer("n", n)
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


# --8<-- [start:modified_precision]
def modified_precision(candidate, references, n: int) -> tuple[int, int]:
    """``(clipped, total)`` with ``p_n = clipped / total``: each n-gram of
    the candidate counts at most as often as the single reference that has
    it most often; ``total`` is the candidate's number of n-grams."""
    counts = ngram_counts(candidate, n)
    max_ref = Counter()
    for ref in checks.seq2seq.references(references):
        max_ref |= ngram_counts(ref, n)  # union: the maximum count
    clipped = sum(min(c, max_ref[g]) for g, c in counts.items())
    return clipped, sum(counts.values())
# --8<-- [end:modified_precision]


def brevity_penalty(c: int, r: int) -> float:
    """``1`` if the candidate length ``c`` exceeds the reference length ``r``, else
    ``exp(1 - r / c)`` (0 for an empty candidate)."""
    c, r = checks.integer("c", c, 0), checks.integer("r", r, 0)  # lengths
    if c > r:
        return 1.0
    return 0.0 if c == 0 else math.exp(1.0 - r / c)


def _closest_length(c: int, refs: list[tuple]) -> int:
    return min((len(r) for r in refs), key=lambda length: (abs(length - c), length))


# --8<-- [start:corpus_bleu]
def corpus_bleu(candidates, references_list, max_n: int = 4, weights=None,
                smooth: bool = False) -> float:
    """BLEU of a corpus: matches and n-gram counts are summed over all
    sentences before the precisions are formed; ``c`` sums the candidate
    lengths, ``r`` the closest reference lengths. ``smooth=True`` adds 1 to
    the matches and counts of every order n >= 2 (Lin and Och's BLEU+1), so
    that a short sentence with no 4-gram match does not score 0.
    """
    w = checks.seq2seq.bleu(max_n, weights, smooth)
    if isinstance(candidates, str) or len(candidates) != len(references_list):
        raise ValueError(
            f"candidates and references_list must be lists of the same "
            f"length, got {len(candidates)} and {len(references_list)}")
    clipped, total = np.zeros(len(w)), np.zeros(len(w))
    c = r = 0
    for cand, refs in zip(candidates, references_list, strict=True):
        cand, refs = checks.seq2seq.tokens("candidate", cand), checks.seq2seq.references(refs)
        c, r = c + len(cand), r + _closest_length(len(cand), refs)
        for n in range(1, len(w) + 1):
            m, t = modified_precision(cand, refs, n)
            clipped[n - 1] += m
            total[n - 1] += t
    if smooth:
        clipped[1:] += 1
        total[1:] += 1
    used = w > 0
    if c == 0 or np.any(clipped[used] == 0):
        return 0.0  # a zero precision makes the geometric mean 0
    log_p = np.log(clipped[used] / total[used])
    return brevity_penalty(c, r) * math.exp(float(w[used] @ log_p))
# --8<-- [end:corpus_bleu]


def bleu(candidate, references, max_n: int = 4, weights=None, smooth: bool = False) -> float:
    """BLEU of one candidate against its references (:func:`corpus_bleu` of one sentence)."""
    return corpus_bleu([candidate], [references], max_n, weights, smooth)
