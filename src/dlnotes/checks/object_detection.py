"""Argument checks of the detection chapters (``dlnotes.numpy.object_detection`` and
``dlnotes.torch.object_detection``), reachable as ``checks.object_detection``.

The building blocks check one argument: :func:`array` and :func:`box_array` (NumPy, anything
array-like, returned as float arrays), :func:`tensor` and :func:`box_tensor` (torch tensors,
returned unchanged, never moved), :func:`count`, :func:`pair_of_counts` and :func:`threshold`.
The other checks are named after the function whose arguments they check (``*_tensors`` for the
torch half) and return its arguments ready to use. Every error names the argument and what was
expected.
"""

from __future__ import annotations

from dlnotes import checks

#: Box formats: ``"xyxy"`` corners ``(x1, y1, x2, y2)``, ``"cxcywh"`` centre and size.
FORMATS = ("xyxy", "cxcywh")
#: Non-max suppression removes a box at IoU ``>=`` the threshold (``"notes"``) or ``>``
#: (``"torchvision"``).
CONVENTIONS = ("notes", "torchvision")

__all__ = [
    "FORMATS",
    "CONVENTIONS",
    "array",
    "box_array",
    "tensor",
    "box_tensor",
    "count",
    "pair_of_counts",
    "threshold",
    "box_pair",
    "box_pair_tensors",
    "nms",
    "nms_tensors",
    "batched_nms",
    "batched_nms_tensors",
    "yolo_target",
    "yolo_decode",
    "yolo_decode_tensors",
    "yolo_filter_boxes",
    "yolo_eval",
    "yolo_eval_tensors",
    "yolo_loss_tensors",
    "roi_pool",
    "roi_pool_tensors",
    "generate_anchors",
]


# ------------------------------------------------------------------------ building blocks
def array(name: str, value, *, ndim: int | None = None, last: int | None = None):
    """``value`` as a finite float NumPy array (ints become float64); ``ndim``: its number of
    axes; ``last``: the length of its last axis."""
    import numpy as np  # here, so that importing the checks imports neither half's library

    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}")
    arr = checks.floats(name, value)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} axes, got shape {arr.shape}")
    if last is not None and (arr.ndim == 0 or arr.shape[-1] != last):
        raise ValueError(f"{name} must have {last} entries on its last axis, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no nan or inf)")
    return arr


def _bad_box(boxes, fmt: str):
    """Index of the first box that breaks its format's constraints, or None (NumPy or torch)."""
    if fmt == "xyxy":
        bad = (boxes[:, 2] < boxes[:, 0]) | (boxes[:, 3] < boxes[:, 1])
    else:
        bad = (boxes[:, 2] < 0) | (boxes[:, 3] < 0)
    return int(bad.nonzero()[0][0]) if bad.any() else None


def _box_error(name: str, boxes, fmt: str) -> None:
    i = _bad_box(boxes, fmt)
    if i is not None:
        what = "x2 >= x1 and y2 >= y1 (xyxy corners)" if fmt == "xyxy" else \
            "w >= 0 and h >= 0 (cxcywh)"
        raise ValueError(f"{name} must have {what}; box {i} is {boxes[i].tolist()}")


def box_array(name: str, value, fmt: str = "xyxy"):
    """``(N, 4)`` float boxes in format ``fmt`` (one of :data:`FORMATS`): corners in order
    (``x2 >= x1``, ``y2 >= y1``), or sizes ``>= 0``."""
    checks.one_of("fmt", fmt, FORMATS)
    arr = array(name, value, ndim=2, last=4)
    _box_error(name, arr, fmt)
    return arr


