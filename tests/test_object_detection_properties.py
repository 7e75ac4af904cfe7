"""Object detection: property tests (hypothesis) of the public API. IoU and non-maximum
suppression against brute force; YOLO decoding and evaluation, RoI pooling and anchors, NumPy
against torch; the convolutional sliding window against the crops; average precision against
its all-point definition (tests/properties_support.py)."""

import math

import numpy as np
import torch
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, PROP, SMALL, close, covers, seeds, tt

from dlnotes.numpy import object_detection as nod
from dlnotes.numpy import object_detection_experiment as nodx
from dlnotes.torch import object_detection as tod


def _rand_boxes(rng, n, scale=10.0):
    xy = rng.random((n, 2)) * scale
    wh = rng.random((n, 2)) * scale * rng.integers(0, 2, (n, 1))  # some empty boxes
    return np.concatenate([xy, xy + wh], axis=1)


@PROP
@given(seed=seeds, n=st.integers(0, 6), m=st.integers(1, 5), thr=st.sampled_from(
    [0.0, 0.3, 0.5, 1.0]), convention=st.sampled_from(["notes", "torchvision"]),
       n_cls=st.integers(1, 3))
@covers("numpy.object_detection.iou", "numpy.object_detection.box_iou",
        "numpy.object_detection.box_convert", "numpy.object_detection.nms",
        "numpy.object_detection.batched_nms", "torch.object_detection.box_iou",
        "torch.object_detection.box_convert", "torch.object_detection.nms",
        "torch.object_detection.batched_nms")
def test_iou_and_nms_against_brute_force(device, seed, n, m, thr, convention, n_cls):
    rng = np.random.default_rng(seed)
    b1, b2 = _rand_boxes(rng, n), _rand_boxes(rng, m)
    brute = np.array([[nod.iou(x, y) for y in b2] for x in b1]).reshape(n, m)
    close(nod.box_iou(b1, b2), brute)
    close(tod.box_iou(tt(b1.reshape(n, 4), device), tt(b2, device)), brute)
    c = nod.box_convert(b2, "xyxy", "cxcywh")
    close(c[:, :2], (b2[:, :2] + b2[:, 2:]) / 2)
    close(nod.box_convert(c, "cxcywh", "xyxy"), b2)
    close(tod.box_convert(tt(b2, device), "xyxy", "cxcywh"), c)
    close(nod.box_iou(c, c, fmt="cxcywh"), nod.box_iou(b2, b2))
    scores = rng.permutation(m) / m + 0.01            # distinct scores
    over = (lambda v: v >= thr) if convention == "notes" else (lambda v: v > thr)
    keep, alive = [], list(np.argsort(-scores, kind="stable"))
    while alive:                                        # the greedy definition
        i = alive.pop(0)
        keep.append(i)
        alive = [j for j in alive if not over(nod.iou(b2[i], b2[j]))]
    assert list(nod.nms(b2, scores, thr, convention)) == keep
    assert tod.nms(tt(b2, device), tt(scores, device), thr, convention).tolist() == keep
    classes = rng.integers(0, n_cls, m)
    per_class = sorted((i for k in range(n_cls) for i in np.nonzero(classes == k)[0][
        nod.nms(b2[classes == k], scores[classes == k], thr, convention)]),
        key=lambda i: -scores[i])
    assert list(nod.batched_nms(b2, scores, classes, thr, convention)) == per_class
    got = tod.batched_nms(tt(b2, device), tt(scores, device),
                          torch.tensor(classes, device=device), thr, convention)
    assert got.tolist() == per_class


@PROP
@given(seed=seeds, S=st.integers(1, 4), A=st.integers(1, 3), C=st.integers(1, 4),
       thr=st.sampled_from([0.0, 0.3, 0.6]), max_boxes=st.integers(1, 10))
@covers("numpy.object_detection.yolo_decode", "numpy.object_detection.yolo_filter_boxes",
        "numpy.object_detection.yolo_eval", "torch.object_detection.yolo_decode",
        "torch.object_detection.yolo_eval", "numpy.object_detection.anchor_iou")
def test_yolo_decode_and_eval_twins(device, seed, S, A, C, thr, max_boxes):
    rng = np.random.default_rng(seed)
    pred = rng.standard_normal((S, S, A, 5 + C))
    anchors = rng.random((A, 2)) * 2 + 0.5
    boxes, p_c, probs = nod.yolo_decode(pred, anchors)
    close(p_c, 1 / (1 + np.exp(-pred[..., 0])))
    close(probs, torch.softmax(torch.tensor(pred[..., 5:]), dim=-1))
    wh = np.stack([boxes[..., 3] - boxes[..., 1], boxes[..., 2] - boxes[..., 0]], -1) * S
    close(wh, anchors * np.exp(pred[..., 3:5]), {"rtol": 1e-9, "atol": 1e-9})
    tb, tp, tpr = tod.yolo_decode(tt(pred, device), tt(anchors, device))
    close(tb, boxes), close(tp, p_c), close(tpr, probs)
    fb, fs, fc = nod.yolo_filter_boxes(boxes, p_c, probs, thr)
    score = (p_c[..., None] * probs).reshape(-1, C)
    keep = score.max(axis=1) > thr
    close(fs, score.max(axis=1)[keep])
    assert np.array_equal(fc, score.argmax(axis=1)[keep])
    close(fb, boxes.reshape(-1, 4)[keep])
    eb, es, ec = nod.yolo_eval(pred, anchors, thr, 0.5, max_boxes)
    gb, gs, gc = tod.yolo_eval(tt(pred, device), tt(anchors, device), thr, 0.5, max_boxes)
    close(gb, eb), close(gs, es)
    assert gc.tolist() == ec.tolist() and len(es) <= max_boxes
    hw = rng.random((3, 2)) * 3
    centred = lambda x: np.concatenate([-x[:, ::-1] / 2, x[:, ::-1] / 2], 1)  # noqa: E731
    close(nod.anchor_iou(hw, anchors), nod.box_iou(centred(hw), centred(anchors)))


