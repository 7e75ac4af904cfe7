"""Object detection (chapter "Object detection"), NumPy: the experiment. A seeded data set of
coloured shapes on noise to train a detector on, and the score of its detections, the mean
average precision (mAP). The boxes, IoU, non-max suppression and YOLO's targets and decoding
are in :mod:`dlnotes.numpy.object_detection`, with the conventions (boxes ``"xyxy"`` in
pixels, images NHWC).
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.object_detection import box_iou

__all__ = [
    "CLASSES",
    "average_precision",
    "mean_average_precision",
    "make_shapes",
]

#: The classes of the synthetic shapes data set, in label order.
CLASSES = ("rectangle", "circle", "triangle")


# --------------------------------------------------------------------------- evaluation (mAP)
def average_precision(scores, is_true, n_positives: int) -> float:
    """Area under the precision-recall curve of ranked detections (all-point interpolation,
    as in PASCAL VOC since 2010): precision is made non-increasing from the right and
    summed over the recall steps. ``is_true[k]`` says whether detection ``k`` matched a
    ground-truth box; ``n_positives`` counts the ground-truth boxes."""
    scores = checks.object_detection.array("scores", scores, ndim=1)
    is_true = np.asarray(is_true, dtype=bool)
    if is_true.shape != scores.shape:
        raise ValueError(f"is_true must have the shape of scores, {scores.shape}")
    n_positives = checks.object_detection.count("n_positives", n_positives, minimum=0)
    if is_true.sum() > n_positives:  # else recall would pass 1
        raise ValueError(f"n_positives must be at least the number of true detections "
                         f"({int(is_true.sum())}), got {n_positives}")
    if n_positives == 0:
        return float("nan")
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(is_true[order])
    fp = np.cumsum(~is_true[order])
    recall = np.concatenate([[0.0], tp / n_positives])
    precision = np.concatenate([[1.0], tp / np.maximum(tp + fp, 1)])
    precision = np.maximum.accumulate(precision[::-1])[::-1]
    return float(np.sum((recall[1:] - recall[:-1]) * precision[1:]))


def mean_average_precision(detections, ground_truths, n_classes: int,
                           iou_threshold: float = 0.5) -> float:
    """mAP over classes at an IoU threshold (mAP@0.5 by default).

    ``detections``: per image a tuple ``(boxes (K, 4) xyxy, scores (K,), classes (K,))``;
    ``ground_truths``: per image ``(boxes (N, 4) xyxy, classes (N,))``. In each image and
    class, detections are taken by decreasing score and each matches the unmatched ground
    truth of highest IoU if that IoU is ``>= iou_threshold``; a later detection of an already
    matched object is a false positive. Classes without ground truth are left out.
    """
    C = checks.object_detection.count("n_classes", n_classes)
    t = checks.object_detection.threshold("iou_threshold", iou_threshold)
    if len(detections) != len(ground_truths):
        raise ValueError("detections and ground_truths must list the same images")
    aps = []
    for c in range(C):
        scores, hits, n_pos = [], [], 0
        for (d_boxes, d_scores, d_cls), (g_boxes, g_cls) in zip(detections, ground_truths,
                                                                 strict=True):
            d_cls, g_cls = np.asarray(d_cls), np.asarray(g_cls)
            db = np.asarray(d_boxes, dtype=float).reshape(-1, 4)[d_cls == c]
            ds = np.asarray(d_scores, dtype=float)[d_cls == c]
            gb = np.asarray(g_boxes, dtype=float).reshape(-1, 4)[g_cls == c]
            n_pos += len(gb)
            matched = np.zeros(len(gb), dtype=bool)
            overlap = box_iou(db, gb) if len(db) and len(gb) else np.zeros((len(db), len(gb)))
            for k in np.argsort(-ds, kind="stable"):
                hit = False
                if len(gb):
                    cand = np.where(matched, -1.0, overlap[k])
                    g = int(cand.argmax())
                    if cand[g] >= t:
                        matched[g] = hit = True
                scores.append(ds[k])
                hits.append(hit)
        if n_pos:
            aps.append(average_precision(np.asarray(scores, dtype=float), hits, n_pos))
    return float(np.mean(aps)) if aps else float("nan")


# ----------------------------------------------------------------------- synthetic shapes
def _max_cover(box: np.ndarray, others: np.ndarray) -> float:
    """Largest share of either box's area that ``box`` and one of ``others`` have in common."""
    wh = np.clip(np.minimum(box[2:], others[:, 2:]) - np.maximum(box[:2], others[:, :2]), 0, None)
    inter = wh[:, 0] * wh[:, 1]
    area = np.minimum((box[2] - box[0]) * (box[3] - box[1]),
                      (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1]))
    return float((inter / area).max())