def tensor(name: str, value, *, ndim: int | None = None, last: int | None = None, like=None,
           like_name: str = ""):
    """``value`` itself if it is a finite floating-point torch tensor (``ndim`` axes, ``last``
    entries on the last axis, the dtype of the tensor ``like``, where given)."""
    import torch

    checks.float_tensor(name, value, like, like_name)
    if ndim is not None and value.dim() != ndim:
        raise ValueError(f"{name} must have {ndim} axes, got shape {tuple(value.shape)}")
    if last is not None and (value.dim() == 0 or value.shape[-1] != last):
        raise ValueError(f"{name} must have {last} entries on its last axis, "
                         f"got shape {tuple(value.shape)}")
    if not torch.isfinite(value).all():
        raise ValueError(f"{name} must be finite (no nan or inf)")
    return value


def box_tensor(name: str, value, fmt: str = "xyxy", like=None, like_name: str = ""):
    """:func:`box_array` for a torch tensor (returned unchanged)."""
    checks.one_of("fmt", fmt, FORMATS)
    value = tensor(name, value, ndim=2, last=4, like=like, like_name=like_name)
    _box_error(name, value, fmt)
    return value


def count(name: str, value, minimum: int = 1) -> int:
    """``value`` as an int if it is an integer (not a bool) ``>= minimum``."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def pair_of_counts(name: str, value) -> tuple[int, int]:
    """An int ``n`` as ``(n, n)``, or a pair of ints, each ``>= 1`` (2.5 is refused, not
    truncated to 2)."""
    pair = tuple(value) if isinstance(value, tuple | list) else (value, value)
    if len(pair) != 2:
        raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")
    return count(name, pair[0]), count(name, pair[1])


def threshold(name: str, value) -> float:
    """A threshold on an IoU or a score: a number in ``[0, 1]``."""
    return checks.unit_interval(name, value, closed_right=True)


# ------------------------------------------------------------------------ the functions' checks
def box_pair(boxes1, boxes2, fmt: str = "xyxy", names: tuple[str, str] = ("boxes1", "boxes2")):
    """Two sets of boxes in format ``fmt``, each ``(N, 4)``; ``names`` are the arguments'."""
    return box_array(names[0], boxes1, fmt), box_array(names[1], boxes2, fmt)


def box_pair_tensors(boxes1, boxes2, fmt: str = "xyxy"):
    """:func:`box_pair` for torch tensors."""
    b1 = box_tensor("boxes1", boxes1, fmt)
    return b1, box_tensor("boxes2", boxes2, fmt, b1, "boxes1")


def _scores_fit(scores, n: int) -> None:
    if scores.shape[0] != n:
        raise ValueError(f"scores must have one entry per box ({n}), "
                         f"got shape {tuple(scores.shape)}")


def nms(boxes, scores, iou_threshold, convention):
    """``(boxes (N, 4) xyxy, scores (N,), iou_threshold)`` of a non-max suppression;
    ``convention`` one of :data:`CONVENTIONS`."""
    b = box_array("boxes", boxes)
    s = array("scores", scores, ndim=1)
    _scores_fit(s, b.shape[0])
    t = threshold("iou_threshold", iou_threshold)
    checks.one_of("convention", convention, CONVENTIONS)
    return b, s, t


def nms_tensors(boxes, scores, iou_threshold, convention):
    """:func:`nms` for torch tensors."""
    b = box_tensor("boxes", boxes)
    s = tensor("scores", scores, ndim=1, like=b, like_name="boxes")
    _scores_fit(s, b.shape[0])
    t = threshold("iou_threshold", iou_threshold)
    checks.one_of("convention", convention, CONVENTIONS)
    return b, s, t


def batched_nms(boxes, scores, classes):
    """``(boxes (N, 4) xyxy, scores (N,), classes (N,) integers)`` of a per-class non-max
    suppression (its threshold and convention are checked by :func:`nms`)."""
    import numpy as np

    b = box_array("boxes", boxes)
    s = array("scores", scores, ndim=1)
    c = np.asarray(classes)
    if c.shape != (b.shape[0],) or not np.issubdtype(c.dtype, np.integer):
        raise ValueError(f"classes must be ({b.shape[0]},) integers, got shape "
                         f"{c.shape} dtype {c.dtype}")
    _scores_fit(s, b.shape[0])
    return b, s, c


