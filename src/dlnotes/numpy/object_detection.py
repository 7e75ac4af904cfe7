"""Object detection (chapter "Object detection"), NumPy reference.

Conventions used throughout:

* A box is four numbers. ``"xyxy"`` (corners) is ``(x1, y1, x2, y2)`` with ``x2 >= x1`` and
  ``y2 >= y1``; ``"cxcywh"`` (centre) is ``(x, y, w, h)`` with ``w, h >= 0``. ``x`` runs to the
  right and ``y`` down, as in image arrays. A set of boxes is an array of shape ``(N, 4)``.
* Images are NHWC, ``(m, n_H, n_W, n_C)``, as in the convolution chapters.
* YOLO grids: a prediction or target has shape ``(S, S, A, 5 + C)`` for an ``S x S`` grid,
  ``A`` anchors and ``C`` classes; the last axis is ordered as in the notes,
  ``(p_c, b_x, b_y, b_h, b_w, c_1, ..., c_C)``. ``b_x, b_y`` are the position of the box's
  centre inside its cell (0..1), ``b_h, b_w`` its height and width in units of the cell size
  (they may exceed 1). Index ``[row, col]`` is the cell of row ``row`` (``y``) and column
  ``col`` (``x``). Anchors are ``(A, 2)`` arrays of ``(h, w)`` in cell units.
* Non-max suppression: ``convention="notes"`` removes a box whose IoU with a kept box is
  ``>= iou_threshold``; ``convention="torchvision"`` removes it only when the IoU is
  ``> iou_threshold`` (what ``torchvision.ops.nms`` does). Equal scores keep the order of the
  input (the stable sort): the box listed first wins.
"""

from __future__ import annotations

import math

import numpy as np

from dlnotes import checks
from dlnotes.numpy.mlp import sigmoid

__all__ = [
    "localization_target",
    "localization_loss",
    "sliding_window_count",
    "box_convert",
    "iou",
    "box_iou",
    "nms",
    "batched_nms",
    "anchor_iou",
    "yolo_target",
    "yolo_decode",
    "yolo_filter_boxes",
    "yolo_eval",
    "roi_pool",
    "generate_anchors",
]

FORMATS = checks.object_detection.FORMATS
CONVENTIONS = checks.object_detection.CONVENTIONS


# ------------------------------------------------------------ classification + localization
def localization_target(n_classes: int, box=None, cls: int | None = None,
                        landmarks=None) -> np.ndarray:
    """The target vector of classification with localization.

    ``y = (p_c, b_x, b_y, b_h, b_w, c_1, ..., c_C[, l_1x, l_1y, ...])``: ``p_c = 1`` and the
    box (centre ``b_x, b_y``, height, width, as fractions of the image) and one-hot class when
    an object is present (``box`` and ``cls`` given); ``p_c = 0`` and zeros ("don't care")
    otherwise. ``landmarks`` (``(L, 2)`` points ``(x, y)``) are appended when given.
    Returns shape ``(5 + C + 2L,)``.
    """
    n_classes = checks.object_detection.count("n_classes", n_classes)
    lm = np.zeros((0, 2)) if landmarks is None else checks.object_detection.array(
        "landmarks", landmarks, ndim=2, last=2)
    y = np.zeros(5 + n_classes + lm.size)
    if (box is None) != (cls is None):
        raise ValueError("box and cls must be given together (an object) or both be None")
    if box is None:
        return y
    b = checks.object_detection.array("box", box, ndim=1, last=4)
    if checks.integer("cls", cls, 0) >= n_classes:
        raise ValueError(f"cls must be an int in [0, {n_classes}), got {cls!r}")
    y[0] = 1.0
    y[1:5] = b
    y[5 + cls] = 1.0
    y[5 + n_classes:] = lm.reshape(-1)
    return y


def localization_loss(y_hat, y) -> float:
    """Squared-error loss of the notes, averaged over the ``m`` rows of ``(m, n)`` arrays.

    Per example: ``sum_k (y_hat_k - y_k)^2`` when ``y_1 = p_c = 1``, and only
    ``(y_hat_1 - y_1)^2`` when ``p_c = 0`` (the other entries are "don't care").
    """
    y_hat = checks.object_detection.array("y_hat", y_hat, ndim=2)
    y = checks.object_detection.array("y", y, ndim=2)
    checks.same_shape("y_hat", y_hat.shape, "y", y.shape)
    sq = (y_hat - y) ** 2
    per_example = np.where(y[:, 0] == 1, sq.sum(axis=1), sq[:, 0])
    return float(per_example.mean())