def make_shapes(n: int, size: int = 64, max_objects: int = 3, min_size: int = 10,
                max_size: int = 28, seed: int = 0):
    """A seeded data set of coloured shapes on noise, for detection.

    Each of the ``n`` images (``size x size``, RGB in [0, 1], float32) holds 1 to
    ``max_objects`` filled shapes — rectangles, circles and upright triangles (``CLASSES``) —
    of random colour and size, on a background of Gaussian noise. A new shape is placed
    where its box covers less than 15% of every earlier box and vice versa (20 tries, else
    it is left out), so shapes may touch but stay visible.
    Returns ``images (n, size, size, 3)`` (NHWC)
    and a list of ``(boxes (k, 4) xyxy in pixels, classes (k,))``, one per image.
    """
    seed = checks.seed("seed", seed)
    n = checks.object_detection.count("n", n)
    size = checks.object_detection.count("size", size, minimum=8)
    max_objects = checks.object_detection.count("max_objects", max_objects)
    min_size = checks.object_detection.count("min_size", min_size)
    max_size = checks.object_detection.count("max_size", max_size)
    if not 2 <= min_size <= max_size <= size:
        raise ValueError(f"min_size and max_size must satisfy 2 <= min_size <= max_size <= "
                         f"size ({size}), got {min_size}, {max_size}")
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size] + 0.5  # pixel centres
    images = np.empty((n, size, size, 3), dtype=np.float32)
    labels = []
    for i in range(n):
        bg = rng.uniform(0.1, 0.5, size=3)
        img = bg + rng.normal(0.0, 0.08, size=(size, size, 3))
        boxes, classes = [], []
        for _ in range(int(rng.integers(1, max_objects + 1))):
            c = int(rng.integers(len(CLASSES)))
            for _attempt in range(20):
                w, h = rng.integers(min_size, max_size + 1, size=2)
                if c == 1:  # circle: the box is its bounding square
                    h = w
                x1, y1 = rng.integers(0, size - w + 1), rng.integers(0, size - h + 1)
                box = np.array([x1, y1, x1 + w, y1 + h], dtype=float)
                if not boxes or _max_cover(box, np.array(boxes)) < 0.15:
                    break
            else:
                continue  # no free place found: fewer objects in this image
            if c == 1:
                cx, cy, r = box[0] + w / 2, box[1] + h / 2, w / 2
                mask = (xx - cx) ** 2 + (yy - cy) ** 2 <= r**2
            elif c == 2:  # triangle: apex at the top middle, base along the bottom
                t = (yy - box[1]) / h  # 0 at the apex, 1 at the base
                mask = (t >= 0) & (t <= 1) & (np.abs(xx - (box[0] + w / 2)) <= t * w / 2)
            else:
                mask = (xx >= box[0]) & (xx < box[2]) & (yy >= box[1]) & (yy < box[3])
            colour = rng.uniform(0, 1, size=3)
            while np.abs(colour - bg).max() < 0.35:  # keep every shape visible
                colour = rng.uniform(0, 1, size=3)
            img[mask] = colour + rng.normal(0.0, 0.03, size=(int(mask.sum()), 3))
            boxes.append(box)
            classes.append(c)
        images[i] = np.clip(img, 0.0, 1.0)
        labels.append((np.array(boxes, dtype=float).reshape(-1, 4),
                       np.array(classes, dtype=np.int64)))
    return images, labels
