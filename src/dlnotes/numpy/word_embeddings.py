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
from dataclasses import dataclass

import numpy as np

from dlnotes import checks

__all__ = [
    "one_hot",
    "cosine_similarity",
    "WordVectors",
    "skipgram_pairs",
    "cbow_examples",
    "noise_distribution",
    "log_sigmoid",
    "sigmoid_loss",
    "negative_sampling_loss",
    "skipgram_loss",
    "HuffmanTree",
    "huffman_tree",
    "hs_probabilities",
    "pca",
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
# Training pairs, noise distribution


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
    if E.shape[0] == 0 or Theta.shape[0] != E.shape[0]:
        raise ValueError(f"E and Theta must have the same number n_e >= 1 of rows, got "
                         f"{E.shape[0]} and {Theta.shape[0]}")
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
# PCA


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