def sliding_window_count(image_size: int, window: int, stride: int) -> int:
    """Number of positions of a square ``window`` moved by ``stride`` over a square image:
    ``(floor((n - w) / s) + 1)^2``."""
    n = checks.object_detection.count("image_size", image_size)
    w = checks.object_detection.count("window", window)
    s = checks.object_detection.count("stride", stride)
    if w > n:
        raise ValueError(f"window must be <= image_size ({n}), got {w}")
    return ((n - w) // s + 1) ** 2


# -------------------------------------------------------------------------------- boxes
def box_convert(boxes, in_fmt: str, out_fmt: str) -> np.ndarray:
    """Convert ``(N, 4)`` boxes between ``"xyxy"`` corners and ``"cxcywh"`` centre format."""
    checks.one_of("in_fmt", in_fmt, FORMATS)
    checks.one_of("out_fmt", out_fmt, FORMATS)
    b = checks.object_detection.box_array("boxes", boxes, in_fmt)
    if in_fmt == out_fmt:
        return b.copy()
    if in_fmt == "xyxy":
        return np.stack([(b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2,
                         b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]], axis=1)
    return np.stack([b[:, 0] - b[:, 2] / 2, b[:, 1] - b[:, 3] / 2,
                     b[:, 0] + b[:, 2] / 2, b[:, 1] + b[:, 3] / 2], axis=1)


# --8<-- [start:iou]
def iou(box1, box2, fmt: str = "xyxy") -> float:
    """Intersection over union of two boxes (the notes' definition, one pair).

    A box of zero area against another of zero area has IoU 0 (no union to divide by).
    """
    b1, b2 = checks.object_detection.box_pair(np.reshape(box1, (1, -1)),
                                              np.reshape(box2, (1, -1)), fmt, ("box1", "box2"))
    if fmt == "cxcywh":
        b1, b2 = box_convert(b1, fmt, "xyxy"), box_convert(b2, fmt, "xyxy")
    (x1, y1, x2, y2), (u1, v1, u2, v2) = b1[0], b2[0]
    inter_w = max(0.0, min(x2, u2) - max(x1, u1))  # no overlap -> 0, not negative
    inter_h = max(0.0, min(y2, v2) - max(y1, v1))
    inter = inter_w * inter_h
    union = (x2 - x1) * (y2 - y1) + (u2 - u1) * (v2 - v1) - inter
    return float(inter / union) if union > 0 else 0.0


def box_iou(boxes1, boxes2, fmt: str = "xyxy") -> np.ndarray:
    """IoU of every box of ``boxes1`` (N, 4) with every box of ``boxes2`` (M, 4): (N, M)."""
    b1, b2 = checks.object_detection.box_pair(boxes1, boxes2, fmt)
    b1, b2 = box_convert(b1, fmt, "xyxy"), box_convert(b2, fmt, "xyxy")
    area1 = (b1[:, 2] - b1[:, 0]) * (b1[:, 3] - b1[:, 1])
    area2 = (b2[:, 2] - b2[:, 0]) * (b2[:, 3] - b2[:, 1])
    top_left = np.maximum(b1[:, None, :2], b2[None, :, :2])  # (N, M, 2)
    bottom_right = np.minimum(b1[:, None, 2:], b2[None, :, 2:])
    wh = np.clip(bottom_right - top_left, 0.0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = area1[:, None] + area2[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
# --8<-- [end:iou]


# ------------------------------------------------------------------------ non-max suppression
# --8<-- [start:nms]
def nms(boxes, scores, iou_threshold: float = 0.5, convention: str = "notes") -> np.ndarray:
    """Greedy non-max suppression of ``(N, 4)`` xyxy boxes with ``(N,)`` scores.

    Repeatedly keep the highest-scoring remaining box and drop every remaining box that
    overlaps it too much: IoU ``>= iou_threshold`` (``convention="notes"``) or
    ``> iou_threshold`` (``"torchvision"``). Returns the indices kept, by decreasing score.
    """
    boxes, scores, t = checks.object_detection.nms(boxes, scores, iou_threshold, convention)
    order = np.argsort(-scores, kind="stable")  # ties: the box listed first comes first
    overlap = box_iou(boxes[order], boxes[order])
    too_close = overlap >= t if convention == "notes" else overlap > t
    removed = np.zeros(len(order), dtype=bool)
    keep = []
    for i in range(len(order)):
        if removed[i]:
            continue
        keep.append(order[i])
        removed[i + 1:] |= too_close[i, i + 1:]
    return np.asarray(keep, dtype=np.int64)


def batched_nms(boxes, scores, classes, iou_threshold: float = 0.5,
                convention: str = "notes") -> np.ndarray:
    """Non-max suppression run separately for each class: a box only suppresses boxes of
    its own class. Returns the indices kept, by decreasing score."""
    boxes, scores, classes = checks.object_detection.batched_nms(boxes, scores, classes)
    keep = [np.flatnonzero(classes == c)[nms(boxes[classes == c], scores[classes == c],
                                             iou_threshold, convention)]
            for c in np.unique(classes)]
    keep = np.sort(np.concatenate(keep)) if keep else np.zeros(0, dtype=np.int64)
    return keep[np.argsort(-scores[keep], kind="stable")]
# --8<-- [end:nms]


# ----------------------------------------------------------------------- anchors and targets
def anchor_iou(hw, anchors) -> np.ndarray:
    """IoU of box shapes ``(N, 2)`` ``(h, w)`` with anchor shapes ``(A, 2)``, both centred at
    the same point (only the shape matters): ``(N, A)``."""
    hw = checks.object_detection.array("hw", hw, ndim=2, last=2)
    anchors = checks.object_detection.array("anchors", anchors, ndim=2, last=2)
    if (hw < 0).any() or (anchors <= 0).any():
        raise ValueError("hw must be >= 0 and anchors > 0")
    inter = np.minimum(hw[:, None, 0], anchors[None, :, 0]) * np.minimum(hw[:, None, 1],
                                                                          anchors[None, :, 1])
    union = (hw[:, 0] * hw[:, 1])[:, None] + (anchors[:, 0] * anchors[:, 1])[None, :] - inter
    return inter / union


# --8<-- [start:target]
def yolo_target(boxes, classes, anchors, grid: int, n_classes: int) -> np.ndarray:
    """Training target ``(S, S, A, 5 + C)`` for one image.

    ``boxes``: ``(N, 4)`` cxcywh, as fractions of the image (0..1); ``classes``: ``(N,)`` ints;
    ``anchors``: ``(A, 2)`` ``(h, w)`` in cell units. Each object goes to the cell that holds
    its midpoint and, in that cell, to the anchor whose shape has the highest IoU with it. If
    two objects land in the same cell and anchor, the first one listed is kept (the target
    can hold only one).
    """
    boxes, classes, anchors, S, C = checks.object_detection.yolo_target(boxes, classes, anchors,
                                                                       grid, n_classes)
    y = np.zeros((S, S, anchors.shape[0], 5 + C))
    hw_cells = boxes[:, [3, 2]] * S  # (h, w) in cell units
    best = anchor_iou(hw_cells, anchors).argmax(axis=1)
    for (x, yc, _, _), (h, w), c, a in zip(boxes, hw_cells, classes, best, strict=True):
        col, row = min(int(x * S), S - 1), min(int(yc * S), S - 1)  # midpoint's cell
        if y[row, col, a, 0] == 1:
            continue
        y[row, col, a, :5] = (1.0, x * S - col, yc * S - row, h, w)
        y[row, col, a, 5 + c] = 1.0
    return y
# --8<-- [end:target]


# ---------------------------------------------------------------------------- YOLO decoding
# --8<-- [start:decode]
def yolo_decode(pred, anchors):
    """Turn raw network outputs ``(S, S, A, 5 + C)`` into boxes and probabilities.

    ``p_c = sigmoid(t_o)``; ``b_x = sigmoid(t_x)``, ``b_y = sigmoid(t_y)`` (offsets inside the
    cell); ``b_h = a_h exp(t_h)``, ``b_w = a_w exp(t_w)`` (anchor sizes scaled);
    ``c = softmax(t_c)``. Returns ``boxes (S, S, A, 4)`` xyxy as fractions of the image,
    ``p_c (S, S, A)`` and ``class_probs (S, S, A, C)``.
    """
    pred, anchors = checks.object_detection.yolo_decode(pred, anchors)
    S = pred.shape[0]
    rows, cols = np.meshgrid(np.arange(S), np.arange(S), indexing="ij")
    x = (cols[..., None] + sigmoid(pred[..., 1])) / S
    y = (rows[..., None] + sigmoid(pred[..., 2])) / S
    h = anchors[:, 0] * np.exp(np.minimum(pred[..., 3], 30.0)) / S
    w = anchors[:, 1] * np.exp(np.minimum(pred[..., 4], 30.0)) / S
    boxes = np.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], axis=-1)
    e = np.exp(pred[..., 5:] - pred[..., 5:].max(axis=-1, keepdims=True))  # stable softmax
    return boxes, sigmoid(pred[..., 0]), e / e.sum(axis=-1, keepdims=True)
# --8<-- [end:decode]


# --8<-- [start:eval]
def yolo_filter_boxes(boxes, p_c, class_probs, score_threshold: float = 0.6):
    """Class scores ``p_c * c_i``; each box keeps its best class, and boxes whose score is
    ``<= score_threshold`` are discarded (the notes' rule). Returns ``(boxes (K, 4),
    scores (K,), classes (K,))``, flattened over the grid."""
    boxes, p_c, class_probs, t = checks.object_detection.yolo_filter_boxes(
        boxes, p_c, class_probs, score_threshold)
    scores = p_c[:, None] * class_probs  # (K, C)
    classes = scores.argmax(axis=1)
    best = scores[np.arange(len(classes)), classes]
    keep = best > t
    return boxes[keep], best[keep], classes[keep]


def yolo_eval(pred, anchors, score_threshold: float = 0.6, iou_threshold: float = 0.5,
              max_boxes: int = 10, convention: str = "notes"):
    """The whole YOLO inference pipeline for one image: decode, score threshold, per-class
    non-max suppression, at most ``max_boxes`` boxes. Returns ``(boxes (K, 4) xyxy in image
    fractions, scores (K,), classes (K,))`` by decreasing score."""
    max_boxes = checks.object_detection.yolo_eval(iou_threshold, max_boxes)
    boxes, p_c, class_probs = yolo_decode(pred, anchors)
    boxes, scores, classes = yolo_filter_boxes(boxes, p_c, class_probs, score_threshold)
    keep = batched_nms(boxes, scores, classes, iou_threshold, convention)[:max_boxes]
    return boxes[keep], scores[keep], classes[keep]
# --8<-- [end:eval]


# ------------------------------------------------------------------------------ RoI pooling
# --8<-- [start:roi-pool]
def roi_pool(features, rois, output_size=(2, 2), spatial_scale: float = 1.0) -> np.ndarray:
    """RoI max pooling (Fast R-CNN) of NHWC ``features (m, H, W, C)``.

    ``rois``: ``(K, 5)`` rows ``(batch_index, x1, y1, x2, y2)`` in input-image coordinates.
    Each region is scaled by ``spatial_scale`` and rounded to whole feature cells (the
    rounding of ``torchvision.ops.roi_pool``: halves away from zero, the end cell included),
    split into ``output_size = (ph, pw)`` bins of nearly equal size
    (``floor(i * h / ph)`` to ``ceil((i + 1) * h / ph)``), and each bin is max-pooled;
    an empty bin gives 0. Returns ``(K, ph, pw, C)``.
    """
    features, rois, ph, pw, scale = checks.object_detection.roi_pool(features, rois, output_size,
                                                                    spatial_scale)
    m, H, W, C = features.shape
    out = np.zeros((rois.shape[0], ph, pw, C), dtype=features.dtype)
    for k, (b, *corners) in enumerate(rois):
        c = np.asarray(corners) * scale
        # C's round, halves away from zero (NumPy's round goes to even), as torchvision does
        x1, y1, x2, y2 = (np.sign(c) * np.floor(np.abs(c) + 0.5)).astype(int)
        h, w = max(y2 - y1 + 1, 1), max(x2 - x1 + 1, 1)
        for i in range(ph):
            hs = min(max(math.floor(i * h / ph) + y1, 0), H)
            he = min(max(math.ceil((i + 1) * h / ph) + y1, 0), H)
            for j in range(pw):
                ws = min(max(math.floor(j * w / pw) + x1, 0), W)
                we = min(max(math.ceil((j + 1) * w / pw) + x1, 0), W)
                if he > hs and we > ws:
                    out[k, i, j] = features[int(b), hs:he, ws:we].max(axis=(0, 1))
    return out
# --8<-- [end:roi-pool]


# --8<-- [start:anchors]
def generate_anchors(feature_shape, stride: float, scales=(128, 256, 512),
                     ratios=(0.5, 1.0, 2.0)) -> np.ndarray:
    """Faster R-CNN anchors: ``len(ratios) * len(scales)`` boxes centred on every cell of a
    feature map of ``feature_shape = (H, W)`` whose cells are ``stride`` pixels apart.

    A scale ``s`` and ratio ``r = h / w`` give ``w = s / sqrt(r)``, ``h = s * sqrt(r)``
    (area ``s^2``). The centre of cell ``(i, j)`` is ``((j + 0.5) stride, (i + 0.5) stride)``.
    Returns ``(H * W * len(ratios) * len(scales), 4)`` xyxy, ordered by cell (row-major),
    then ratio, then scale.
    """
    H, W, stride, scales, ratios = checks.object_detection.generate_anchors(
        feature_shape, stride, scales, ratios)
    h = (scales[None, :] * np.sqrt(ratios)[:, None]).reshape(-1)  # (R * S,), ratio-major
    w = (scales[None, :] / np.sqrt(ratios)[:, None]).reshape(-1)
    base = np.stack([-w, -h, w, h], axis=1) / 2  # centred on (0, 0)
    cy, cx = np.meshgrid((np.arange(H) + 0.5) * stride, (np.arange(W) + 0.5) * stride,
                         indexing="ij")
    shifts = np.stack([cx, cy, cx, cy], axis=-1).reshape(-1, 1, 4)
    return (shifts + base[None]).reshape(-1, 4)
# --8<-- [end:anchors]