def batched_nms_tensors(boxes, scores, classes):
    """:func:`batched_nms` for torch tensors."""
    import torch

    b = box_tensor("boxes", boxes)
    s = tensor("scores", scores, ndim=1, like=b, like_name="boxes")
    _scores_fit(s, b.shape[0])
    if not isinstance(classes, torch.Tensor) or classes.shape != (b.shape[0],) \
            or classes.is_floating_point():
        raise ValueError(f"classes must be a ({b.shape[0]},) integer tensor")
    return b, s, classes


def yolo_target(boxes, classes, anchors, grid, n_classes):
    """``(boxes (N, 4) cxcywh, classes (N,), anchors (A, 2), S, C)`` of a YOLO training
    target: centres inside the image (0..1), classes in ``[0, n_classes)``."""
    import numpy as np

    S, C = count("grid", grid), count("n_classes", n_classes)
    b = box_array("boxes", boxes, "cxcywh")
    a = checks.non_empty("anchors", array("anchors", anchors, ndim=2, last=2), axis=0,
                         what="anchor")
    c = np.asarray(classes)
    if c.shape != (b.shape[0],) or not np.issubdtype(c.dtype, np.integer) \
            or ((c < 0) | (c >= C)).any():
        raise ValueError(f"classes must be ({b.shape[0]},) ints in [0, {C})")
    if ((b[:, :2] < 0) | (b[:, :2] > 1)).any():
        raise ValueError("boxes must have their centres inside the image (0..1)")
    return b, c, a, S, C


def yolo_decode(pred, anchors):
    """``(pred (S, S, A, 5 + C), anchors (A, 2))`` of a YOLO output for one image, C >= 1."""
    p = array("pred", pred, ndim=4)
    a = array("anchors", anchors, ndim=2, last=2)
    S, S2, A, D = p.shape
    if S != S2 or D < 6:
        raise ValueError(f"pred must have shape (S, S, A, 5 + C) with C >= 1, got {p.shape}")
    if a.shape[0] != A:
        raise ValueError(f"anchors must have one row per anchor of pred ({A}), "
                         f"got shape {a.shape}")
    return p, a


def yolo_decode_tensors(pred, anchors):
    """:func:`yolo_decode` for torch tensors; ``pred`` may also be a batch
    ``(m, S, S, A, 5 + C)``."""
    p = tensor("pred", pred)
    a = tensor("anchors", anchors, ndim=2, last=2, like=p, like_name="pred")
    if p.dim() not in (4, 5) or p.shape[-4] != p.shape[-3] or p.shape[-1] < 6:
        raise ValueError("pred must have shape (m, S, S, A, 5 + C) or (S, S, A, 5 + C) "
                         f"with C >= 1, got {tuple(p.shape)}")
    if a.shape[0] != p.shape[-2]:
        raise ValueError(f"anchors must have one row per anchor of pred ({p.shape[-2]}), "
                         f"got shape {tuple(a.shape)}")
    return p, a


def yolo_filter_boxes(boxes, p_c, class_probs, score_threshold):
    """``(boxes (K, 4), p_c (K,), class_probs (K, C), score_threshold)``, flattened over the
    grid: the three describe the same ``K`` boxes, ``C >= 1``."""
    t = threshold("score_threshold", score_threshold)
    b = array("boxes", boxes, last=4).reshape(-1, 4)
    p = array("p_c", p_c).reshape(-1)
    c = array("class_probs", class_probs)
    if c.ndim == 0 or c.shape[-1] == 0:
        raise ValueError(f"class_probs must have one entry per class (>= 1) on its last axis, "
                         f"got shape {c.shape}")
    c = c.reshape(-1, c.shape[-1])
    if not b.shape[0] == p.shape[0] == c.shape[0]:
        raise ValueError("boxes, p_c and class_probs must describe the same number of boxes")
    return b, p, c, t


