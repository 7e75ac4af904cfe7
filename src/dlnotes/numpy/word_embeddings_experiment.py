"""Word embeddings (chapter "Word embeddings"), NumPy: the experiment. A templated corpus whose
structure is known (capitals, gender pairs, plurals) and its analogy questions, the vocabulary
and the (centre, context) pairs of a corpus, skip-gram training with negative sampling or
hierarchical softmax, and the analogy score of trained vectors. The losses, trees and vectors
are in :mod:`dlnotes.numpy.word_embeddings`, with the shapes and conventions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from dlnotes import checks
from dlnotes.numpy.optimization import Adam
from dlnotes.numpy.word_embeddings import (
    WordVectors,
    huffman_tree,
    noise_distribution,
    skipgram_loss,
    skipgram_pairs,
)

__all__ = [
    "analogy_questions",
    "analogy_accuracy",
    "make_corpus",
    "Vocabulary",
    "build_vocab",
    "corpus_pairs",
    "SkipGram",
    "train_skipgram",
]


# ---------------------------------------------------------------------------------------------
# A corpus with known structure

#: (country, capital, language): "capital of" pairs.
COUNTRIES = [
    ("france", "paris", "french"), ("germany", "berlin", "german"),
    ("italy", "rome", "italian"), ("spain", "madrid", "spanish"),
    ("japan", "tokyo", "japanese"), ("china", "beijing", "chinese"),
    ("russia", "moscow", "russian"), ("egypt", "cairo", "arabic"),
]
#: (male, female, what the pair is about): gender pairs.
GENDER = [
    ("king", "queen", ("crown", "throne")), ("prince", "princess", ("castle", "horse")),
    ("man", "woman", ("office", "car")), ("boy", "girl", ("school", "toys")),
    ("father", "mother", ("children", "home")), ("son", "daughter", ("parents", "bike")),
    ("brother", "sister", ("room", "games")), ("uncle", "aunt", ("farm", "garden")),
]
#: (singular, plural, what the noun does): plural pairs.
PLURALS = [
    ("cat", "cats", "meow"), ("dog", "dogs", "bark"), ("bird", "birds", "sing"),
    ("cow", "cows", "graze"), ("frog", "frogs", "jump"), ("bee", "bees", "buzz"),
    ("duck", "ducks", "swim"), ("wolf", "wolves", "howl"),
]


def analogy_questions() -> list[tuple[str, str, str, str]]:
    """The 168 analogy questions of the corpus, ``(a, b, c, d)`` for "a is to b as c is to
    d": every ordered choice of two different pairs within each of the three tables."""
    return [(a, b, c, d) for table in (COUNTRIES, GENDER, PLURALS)
            for a, b, *_ in table for c, d, *_ in table if a != c]


def analogy_accuracy(wv: WordVectors, questions=None, exclude_query: bool = True):
    """``(solved, asked)``: how many ``questions`` (default: :func:`analogy_questions`)
    ``wv.analogy(a, b, c)`` answers with ``d``."""
    if not isinstance(wv, WordVectors):
        raise TypeError(f"wv must be a WordVectors, got {type(wv).__name__}")
    checks.boolean("exclude_query", exclude_query)
    questions = analogy_questions() if questions is None else list(questions)
    if not all(isinstance(q, tuple | list) and len(q) == 4 for q in questions):
        raise ValueError("questions must be (a, b, c, d) tuples of four words")
    solved = sum(wv.analogy(a, b, c, exclude_query) == d for a, b, c, d in questions)
    return solved, len(questions)


def make_corpus(n_sentences: int = 3000, seed: int = 0) -> list[str]:
    """A templated English corpus whose structure is known: countries and their capitals
    (with the language spoken there), male and female words (with ``he``/``his`` or
    ``she``/``her`` and what the pair is about), singular and plural nouns (with ``a``/``is``
    or ``two``/``are`` and what the animal does). Sentences are lower-case strings of words
    separated by spaces; the same ``seed`` gives the same corpus on every machine."""
    n_sentences = checks.integer("n_sentences", n_sentences, 1)
    seed = checks.integer("seed", seed, 0)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_sentences):
        kind = rng.integers(3)
        if kind == 0:
            country, capital, language = COUNTRIES[rng.integers(len(COUNTRIES))]
            out.append([
                f"{capital} is the capital of {country}",
                f"the city of {capital} lies in {country}",
                f"people in {country} speak {language}",
                f"people in {capital} speak {language}",
                f"{country} is a large country",
                f"{capital} is a busy city",
            ][rng.integers(6)])
        elif kind == 1:
            male, female, (thing1, thing2) = GENDER[rng.integers(len(GENDER))]
            if rng.integers(2):
                word, he, his = male, "he", "his"
            else:
                word, he, his = female, "she", "her"
            thing = (thing1, thing2)[rng.integers(2)]
            out.append([
                f"{he} is the {word}",
                f"the {word} and {his} {thing}",
                f"the {word} likes the {thing}",
                f"{he} became the {word}",
            ][rng.integers(4)])
        else:
            single, plural, does = PLURALS[rng.integers(len(PLURALS))]
            if rng.integers(2):
                word, a, be = single, ("a", "one", "this")[rng.integers(3)], "is"
            else:
                word, a, be = plural, ("two", "many", "these")[rng.integers(3)], "are"
            out.append([
                f"{a} {word} {be} here",
                f"{a} {word} can {does}",
                f"{a} {word} {be} able to {does}",
            ][rng.integers(3)])
    return out


