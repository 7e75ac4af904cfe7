"""Argument checks of the chapter "Word embeddings" (``dlnotes.numpy.word_embeddings`` and
``dlnotes.torch.word_embeddings``).

NumPy: ``E`` is ``(n_e, V)`` (one column per word) and batches of ``m`` pairs are columns
(``e_c (n_e, m)``, classifier vectors ``(n_e, m, J)``). Torch: batch-first, word vectors are
rows (``e_c (m, n_e)``, ``theta (m, J, n_e)``). Each check returns the checked arguments
(NumPy arrays as float64) or raises a ``ValueError`` or ``TypeError`` whose message starts with
the argument's name.
"""

from __future__ import annotations

import numpy as np

from dlnotes.checks import (
    float_array,
    float_tensor,
    integer,
    non_negative,
    one_of,
    positive,
    same_shape,
)

__all__ = ["one_hot", "cosine", "counts", "noise", "sigmoid_loss", "negative_sampling",
           "pca", "training", "tensor", "sigmoid_loss_tensors", "negative_sampling_tensors"]

METHODS = ("negative", "hierarchical")


def one_hot(j, V) -> tuple[int, int]:
    """A word index ``j`` in ``[0, V)``, ``V >= 1``; returns ``(j, V)``."""
    V, j = integer("V", V), integer("j", j, 0)
    if j >= V:
        raise ValueError(f"j must be a word index in [0, {V}), got {j}")
    return j, V


def cosine(u, v) -> tuple[np.ndarray, np.ndarray]:
    """Two non-zero vectors ``u``, ``v`` of the same shape ``(n,)``."""
    u, v = float_array("u", u, 1, "(n,)"), float_array("v", v, 1, "(n,)")
    same_shape("v", v.shape, "u", u.shape)
    if not (u.any() and v.any()):
        raise ValueError("u and v must be non-zero vectors (the cosine of a zero vector is "
                         "undefined)")
    return u, v


def counts(c) -> np.ndarray:
    """Word counts ``(V,)`` for a Huffman tree: ``V >= 2`` non-negative counts."""
    c = float_array("counts", c, 1, "(V,)")
    if c.size < 2 or np.any(c < 0):
        raise ValueError(f"counts must hold V >= 2 non-negative counts, got {c.shape}")
    return c


def noise(c, power) -> tuple[np.ndarray, float]:
    """Word counts ``(V,)``, non-negative with at least one positive, and a ``power >= 0``."""
    c = float_array("counts", c, 1, "(V,)")
    if c.size == 0 or np.any(c < 0) or not np.any(c > 0):
        raise ValueError("counts must be non-negative with at least one positive count")
    return c, non_negative("power", power)


def sigmoid_loss(e_c, theta, signs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``e_c (n_e, m)``, ``theta (n_e, m, J)`` and labels ``signs (m, J)`` in {+1, -1, 0}."""
    e_c = float_array("e_c", e_c, 2, "(n_e, m)")
    theta = float_array("theta", theta, 3, "(n_e, m, J)")
    signs = float_array("signs", signs, 2, "(m, J)")
    same_shape("theta[:, :, 0]", theta.shape[:2], "e_c", e_c.shape)
    same_shape("signs", signs.shape, "theta[0]", theta.shape[1:])
    if not np.all(np.isin(signs, (-1.0, 0.0, 1.0))):
        raise ValueError("signs must hold +1, -1 or 0 (padding)")
    return e_c, theta, signs


def negative_sampling(theta_o, theta_neg) -> tuple[np.ndarray, np.ndarray]:
    """``theta_o (n_e, m)`` and ``theta_neg (n_e, m, k)`` (``e_c`` is checked by the loss)."""
    theta_o = float_array("theta_o", theta_o, 2, "(n_e, m)")
    theta_neg = float_array("theta_neg", theta_neg, 3, "(n_e, m, k)")
    same_shape("theta_o", theta_o.shape, "theta_neg[:, :, 0]", theta_neg.shape[:2])
    return theta_o, theta_neg


def pca(X, n_components) -> tuple[np.ndarray, int]:
    """Finite rows ``X (n, d)`` and ``1 <= n_components <= min(n, d)``."""
    X = float_array("X", X, 2, "(n, d)")
    if not np.all(np.isfinite(X)):  # the SVD would fail with "SVD did not converge"
        raise ValueError("X must be finite (no nan or inf)")
    n_components = integer("n_components", n_components)
    if n_components > min(X.shape):
        raise ValueError(f"n_components must be <= min(n, d) = {min(X.shape)}, "
                         f"got {n_components}")
    return X, n_components


def training(method, n_e, window, k, epochs, batch_size, lr):
    """Skip-gram's settings: ``method`` "negative" or "hierarchical", the sizes ints >= 1,
    ``lr > 0``; returns them in this order."""
    return (one_of("method", method, METHODS), integer("n_e", n_e), integer("window", window),
            integer("k", k), integer("epochs", epochs), integer("batch_size", batch_size),
            positive("lr", lr))


def tensor(name: str, t, ndim: int, shape: str, like=None, like_name: str = ""):
    """A floating-point tensor with ``ndim`` axes (``shape`` names them), of the dtype of
    ``like`` where given."""
    float_tensor(name, t, like, like_name)
    if t.dim() != ndim:
        raise ValueError(f"{name} must have shape {shape} ({ndim} axes), "
                         f"got shape {tuple(t.shape)}")
    return t


def sigmoid_loss_tensors(e_c, theta, signs) -> None:
    """Batch-first ``e_c (m, n_e)``, ``theta (m, J, n_e)``, ``signs (m, J)``."""
    tensor("e_c", e_c, 2, "(m, n_e)")
    tensor("theta", theta, 3, "(m, J, n_e)", e_c, "e_c")
    tensor("signs", signs, 2, "(m, J)", e_c, "e_c")
    if theta.shape[0] != e_c.shape[0] or theta.shape[2] != e_c.shape[1]:
        raise ValueError(f"theta must have shape (m, J, n_e) with (m, n_e) = "
                         f"{tuple(e_c.shape)}, got {tuple(theta.shape)}")
    if signs.shape != theta.shape[:2]:
        raise ValueError(f"signs must have shape (m, J) = {tuple(theta.shape[:2])}, "
                         f"got {tuple(signs.shape)}")
    if not bool(((signs == 1) | (signs == -1) | (signs == 0)).all()):
        raise ValueError("signs must hold +1, -1 or 0 (padding)")


def negative_sampling_tensors(e_c, theta_o, theta_neg) -> None:
    """Batch-first ``e_c``, ``theta_o`` (``(m, n_e)`` each) and ``theta_neg (m, k, n_e)``."""
    tensor("theta_o", theta_o, 2, "(m, n_e)")
    tensor("theta_neg", theta_neg, 3, "(m, k, n_e)", theta_o, "theta_o")
    tensor("e_c", e_c, 2, "(m, n_e)", theta_o, "theta_o")
    same_shape("theta_o", theta_o.shape, "e_c", e_c.shape)
    if theta_neg.shape[0] != e_c.shape[0] or theta_neg.shape[2] != e_c.shape[1]:
        raise ValueError(f"theta_neg must have shape (m, k, n_e) with (m, n_e) = "
                         f"{tuple(e_c.shape)}, got {tuple(theta_neg.shape)}")
