"""Face recognition (chapter "Face recognition"), NumPy.

Conventions: an encoding (embedding) is a row; a batch of ``m`` encodings of dimension ``d`` is
an ``(m, d)`` array. ``f`` is the encoder, and the distance between two inputs is the squared
Euclidean distance between their encodings, ``d(x1, x2) = ||f(x1) - f(x2)||^2``.

* :func:`squared_distance`, :func:`pairwise_squared_distances`
* :func:`triplet_loss` and its hand-written gradient :func:`triplet_loss_backward`
* :func:`select_triplets`: hard and semi-hard negatives for every anchor-positive pair
* :func:`verify` (distance threshold), :func:`verification_logit` and
  :func:`verification_probability` (verification as binary classification), :func:`identify`
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.mlp import sigmoid

__all__ = [
    "squared_distance",
    "pairwise_squared_distances",
    "triplet_loss",
    "triplet_loss_backward",
    "select_triplets",
    "STRATEGIES",
    "verify",
    "verification_logit",
    "verification_probability",
    "identify",
]

STRATEGIES = ("hard", "semi-hard")


# --8<-- [start:distance]
def squared_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``||a_i - b_i||^2`` for each row of ``(m, d)`` arrays: ``(m,)``."""
    a, b = checks.face_recognition.pair("a", a, "b", b)
    return np.sum((a - b) ** 2, axis=1)
# --8<-- [end:distance]


def pairwise_squared_distances(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``D[i, j] = ||x_i - y_j||^2`` for ``x`` ``(m, d)`` and ``y`` ``(n, d)``: ``(m, n)``.

    Uses ``|x|^2 - 2 x.y + |y|^2`` (one matrix product) and clips the rounding error that can
    make it slightly negative.
    """
    x, y = checks.face_recognition.columns("x", x, "y", y)
    d = (x**2).sum(1)[:, None] - 2 * x @ y.T + (y**2).sum(1)[None, :]
    return np.maximum(d, 0.0)


# --8<-- [start:triplet]
def triplet_loss(anchor: np.ndarray, positive: np.ndarray, negative: np.ndarray,
                 margin: float = 0.2) -> float:
    """Mean over the ``m`` triplets of ``max(d(A, P) - d(A, N) + margin, 0)``.

    ``anchor``, ``positive``, ``negative`` are ``(m, d)`` encodings f(A), f(P), f(N);
    ``d`` is the squared Euclidean distance.
    """
    margin = checks.face_recognition.triplet(anchor, positive, negative, margin)
    d_ap = squared_distance(anchor, positive)
    d_an = squared_distance(anchor, negative)
    return float(np.mean(np.maximum(d_ap - d_an + margin, 0.0)))
# --8<-- [end:triplet]


# --8<-- [start:backward]
def triplet_loss_backward(anchor: np.ndarray, positive: np.ndarray, negative: np.ndarray,
                          margin: float = 0.2):
    """Gradients ``(dA, dP, dN)`` of :func:`triplet_loss`, each ``(m, d)``.

    A triplet whose hinge is active contributes ``2(N - P)``, ``-2(A - P)`` and ``2(A - N)``
    (divided by ``m``); an inactive one contributes nothing.
    """
    margin = checks.face_recognition.triplet(anchor, positive, negative, margin)
    d_ap = squared_distance(anchor, positive)
    d_an = squared_distance(anchor, negative)
    active = (d_ap - d_an + margin > 0).astype(anchor.dtype)[:, None] / len(anchor)
    d_a = 2 * (negative - positive) * active
    d_p = -2 * (anchor - positive) * active
    d_n = 2 * (anchor - negative) * active
    return d_a, d_p, d_n
# --8<-- [end:backward]


# --8<-- [start:select]
def select_triplets(encodings: np.ndarray, labels, margin: float = 0.2,
                    strategy: str = "semi-hard") -> np.ndarray:
    """Triplets ``(a, p, n)`` of row indices into ``encodings`` ``(m, d)``.

    For every anchor-positive pair (same label, ``a != p``) one negative (another label):

    * ``"hard"``: the negative closest to the anchor, ``argmin_n d(a, n)``;
    * ``"semi-hard"``: the closest negative that is still farther than the positive but
      inside the margin, ``d(a, p) < d(a, n) < d(a, p) + margin`` (pairs with no such
      negative are skipped).

    Returns an int array ``(t, 3)`` (``t`` may be 0).
    """
    labels, margin = checks.face_recognition.selection(
        encodings, labels, margin, strategy, STRATEGIES)
    dist = pairwise_squared_distances(encodings, encodings)
    same = labels[:, None] == labels[None, :]
    triplets = []
    for a, p in zip(*np.nonzero(same & ~np.eye(len(labels), dtype=bool)), strict=True):
        d_an = np.where(same[a], np.inf, dist[a])
        if strategy == "semi-hard":
            inside = (d_an > dist[a, p]) & (d_an < dist[a, p] + margin)
            d_an = np.where(inside, d_an, np.inf)
        n = int(np.argmin(d_an))
        if np.isfinite(d_an[n]):
            triplets.append((a, p, n))
    return np.array(triplets, dtype=np.int64).reshape(-1, 3)
# --8<-- [end:select]


# --8<-- [start:verify]
def verify(enc_1: np.ndarray, enc_2: np.ndarray, threshold: float) -> np.ndarray:
    """Same identity when ``d <= threshold``: encodings ``(m, d)`` -> bool ``(m,)``."""
    threshold = checks.face_recognition.verification(enc_1, enc_2, threshold)
    return squared_distance(enc_1, enc_2) <= threshold


def verification_logit(enc_i: np.ndarray, enc_j: np.ndarray, w: np.ndarray,
                       b: float) -> np.ndarray:
    """``z = sum_k w_k |f(x_i)[k] - f(x_j)[k]| + b`` for encodings ``(m, d)``, ``w`` ``(d,)``:
    ``(m,)``; ``k`` runs over the ``d`` dimensions of the encoding."""
    b = checks.face_recognition.logit(enc_i, enc_j, w, b)
    return np.abs(enc_i - enc_j) @ w + b


def verification_probability(enc_i, enc_j, w, b) -> np.ndarray:
    """``y_hat = sigmoid(z)`` of :func:`verification_logit`, computed without overflow."""
    return sigmoid(verification_logit(enc_i, enc_j, w, b))
# --8<-- [end:verify]


# --8<-- [start:identify]
def identify(queries: np.ndarray, gallery: np.ndarray, gallery_labels,
             threshold: float | None = None) -> np.ndarray:
    """The label of the nearest gallery encoding for each query; ``-1``
    ("unknown") where even that one is farther than ``threshold``.
    ``queries`` ``(q, d)``, ``gallery`` ``(g, d)``; returns ``(q,)``."""
    gallery_labels, threshold = checks.face_recognition.gallery(
        queries, gallery, gallery_labels, threshold)
    dist = pairwise_squared_distances(queries, gallery)
    nearest = dist.argmin(axis=1)
    out = gallery_labels[nearest].copy()
    if threshold is not None:
        out[dist[np.arange(len(out)), nearest] > threshold] = -1
    return out
# --8<-- [end:identify]