def yolo_eval(iou_threshold, max_boxes) -> int:
    """``max_boxes`` (an int >= 1) of the YOLO pipeline, after checking ``iou_threshold``
    (the other arguments are checked by the steps that use them)."""
    threshold("iou_threshold", iou_threshold)
    return count("max_boxes", max_boxes)


def yolo_eval_tensors(pred, score_threshold, max_boxes):
    """``(score_threshold, max_boxes)`` of the torch YOLO pipeline, which takes the output
    ``(S, S, A, 5 + C)`` of one image."""
    import torch

    if isinstance(pred, torch.Tensor) and pred.dim() != 4:
        raise ValueError(f"pred must have shape (S, S, A, 5 + C) (one image), "
                         f"got {tuple(pred.shape)}")
    return threshold("score_threshold", score_threshold), count("max_boxes", max_boxes)


def yolo_loss_tensors(pred, target, anchors, lambda_coord, lambda_noobj):
    """``(pred, target, anchors, lambda_coord, lambda_noobj)`` of the YOLO loss: outputs and
    targets of the same shape ``(m, S, S, A, 5 + C)``, anchors ``(A, 2)``, weights >= 0."""
    p = tensor("pred", pred, ndim=5)
    t = tensor("target", target, ndim=5, like=p, like_name="pred")
    if p.shape != t.shape:
        raise ValueError(f"pred must have the shape of target, {tuple(t.shape)}, "
                         f"got {tuple(p.shape)}")
    a = tensor("anchors", anchors, ndim=2, last=2, like=p, like_name="pred")
    if a.shape != (p.shape[3], 2):
        raise ValueError(f"anchors must have shape ({p.shape[3]}, 2), got {tuple(a.shape)}")
    return (p, t, a, checks.non_negative("lambda_coord", lambda_coord),
            checks.non_negative("lambda_noobj", lambda_noobj))


def _rois_fit(rois, m: int, box) -> None:
    idx = rois[:, 0]
    if ((idx < 0) | (idx >= m) | (idx != idx.round())).any():
        raise ValueError(f"rois[:, 0] must be batch indices in [0, {m})")
    box("rois[:, 1:]", rois[:, 1:])


def roi_pool(features, rois, output_size, spatial_scale):
    """``(features (m, H, W, C), rois (K, 5), ph, pw, spatial_scale)`` of RoI pooling: each
    row of ``rois`` is a batch index and an xyxy box."""
    f = array("features", features, ndim=4)
    r = array("rois", rois, ndim=2, last=5)
    ph, pw = pair_of_counts("output_size", output_size)
    scale = checks.positive("spatial_scale", spatial_scale)
    _rois_fit(r, f.shape[0], box_array)
    return f, r, ph, pw, scale


def roi_pool_tensors(features, rois, output_size, spatial_scale):
    """:func:`roi_pool` for torch tensors (``features`` NCHW, with no empty axis)."""
    f = tensor("features", features, ndim=4)
    r = tensor("rois", rois, ndim=2, last=5, like=f, like_name="features")
    ph, pw = pair_of_counts("output_size", output_size)
    scale = checks.positive("spatial_scale", spatial_scale)
    if 0 in f.shape:  # the max of an empty bin would fail
        raise ValueError(f"features must have no empty axis, got {tuple(f.shape)}")
    _rois_fit(r, f.shape[0], box_tensor)
    return f, r, ph, pw, scale


def generate_anchors(feature_shape, stride, scales, ratios):
    """``(H, W, stride, scales, ratios)`` of Faster R-CNN's anchors: a feature map of
    ``H x W`` cells, a stride > 0, and at least one scale and one ratio, all > 0."""
    H, W = pair_of_counts("feature_shape", tuple(feature_shape))
    stride = checks.positive("stride", stride)
    scales, ratios = array("scales", scales, ndim=1), array("ratios", ratios, ndim=1)
    if (scales <= 0).any() or (ratios <= 0).any() or not scales.size or not ratios.size:
        raise ValueError("scales and ratios must be > 0 (at least one of each)")
    return H, W, stride, scales, ratios
