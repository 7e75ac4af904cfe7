"""Transfer and multi-task learning (chapter "Transfer and multi-task learning"), NumPy.

The multi-task loss: ``T`` binary tasks share one network whose last layer gives ``T``
logits per example. Labels that nobody recorded (the course's "?" entries) are ``NaN`` and
are left out of the sum.

:func:`synthetic_digits` draws digits from pen strokes, as many as wanted, in the format of
scikit-learn's 8x8 digits: the source task of the chapter's second transfer experiment.

Convention (as in the fully-connected chapters): examples are columns, so logits ``Z`` and
labels ``Y`` have shape ``(T, m)``; ``Y`` holds 0, 1 or ``NaN``.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.mlp import sigmoid

__all__ = ["masked_bce_with_logits", "masked_bce_with_logits_backward", "synthetic_digits",
           "GLYPHS"]

REDUCTIONS = checks.transfer_multitask.REDUCTIONS


def _inputs(Z, Y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Checked logits, labels with the missing ones set to 0, and the mask of known labels."""
    Z, Y = checks.transfer_multitask.label_arrays(Z, Y)
    mask = ~np.isnan(Y)
    return Z, np.where(mask, Y, 0.0), mask


def _denominator(mask: np.ndarray, reduction: str) -> float:
    checks.one_of("reduction", reduction, REDUCTIONS)
    if reduction == "examples":
        return float(mask.shape[1])
    return float(max(mask.sum(), 1))


# --8<-- [start:loss]
def masked_bce_with_logits(Z, Y, reduction: str = "examples") -> float:
    """Binary cross-entropy summed over the labelled entries of ``Y`` (``NaN`` = missing).

    ``J = (1/m) sum_i sum_{j: Y[j,i] known} L(Z[j,i], Y[j,i])`` with ``reduction="examples"``
    (the course's cost), or divided by the number of known labels with ``"labels"``.
    ``L(z, y) = max(z, 0) - z*y + log(1 + exp(-|z|))`` is ``-y log s(z) - (1-y) log(1-s(z))``
    written so that no exp overflows.
    """
    Z, Y, mask = _inputs(Z, Y)
    losses = np.maximum(Z, 0.0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return float(np.sum(losses * mask) / _denominator(mask, reduction))


def masked_bce_with_logits_backward(Z, Y, reduction: str = "examples") -> np.ndarray:
    """``dJ/dZ = mask * (sigmoid(Z) - Y) / denominator``, shape ``(T, m)``; zero where the
    label is missing, so a "?" sends no gradient into the network."""
    Z, Y, mask = _inputs(Z, Y)
    return mask * (sigmoid(Z) - Y) / _denominator(mask, reduction)
# --8<-- [end:loss]


# ----------------------------------------------------------------------- synthetic digits

def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float) -> np.ndarray:
    """Points along an elliptic arc from angle ``a0`` to ``a1`` (degrees, counter-clockwise
    as seen, y pointing down), about 60 per unit of length."""
    k = max(4, int(abs(np.radians(a1 - a0)) * max(rx, ry) * 60))
    t = np.radians(np.linspace(a0, a1, k))
    return np.stack([cx + rx * np.cos(t), cy - ry * np.sin(t)], axis=1)


def _line(*points) -> np.ndarray:
    """Points along the polyline through ``points``, about 60 per unit of length."""
    out = []
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
        k = max(2, int(np.hypot(x1 - x0, y1 - y0) * 60))
        t = np.linspace(0.0, 1.0, k)[:, None]
        out.append(np.array([x0, y0]) * (1 - t) + np.array([x1, y1]) * t)
    return np.concatenate(out)