# ---------------------------------------------------------------------------------------------
# Vocabulary and training


@dataclass
class Vocabulary:
    """Words sorted by decreasing count (ties alphabetically), their counts, and an index."""

    words: list[str]
    counts: np.ndarray
    index: dict[str, int] = field(repr=False)

    def encode(self, sentence: str) -> np.ndarray:
        """The word ids of a sentence (words separated by spaces)."""
        ids = []
        for w in sentence.split():
            if w not in self.index:
                raise ValueError(f"sentence must use words of the vocabulary, got {w!r}")
            ids.append(self.index[w])
        return np.array(ids, dtype=np.int64)


def build_vocab(sentences) -> Vocabulary:
    """The vocabulary of a list of sentences (strings of space-separated words)."""
    if isinstance(sentences, str) or not all(isinstance(s, str) for s in sentences):
        raise TypeError("sentences must be a list of strings")
    counter = Counter(w for s in sentences for w in s.split())
    if len(counter) < 2:
        raise ValueError(f"sentences must contain at least 2 distinct words, got {len(counter)}")
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    words = [w for w, _ in items]
    return Vocabulary(words, np.array([c for _, c in items]), {w: j for j, w in enumerate(words)})


@dataclass
class SkipGram:
    """A trained skip-gram model: ``E`` ``(n_e, V)`` (the word vectors), ``Theta`` (context
    vectors ``(n_e, V)`` or inner-node vectors ``(n_e, V - 1)``), the vocabulary and the mean
    loss of each epoch."""

    vocab: Vocabulary
    E: np.ndarray
    Theta: np.ndarray
    losses: list[float]

    def vectors(self) -> WordVectors:
        return WordVectors(self.E, self.vocab.words)


def corpus_pairs(sentences, vocab: Vocabulary, window: int) -> np.ndarray:
    """The skip-gram pairs of all ``sentences`` (see :func:`skipgram_pairs`) as an int64
    array ``(2, P)``: row 0 the centre words, row 1 the context words."""
    pairs = [p for s in sentences for p in skipgram_pairs(vocab.encode(s), window)]
    return np.array(pairs, dtype=np.int64).T  # (2, P): centre, context



# --8<-- [start:train]
def train_skipgram(sentences, *, n_e: int = 16, window: int = 3,
                   method: str = "negative", k: int = 5, epochs: int = 5,
                   lr: float = 0.01, batch_size: int = 256,
                   seed: int = 0) -> SkipGram:
    """Train skip-gram on ``sentences`` with ``method`` ``"negative"``
    (``k`` noise words per pair from the unigram distribution to the 3/4)
    or ``"hierarchical"`` (softmax over a Huffman tree). Adam (step
    ``lr``) on the mean loss of each mini-batch of pairs. ``E`` starts
    uniform in ``+-0.5 / n_e``, ``Theta`` at zero (as in word2vec)."""
    seed = checks.seed("seed", seed)
    method, n_e, window, k, epochs, batch_size, lr = checks.word_embeddings.training(
        method, n_e, window, k, epochs, batch_size, lr)
    vocab = build_vocab(sentences)
    V = len(vocab.words)
    pairs = corpus_pairs(sentences, vocab, window)  # (2, P): centre, context
    rng = np.random.default_rng(seed)
    E = rng.uniform(-0.5 / n_e, 0.5 / n_e, (n_e, V))
    if method == "negative":
        Theta = np.zeros((n_e, V))
        noise = noise_distribution(vocab.counts)
    else:
        Theta = np.zeros((n_e, V - 1))
        paths, codes = huffman_tree(vocab.counts).padded(np.arange(V))
    params, adam, losses = {"E": E, "Theta": Theta}, Adam(lr=lr), []
    for _ in range(epochs):
        order, total = rng.permutation(pairs.shape[1]), 0.0
        for start in range(0, len(order), batch_size):
            c, o = pairs[:, order[start:start + batch_size]]
            m = len(c)
            if method == "negative":   # column 0: the context word, +1
                neg = rng.choice(V, (m, k), p=noise)
                nodes = np.concatenate([o[:, None], neg], axis=1)
                signs = np.where(np.arange(k + 1) == 0, 1.0, -1.0)
                signs = np.broadcast_to(signs, (m, k + 1))
            else:                      # the inner nodes on o's path
                nodes, signs = paths[o], codes[o]
            loss, grads = skipgram_loss(E, Theta, c, nodes, signs)
            adam.step(params, grads)   # updates E and Theta in place
            total += loss * m
        losses.append(total / pairs.shape[1])
    return SkipGram(vocab, E, Theta, losses)
# --8<-- [end:train]
