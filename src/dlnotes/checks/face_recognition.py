"""Argument checks of the face-recognition chapter, shared by ``dlnotes.numpy.face_recognition``
(encodings are NumPy arrays) and ``dlnotes.torch.face_recognition`` (tensors).

Encodings are rows: ``(m, d)``. The NumPy checks take arrays; the ``*_tensor(s)`` checks,
``images`` and ``training`` are for the PyTorch half. Each raises ``TypeError`` or
``ValueError`` naming the argument.
"""

from __future__ import annotations

from dlnotes import checks

__all__ = ["encodings", "labels", "pair", "columns", "triplet", "selection", "verification",
           "logit", "gallery", "encodings_tensor", "pair_tensors", "columns_tensors",
           "triplet_tensors", "selection_tensors", "images", "poses", "training"]


def encodings(name: str, x: object, ndim: int = 2):
    """Return ``x`` as a float NumPy array (:func:`dlnotes.checks.floats`) of ``ndim`` axes
    (``(m, d)``, or ``(d,)`` for ``ndim=1``)."""
    import numpy as np  # here, so that importing the checks imports neither half's library

    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array, got {type(x).__name__}")
    x = checks.floats(name, x)
    if x.ndim != ndim:
        shape = "(m, d)" if ndim == 2 else "(d,)"
        raise ValueError(f"{name} must have shape {shape}, got {x.shape}")
    return x


def labels(name: str, values: object, m: int):
    """``values`` as a NumPy array of ``m`` integer labels, shape ``(m,)``."""
    import numpy as np

    arr = np.asarray(values)
    if arr.shape != (m,) or not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"{name} must be {m} integer labels, shape ({m},), got "
                         f"{arr.dtype} {arr.shape}")
    return arr


def pair(name_1: str, x: object, name_2: str, y: object):
    """Two ``(m, d)`` NumPy encodings of the same shape: returns ``(x, y)``."""
    encodings(name_1, x)
    encodings(name_2, y)
    checks.same_shape(name_2, y.shape, name_1, x.shape)
    return x, y


def columns(name_1: str, x: object, name_2: str, y: object):
    """Two NumPy encodings ``(m, d)`` and ``(n, d)`` with the same ``d``: returns ``(x, y)``."""
    encodings(name_1, x)
    encodings(name_2, y)
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"{name_2} must have {x.shape[1]} columns like {name_1}, got {y.shape}")
    return x, y


def triplet(anchor: object, positive: object, negative: object, margin: object) -> float:
    """Three NumPy encodings of one shape and a margin > 0: returns the margin as a float."""
    margin = checks.positive("margin", margin)
    encodings("anchor", anchor)
    for name, t in (("positive", positive), ("negative", negative)):
        checks.same_shape(name, encodings(name, t).shape, "anchor", anchor.shape)
    return margin


def selection(x: object, values: object, margin: object, strategy: object,
              strategies: tuple[str, ...]):
    """The arguments of ``select_triplets`` (NumPy): encodings ``(m, d)``, ``m`` integer
    labels, a margin > 0 and one of ``strategies``. Returns ``(labels, margin)``."""
    encodings("encodings", x)
    values = labels("labels", values, len(x))
    margin = checks.positive("margin", margin)
    checks.one_of("strategy", strategy, strategies)
    return values, margin


def verification(enc_1: object, enc_2: object, threshold: object) -> float:
    """Two NumPy encodings of one shape and a threshold >= 0: returns the threshold."""
    threshold = checks.non_negative("threshold", threshold)
    pair("enc_1", enc_1, "enc_2", enc_2)
    return threshold


def logit(enc_i: object, enc_j: object, w: object, b: object) -> float:
    """Encodings ``(m, d)`` of one shape, weights ``w`` ``(d,)`` and a real bias ``b``:
    returns ``b`` as a float."""
    encodings("w", w, ndim=1)
    pair("enc_i", enc_i, "enc_j", enc_j)
    if w.shape != (enc_i.shape[1],):
        raise ValueError(f"w must have shape ({enc_i.shape[1]},), got {w.shape}")
    return checks.real("b", b)