#: digit -> ways of writing it, each a list of pen strokes (arrays of points in the unit
#: square, x to the right, y down)
GLYPHS = {
    0: [[_arc(.5, .5, .27, .4, 0, 360)], [_arc(.5, .5, .22, .42, 0, 360)]],
    1: [[_line((.5, .1), (.5, .9)), _line((.33, .28), (.5, .1))],
        [_line((.5, .1), (.5, .9)), _line((.33, .28), (.5, .1)), _line((.3, .9), (.7, .9))],
        [_line((.52, .1), (.46, .9))]],
    2: [[_arc(.5, .32, .24, .22, 160, -30), _line((.7, .45), (.25, .9), (.78, .9))],
        [_arc(.5, .32, .24, .22, 160, -40), _line((.68, .47), (.28, .88)),
         _arc(.38, .84, .12, .08, 200, 360), _line((.5, .86), (.8, .9))]],
    3: [[_arc(.48, .3, .22, .2, 150, -90), _arc(.48, .7, .25, .2, 90, -150)],
        [_line((.25, .12), (.72, .12), (.45, .45)), _arc(.48, .68, .25, .22, 100, -150)]],
    4: [[_line((.65, .9), (.65, .1), (.2, .65), (.8, .65))],
        [_line((.3, .1), (.25, .58), (.8, .58)), _line((.66, .2), (.64, .95))]],
    5: [[_line((.75, .1), (.32, .1), (.3, .45)), _arc(.5, .66, .25, .24, 130, -150)]],
    6: [[_arc(.62, .6, .4, .5, 100, 180), _arc(.5, .68, .24, .22, 180, 540)],
        [_line((.65, .1), (.3, .6)), _arc(.5, .7, .22, .2, 180, 540)]],
    7: [[_line((.2, .1), (.8, .1), (.42, .9))],
        [_line((.2, .1), (.8, .1), (.42, .9)), _line((.32, .5), (.78, .5))],
        [_line((.2, .15), (.78, .1), (.5, .9)), _line((.35, .48), (.75, .46))]],
    8: [[_arc(.5, .3, .19, .19, 0, 360), _arc(.5, .7, .23, .21, 0, 360)]],
    9: [[_arc(.5, .32, .22, .22, 0, 360), _line((.72, .32), (.62, .9))],
        [_arc(.5, .3, .22, .2, 0, 360), _line((.72, .3), (.72, .7)),
         _arc(.5, .7, .22, .2, 0, -120)]],
}
_POINTS = 100  # points per drawn digit, about one per pixel of the 32x32 bitmap
_SIZE = 32     # the bitmap is 32x32, counted in 4x4 blocks as for scikit-learn's digits


def synthetic_digits(labels, seed: int = 0) -> np.ndarray:
    """Draw one digit per entry of ``labels`` (ints 0-9, shape ``(m,)``): a random way of
    writing it from :data:`GLYPHS`, rotated (up to 12 degrees), slanted, scaled, shifted and
    jittered at random, inked with a random pen width on a 32x32 bitmap, then reduced to 8x8
    by counting the ink of each 4x4 block (the preprocessing of scikit-learn's digits).

    Returns ``(m, 8, 8)`` floats in [0, 1] (counts divided by 16); the same ``seed`` gives the
    same images."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu" or not np.isin(labels, range(10)).all():
        raise ValueError(f"labels must be a 1-d array of ints 0-9, got {labels!r:.60}")
    rng = checks.generator("seed", seed)
    m = len(labels)
    points = np.empty((m, _POINTS, 2))
    width = rng.uniform(0.05, 0.1, m)  # pen radius, in units of the square
    for i, d in enumerate(labels):
        ways = GLYPHS[int(d)]
        strokes = np.concatenate(ways[rng.integers(len(ways))])
        pts = strokes[np.linspace(0, len(strokes) - 1, _POINTS).round().astype(int)]
        a, slant = np.radians(rng.uniform(-12, 12)), rng.uniform(-0.25, 0.25)
        rotate = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        A = rotate @ np.array([[1.0, slant], [0.0, 1.0]]) @ np.diag(rng.uniform(0.8, 1.05, 2))
        points[i] = ((pts - 0.5) @ A.T + 0.5 + rng.uniform(-0.06, 0.06, 2)
                     + rng.normal(0, 0.01, (_POINTS, 2)))
    images = np.empty((m, 8, 8))
    for start in range(0, m, 100):  # in chunks: the ink test holds 100 x 100 x 49 candidates
        part = slice(start, start + 100)
        images[part] = _ink(points[part], width[part])
    return images


def _ink(points: np.ndarray, width: np.ndarray) -> np.ndarray:
    """Pixels of the 32x32 bitmap whose centre lies within ``width`` of a pen point, counted
    in 4x4 blocks: ``(k, 8, 8)`` in [0, 1]."""
    k = len(points)
    q = points * _SIZE - 0.5  # pixel units, pixel centres at integers
    r = int(np.ceil(width.max() * _SIZE))
    offsets = np.stack(np.meshgrid(np.arange(-r, r + 1), np.arange(-r, r + 1)), -1).reshape(-1, 2)
    offsets = offsets[(offsets ** 2).sum(1) <= r * r]  # a disk that covers every pen width
    cand = np.round(q).astype(int)[:, :, None, :] + offsets[None, None]
    near = ((cand - q[:, :, None, :]) ** 2).sum(-1) < (width * _SIZE)[:, None, None] ** 2
    keep = near & ((cand >= 0) & (cand < _SIZE)).all(-1)
    bitmap = np.zeros((k, _SIZE, _SIZE), dtype=bool)
    which = np.broadcast_to(np.arange(k)[:, None, None], keep.shape)[keep]
    bitmap[which, cand[..., 1][keep], cand[..., 0][keep]] = True
    return bitmap.reshape(k, 8, 4, 8, 4).sum(axis=(2, 4)) / 16.0