@PROP
@given(seed=seeds, m=st.integers(1, 2), H=st.integers(2, 7), W=st.integers(2, 7),
       C=st.integers(1, 3), K=st.integers(1, 4), out=st.sampled_from([1, 2, (2, 3)]),
       scale=st.sampled_from([1.0, 0.5, 0.25]))
@covers("numpy.object_detection.roi_pool", "torch.object_detection.roi_pool",
        "numpy.object_detection.generate_anchors", "torch.object_detection.generate_anchors")
def test_roi_pool_and_anchors_twins(device, seed, m, H, W, C, K, out, scale):
    rng = np.random.default_rng(seed)
    feats = rng.standard_normal((m, H, W, C))
    corners = _rand_boxes(rng, K, scale=max(H, W) / scale)
    rois = np.concatenate([rng.integers(0, m, (K, 1)).astype(float), corners], axis=1)
    ref = nod.roi_pool(feats, rois, out, scale)
    got = tod.roi_pool(tt(feats.transpose(0, 3, 1, 2), device), tt(rois, device), out, scale)
    close(got.permute(0, 2, 3, 1), ref)
    # a region covering one cell exactly pools that cell
    r = np.array([[0, 1 / scale, 1 / scale, 1 / scale, 1 / scale]])
    close(nod.roi_pool(feats, r, 1, scale)[0, 0, 0], feats[0, 1, 1])
    scales, ratios = (8, 16), (0.5, 2.0)
    a = nod.generate_anchors((H, W), 4.0, scales, ratios)
    assert a.shape == (H * W * 4, 4)
    area = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    close(area, np.tile(np.array(scales, float) ** 2, H * W * 2))
    close(tod.generate_anchors((H, W), 4.0, scales, ratios, device=device,
                               dtype=torch.float64), a)


@SMALL
@given(seed=seeds, extra=st.integers(0, 3), stride=st.sampled_from([2]))
@covers("torch.object_detection.course_classifier", "torch.object_detection.fc_to_conv",
        "torch.object_detection.sliding_window_crops",
        "numpy.object_detection.sliding_window_count")
def test_convolutional_sliding_windows(device, seed, extra, stride):
    """The course's identity: the convolutional version of the classifier computes every
    14 x 14 window of a larger image (stride 2) in one pass."""
    clf = tod.course_classifier(4, seed=seed % 100).double().to(device)
    conv = tod.fc_to_conv(clf)
    size = 14 + stride * extra
    x = torch.randn(2, 3, size, size, dtype=torch.float64,
                    generator=torch.Generator().manual_seed(seed)).to(device)
    with torch.no_grad():
        want = tod.sliding_window_crops(clf, x, 14, stride)
        close(conv(x), want, {"rtol": 1e-9, "atol": 1e-10})
    assert want.shape[2] * want.shape[3] == nod.sliding_window_count(size, 14, stride)


@PROP
@given(seed=seeds, k=st.integers(0, 8), extra_pos=st.integers(0, 3), C=st.integers(1, 3))
@covers("numpy.object_detection_experiment.average_precision",
        "numpy.object_detection.localization_target", "numpy.object_detection.localization_loss")
def test_average_precision_and_localization(seed, k, extra_pos, C):
    rng = np.random.default_rng(seed)
    scores = rng.permutation(k) / max(k, 1) + 0.01
    is_true = rng.random(k) < 0.5
    n_pos = int(is_true.sum()) + extra_pos
    if n_pos == 0:
        n_pos = 1
    ap = nodx.average_precision(scores, is_true, n_pos)
    order = np.argsort(-scores)
    t = is_true[order]
    prec = np.cumsum(t) / np.arange(1, k + 1)
    # all-point interpolation: at each true positive, the best precision from there on
    want = sum(prec[i:].max() for i in range(k) if t[i]) / n_pos
    assert math.isclose(ap, want, rel_tol=1e-12, abs_tol=1e-15)
    box, cls = tuple(rng.random(4)), int(rng.integers(C))
    y = nod.localization_target(C, box=box, cls=cls)
    assert y[0] == 1 and np.allclose(y[1:5], box) and y[5 + cls] == 1 and y[5:].sum() == 1
    y0 = nod.localization_target(C)
    assert not np.any(y0)
    Y = np.stack([y, y0])
    Yh = Y + rng.standard_normal(Y.shape)
    want = (np.sum((Yh[0] - Y[0]) ** 2) + (Yh[1, 0] - Y[1, 0]) ** 2) / 2
    assert math.isclose(nod.localization_loss(Yh, Y), want, rel_tol=1e-12)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.object_detection.yolo_target",
    "numpy.object_detection_experiment.mean_average_precision",
    "numpy.object_detection_experiment.make_shapes",
    "torch.object_detection.yolo_loss",
    "torch.object_detection.TinyYOLO",
    "torch.object_detection_experiment.train_detector",
    "torch.object_detection_experiment.detect",
], CHAPTER_TESTS)