def gallery(queries: object, stored: object, stored_labels: object, threshold: object):
    """The arguments of ``identify`` (NumPy): queries ``(q, d)``, a gallery ``(g, d)``, its
    ``g`` labels and a threshold >= 0 or ``None``. Returns ``(labels, threshold)``."""
    columns("queries", queries, "gallery", stored)
    values = labels("gallery_labels", stored_labels, len(stored))
    if threshold is not None:
        threshold = checks.non_negative("threshold", threshold)
    return values, threshold


# ------------------------------------------------------------------------------ PyTorch half

def encodings_tensor(name: str, x: object, like=None, like_name: str = ""):
    """Return ``x`` if it is a floating-point tensor ``(m, d)`` (of the dtype of ``like``,
    where given)."""
    checks.float_tensor(name, x, like, like_name)
    if x.dim() != 2:
        raise ValueError(f"{name} must have shape (m, d), got {tuple(x.shape)}")
    return x


def pair_tensors(name_1: str, x: object, name_2: str, y: object):
    """Two ``(m, d)`` encoding tensors of the same shape: returns ``(x, y)``."""
    encodings_tensor(name_1, x)
    encodings_tensor(name_2, y, x, name_1)
    checks.same_shape(name_2, tuple(y.shape), name_1, tuple(x.shape))
    return x, y


def columns_tensors(name_1: str, x: object, name_2: str, y: object):
    """Encoding tensors ``(m, d)`` and ``(n, d)`` with the same ``d``: returns ``(x, y)``."""
    encodings_tensor(name_1, x)
    encodings_tensor(name_2, y, x, name_1)
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"{name_2} must have {x.shape[1]} columns like {name_1}, "
                         f"got {tuple(y.shape)}")
    return x, y


def triplet_tensors(anchor: object, positive: object, negative: object,
                   margin: object) -> float:
    """Three encoding tensors of one shape and a margin > 0: returns the margin."""
    margin = checks.positive("margin", margin)
    encodings_tensor("anchor", anchor)
    for name, t in (("positive", positive), ("negative", negative)):
        checks.same_shape(name, tuple(encodings_tensor(name, t, anchor, "anchor").shape), "anchor",
                          tuple(anchor.shape))
    return margin


def selection_tensors(x: object, values: object, margin: object, strategy: object,
                     strategies: tuple[str, ...]) -> float:
    """The arguments of ``select_triplets`` (PyTorch): encodings ``(m, d)``, an integer
    tensor of ``m`` labels, a margin > 0 and one of ``strategies``. Returns the margin."""
    import torch

    encodings_tensor("encodings", x)
    m = len(x)
    if not isinstance(values, torch.Tensor) or values.shape != (m,) or \
            values.is_floating_point():
        raise ValueError(f"labels must be an integer tensor of shape ({m},)")
    margin = checks.positive("margin", margin)
    checks.one_of("strategy", strategy, strategies)
    return margin


def images(x: object, size: int, like=None):
    """Return ``x`` if it is a floating-point tensor of grey images ``(m, 1, size, size)`` (of
    the dtype of the network ``like``, where given)."""
    import torch

    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError(f"x must be a floating-point tensor (m, 1, {size}, {size})")
    if like is not None:
        checks.float_tensor("x", x, like, "the network's weights")
    if x.dim() != 4 or tuple(x.shape[1:]) != (1, size, size):
        raise ValueError(f"x must have shape (m, 1, {size}, {size}), got {tuple(x.shape)}")
    return x


def poses(x: object, size: int, shift: object, angle: object, scale: object):
    """Images ``x (m, 1, size, size)`` with ``m >= 1`` (see :func:`images`) and the largest
    shift, turn and zoom of a random pose, each a finite number >= 0. Returns ``x``."""
    for name, value in (("shift", shift), ("angle", angle), ("scale", scale)):
        checks.non_negative(name, value)
    return checks.non_empty("x", images(x, size), axis=0)


def training(*, d: object, steps: object, per_class: object, margin: object, lr: object,
             strategy: object, strategies: tuple[str, ...]):
    """The settings of ``train_encoder``: ``d``, ``steps`` ints >= 1, ``per_class`` >= 2 (an
    anchor needs a positive), ``margin`` and ``lr`` > 0, ``strategy`` one of ``strategies``.
    Returns ``(d, steps, per_class, margin, lr)``."""
    checks.one_of("strategy", strategy, strategies)
    return (checks.integer("d", d, 1), checks.integer("steps", steps, 1),
            checks.integer("per_class", per_class, 2), checks.positive("margin", margin),
            checks.positive("lr", lr))
