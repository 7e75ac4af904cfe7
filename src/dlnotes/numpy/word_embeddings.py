"""Word embeddings (chapter "Word embeddings"), NumPy reference.

Conventions (the notes' and the course's):

* A vocabulary of ``V`` words; word ``j`` has the one-hot vector ``o_j`` of shape ``(V, 1)``.
* The embedding matrix ``E`` has shape ``(n_e, V)``: one column per word, ``n_e`` learned
  features per word (e.g. 300), so ``e_j = E o_j = E[:, j]``. ``n_e`` is the number of
  features, not a number of classes.
* Skip-gram predicts each *context* word ``t`` within ``window`` positions of a *centre* word
  ``c`` from ``e_c``; the output ("context") vectors ``theta_t`` are the columns of a second
  matrix ``Theta`` of shape ``(n_e, V)``. (CBOW is the reverse: it predicts the centre word
  from its context.)
* Both cheap replacements of the ``V``-way softmax are sums of binary logistic classifiers,
  ``-sum_j log sigma(s_j theta_j . e_c)`` with labels ``s_j = +1`` or ``-1``:

  - negative sampling: ``theta_o`` with ``s = +1`` and ``k`` noise words drawn from
    ``P(w) ~ f(w)**0.75`` with ``s = -1``;
  - hierarchical softmax: the inner nodes on the Huffman-tree path to the context word,
    ``s = +1`` to go left (code bit 0) and ``s = -1`` to go right (bit 1).

Batches hold ``m`` (centre, context) pairs as columns: ``e_c`` is ``(n_e, m)``, the vectors of
the ``J`` classifiers of each pair are ``(n_e, m, J)`` and their labels ``(m, J)``. Losses are
means over the ``m`` pairs; log-sigmoids are computed stably (``-logaddexp(0, -x)``).
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from dlnotes import checks
from dlnotes.numpy.optimization import Adam

__all__ = [
    "one_hot",
    "cosine_similarity",
    "WordVectors",
    "analogy_questions",
    "analogy_accuracy",
    "make_corpus",
    "Vocabulary",
    "build_vocab",
    "skipgram_pairs",
    "cbow_examples",
    "corpus_pairs",
    "noise_distribution",
    "log_sigmoid",
    "sigmoid_loss",
    "negative_sampling_loss",
    "skipgram_loss",
    "HuffmanTree",
    "huffman_tree",
    "hs_probabilities",
    "pca",
    "SkipGram",
    "train_skipgram",
]


# --8<-- [start:lookup]
def one_hot(j: int, V: int) -> np.ndarray:
    """The one-hot column ``o_j``, shape ``(V, 1)``: 1 at row ``j``."""
    j, V = checks.word_embeddings.one_hot(j, V)
    o = np.zeros((V, 1))
    o[j] = 1.0
    return o
# --8<-- [end:lookup]


# --8<-- [start:cosine]
def cosine_similarity(u, v) -> float:
    """``u . v / (||u|| ||v||)`` for two non-zero vectors ``(n,)``."""
    u, v = checks.word_embeddings.cosine(u, v)
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
# --8<-- [end:cosine]


class WordVectors:
    """Word vectors with cosine nearest neighbours and analogies.

    Args:
        E: array ``(n_e, V)``, column ``j`` is the vector of ``words[j]``.
        words: the ``V`` words, distinct strings.
    """

    def __init__(self, E, words):
        E = checks.float_array("E", E, 2, "(n_e, V)")
        words = list(words)
        if not all(isinstance(w, str) for w in words):
            raise TypeError("words must be strings")
        if len(words) != E.shape[1] or len(set(words)) != len(words):
            raise ValueError(f"words must be {E.shape[1]} distinct strings (one per column "
                             f"of E), got {len(words)} ({len(set(words))} distinct)")
        norms = np.linalg.norm(E, axis=0)
        if np.any(norms == 0):
            raise ValueError("E must have no zero column (cosines would be undefined)")
        self.E = E
        self.words = words
        self.index = {w: j for j, w in enumerate(words)}
        self._unit = E / norms

    def __len__(self) -> int:
        return len(self.words)

    def _id(self, name: str, word) -> int:
        if not isinstance(word, str):
            raise TypeError(f"{name} must be a word (str), got {type(word).__name__}")
        if word not in self.index:
            raise ValueError(f"{name} must be a word of the vocabulary, got {word!r} "
                             f"(not among the {len(self)} words)")
        return self.index[word]

    def vector(self, word: str) -> np.ndarray:
        """The column of ``E`` for ``word``, shape ``(n_e,)``."""
        return self.E[:, self._id("word", word)]

    def most_similar(self, v, n: int = 5, exclude=()) -> list[tuple[str, float]]:
        """The ``n`` words whose vectors have the largest cosine with ``v`` (``(n_e,)``),
        leaving out the words in ``exclude``; a list of ``(word, cosine)``."""
        v = checks.float_array("v", v, 1, "(n_e,)")
        checks.same_shape("v", v.shape, "a column of E", (self.E.shape[0],))
        n = checks.integer("n", n, 1)
        if not np.any(v):
            raise ValueError("v must be a non-zero vector")
        cos = v @ self._unit / np.linalg.norm(v)
        cos[[self._id("exclude", w) for w in exclude]] = -np.inf
        order = np.argsort(-cos, kind="stable")[: min(n, len(self) - len(set(exclude)))]
        return [(self.words[j], float(cos[j])) for j in order]

    def nearest(self, word: str, n: int = 5) -> list[tuple[str, float]]:
        """The ``n`` nearest neighbours of ``word`` by cosine, the word itself left out."""
        return self.most_similar(self.vector(word), n, exclude=[word])

    def analogy(self, a: str, b: str, c: str, exclude_query: bool = True) -> str:
        """``a`` is to ``b`` as ``c`` is to ...: the word ``w`` maximising
        ``cos(e_w, e_b - e_a + e_c)``, the three query words excluded (unless
        ``exclude_query`` is false); e.g. ``analogy("man", "woman", "king") == "queen"``."""
        ia, ib, ic = self._id("a", a), self._id("b", b), self._id("c", c)
        target = self.E[:, ib] - self.E[:, ia] + self.E[:, ic]
        exclude = [a, b, c] if exclude_query else []
        return self.most_similar(target, 1, exclude=exclude)[0][0]


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
# Vocabulary, training pairs, noise distribution


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


# --8<-- [start:pairs]
def skipgram_pairs(ids, window: int) -> list[tuple[int, int]]:
    """Skip-gram examples of one sentence: ``(centre, context)`` for every
    context word within ``window`` positions of each centre word. The
    centre word is the input, the context word the target."""
    window = checks.integer("window", window, 1)
    ids, n = list(ids), len(ids)
    return [(ids[i], ids[j])
            for i in range(n)
            for j in range(max(0, i - window), min(n, i + window + 1))
            if j != i]


def cbow_examples(ids, window: int) -> list[tuple[list[int], int]]:
    """CBOW examples of one sentence, the reverse task:
    ``(context words, centre)``; the context is the input."""
    window = checks.integer("window", window, 1)
    ids, n = list(ids), len(ids)
    return [([ids[j] for j in range(max(0, i - window),
                                    min(n, i + window + 1)) if j != i],
             ids[i])
            for i in range(n)]
# --8<-- [end:pairs]


# --8<-- [start:noise]
def noise_distribution(counts, power: float = 0.75) -> np.ndarray:
    """``P(w) = f(w)**power / sum_v f(v)**power`` from word counts ``f``
    ``(V,)``; ``power=0.75`` lifts rare words above their frequency."""
    counts, power = checks.word_embeddings.noise(counts, power)
    weights = counts**power
    return weights / weights.sum()
# --8<-- [end:noise]


# ---------------------------------------------------------------------------------------------
# Losses and their hand-written gradients


def log_sigmoid(x):
    """``log sigma(x) = -log(1 + exp(-x))``, elementwise, without overflow for any ``x``."""
    return -np.logaddexp(0.0, -checks.real_array("x", x))


# --8<-- [start:sigmoid-loss]
def sigmoid_loss(e_c, theta, signs):
    """Mean over ``m`` pairs of ``-sum_j log sigma(s_j theta_j . e_c)``.

    Args:
        e_c: centre vectors, ``(n_e, m)``.
        theta: vectors of the ``J`` binary classifiers per pair,
            ``(n_e, m, J)``.
        signs: labels ``(m, J)``: +1 (true), -1 (false), 0 (padding).

    Returns:
        ``(loss, de_c, dtheta)``, gradients shaped as ``e_c``, ``theta``.
    """
    e_c, theta, signs = checks.word_embeddings.sigmoid_loss(e_c, theta, signs)
    m = e_c.shape[1]
    x = np.einsum("dmj,dm->mj", theta, e_c)    # scores theta_j . e_c
    loss = -np.sum(np.abs(signs) * log_sigmoid(signs * x)) / m
    g = -signs * np.exp(log_sigmoid(-signs * x)) / m  # dloss/dx, 0 on padding
    de_c = np.einsum("dmj,mj->dm", theta, g)
    dtheta = e_c[:, :, None] * g[None, :, :]
    return float(loss), de_c, dtheta
# --8<-- [end:sigmoid-loss]


# --8<-- [start:negative-sampling]
def negative_sampling_loss(e_c, theta_o, theta_neg):
    """Negative sampling: k + 1 binary classifiers per (centre, context)
    pair, ``-log sigma(theta_o . e_c) - sum_i log sigma(-theta_n_i . e_c)``
    averaged over the ``m`` pairs. ``e_c``, ``theta_o``: ``(n_e, m)``;
    ``theta_neg``: ``(n_e, m, k)``.
    Returns ``(loss, de_c, dtheta_o, dtheta_neg)``."""
    theta_o, theta_neg = checks.word_embeddings.negative_sampling(theta_o, theta_neg)
    theta = np.concatenate([theta_o[:, :, None], theta_neg], axis=2)
    signs = np.full(theta.shape[1:], -1.0)     # k negatives: label -1
    signs[:, 0] = 1.0                          # the true context: +1
    loss, de_c, dtheta = sigmoid_loss(e_c, theta, signs)
    return loss, de_c, dtheta[:, :, 0], dtheta[:, :, 1:]
# --8<-- [end:negative-sampling]


def skipgram_loss(E, Theta, centre, nodes, signs):
    """The loss of a batch of pairs and its gradients with respect to the whole matrices.

    Args:
        E: word vectors ``(n_e, V)``; Theta: classifier vectors ``(n_e, V_theta)``.
        centre: centre-word ids ``(m,)``.
        nodes: ids of the columns of ``Theta`` used by each pair, ``(m, J)``: the context
            word and its negatives, or the inner nodes on the context word's path.
        signs: their labels ``(m, J)`` (+1, -1, 0 for padding).

    Returns:
        ``(loss, {"E": dE, "Theta": dTheta})``; the gradients of the gathered columns are
        added back, summed per word (a word may occur several times in a batch).
    """
    E = checks.float_array("E", E, 2, "(n_e, V)")
    Theta = checks.float_array("Theta", Theta, 2, "(n_e, V_theta)")
    centre, nodes = np.asarray(centre), np.asarray(nodes)
    if centre.ndim != 1 or not np.issubdtype(centre.dtype, np.integer):
        raise ValueError(f"centre must be word ids of shape (m,), got {centre.shape} "
                         f"{centre.dtype}")
    if nodes.shape[:1] != centre.shape or nodes.ndim != 2:
        raise ValueError(f"nodes must have shape (m, J) with m = {centre.size}, "
                         f"got {nodes.shape}")
    if not np.issubdtype(nodes.dtype, np.integer):
        raise ValueError(f"nodes must be column ids (integers), got {nodes.dtype}")
    for name, ids, n in (("centre", centre, E.shape[1]), ("nodes", nodes, Theta.shape[1])):
        if ids.size and (ids.min() < 0 or ids.max() >= n):
            raise ValueError(f"{name} must hold ids in [0, {n}) (columns of "
                             f"{'E' if name == 'centre' else 'Theta'}), got {ids.min()} to "
                             f"{ids.max()}")
    loss, de, dtheta = sigmoid_loss(E[:, centre], Theta[:, nodes], signs)
    grads = {"E": _add_columns(de, centre, E.shape[1]),
             "Theta": _add_columns(dtheta, nodes, Theta.shape[1])}
    return loss, grads


def _add_columns(values, ids, n_columns):
    """``out[:, j] = sum of values[:, i] over the i with ids[i] == j``: the scatter-add of
    ``np.add.at(out, (slice(None), ids), values)``, done by one ``np.bincount``."""
    n_e = values.shape[0]
    ids = np.asarray(ids).ravel()
    flat = (np.arange(n_e)[:, None] * n_columns + ids[None, :]).ravel()
    out = np.bincount(flat, weights=values.reshape(n_e, -1).ravel(),
                      minlength=n_e * n_columns)
    return out.reshape(n_e, n_columns)


# ---------------------------------------------------------------------------------------------
# Hierarchical softmax


@dataclass
class HuffmanTree:
    """A Huffman tree over ``V`` words with ``V - 1`` inner nodes (the root is node
    ``V - 2``). ``paths[w]`` lists the inner nodes from the root to word ``w`` and
    ``codes[w]`` the branch taken at each (0 = left, 1 = right)."""

    paths: list[np.ndarray]
    codes: list[np.ndarray]

    def padded(self, words):
        """Inner nodes ``(m, L)`` and labels ``(m, L)`` (+1 left, -1 right, 0 padding) of the
        paths to ``words`` (``(m,)`` ids), padded to the longest path ``L``."""
        words = np.asarray(words)
        L = max(len(self.paths[w]) for w in words)
        nodes = np.zeros((len(words), L), dtype=np.int64)
        signs = np.zeros((len(words), L))
        for i, w in enumerate(words):
            n = len(self.paths[w])
            nodes[i, :n] = self.paths[w]
            signs[i, :n] = 1.0 - 2.0 * self.codes[w]
        return nodes, signs


# --8<-- [start:huffman]
def huffman_tree(counts) -> HuffmanTree:
    """Huffman tree of word counts ``(V,)``, ``V >= 2``: merge the two
    least frequent nodes until one is left, so that frequent words end
    near the root (short codes). Ties go by creation order."""
    counts = checks.word_embeddings.counts(counts)
    V = counts.size
    heap = [(float(c), j, ("leaf", j)) for j, c in enumerate(counts)]
    heapq.heapify(heap)
    children = []               # children[n] = (left, right) of inner node n
    while len(heap) > 1:
        c1, _, left = heapq.heappop(heap)
        c2, _, right = heapq.heappop(heap)
        children.append((left, right))
        n = len(children) - 1
        heapq.heappush(heap, (c1 + c2, V + n, ("inner", n)))
    paths, codes = [None] * V, [None] * V
    stack = [(len(children) - 1, [], [])]    # walk down from the root
    while stack:
        node, path, code = stack.pop()
        for bit, (kind, j) in enumerate(children[node]):  # 0 left, 1 right
            if kind == "leaf":
                paths[j] = np.array(path + [node])
                codes[j] = np.array(code + [bit])
            else:
                stack.append((j, path + [node], code + [bit]))
    return HuffmanTree(paths, codes)
# --8<-- [end:huffman]


def hs_probabilities(E, Theta, tree: HuffmanTree, centre: int) -> np.ndarray:
    """``P(w | c) = prod_j sigma(s_j theta_{n_j} . e_c)`` for every word ``w`` (``(V,)``),
    with ``E`` ``(n_e, V)`` and the inner-node vectors ``Theta`` ``(n_e, V - 1)``. At each
    inner node the two branches get ``sigma(x)`` and ``sigma(-x) = 1 - sigma(x)``, so the
    probabilities sum to 1."""
    E = checks.float_array("E", E, 2, "(n_e, V)")
    Theta = checks.float_array("Theta", Theta, 2, "(n_e, V - 1)")
    if not isinstance(tree, HuffmanTree):
        raise TypeError(f"tree must be a HuffmanTree, got {type(tree).__name__}")
    if Theta.shape != (E.shape[0], E.shape[1] - 1) or len(tree.paths) != E.shape[1]:
        raise ValueError(f"Theta must have shape (n_e, V - 1) = {(E.shape[0], E.shape[1] - 1)}"
                         f" for a tree of V = {E.shape[1]} words, got {Theta.shape}")
    centre = checks.integer("centre", centre, 0)
    if centre >= E.shape[1]:
        raise ValueError(f"centre must be a word id in [0, {E.shape[1]}), got {centre}")
    e = E[:, centre]
    scores = Theta.T @ e
    return np.array([np.exp(np.sum(log_sigmoid((1.0 - 2.0 * c) * scores[p])))
                     for p, c in zip(tree.paths, tree.codes, strict=True)])


# ---------------------------------------------------------------------------------------------
# PCA and training


# --8<-- [start:pca]
def pca(X, n_components: int = 2) -> np.ndarray:
    """Project the rows of ``X`` ``(n, d)`` on their first principal
    directions: centre the rows, SVD ``X - mean = U S V^T``, return
    ``(X - mean) V[:, :n_components]``, shape ``(n, n_components)``.
    Each direction's sign makes its largest loading positive."""
    X, n_components = checks.word_embeddings.pca(X, n_components)
    Xc = X - X.mean(axis=0)
    _, _, Vt = np.linalg.svd(Xc, full_matrices=False)
    W = Vt[:n_components].T
    cols = np.arange(n_components)
    W = W * np.sign(W[np.argmax(np.abs(W), axis=0), cols])
    return Xc @ W
# --8<-- [end:pca]


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
