"""Object detection: IoU, NMS, YOLO targets/decoding/eval, RoI pooling and anchors against
plain reference loops and known answers, NumPy against torch on every device, the
convolutional sliding window against the classifier run on every crop, and (slow) the
small detector trained on the synthetic shapes.

The property tests and the bad-input sweep of the chapter's public API are in
test_object_detection_properties.py and test_object_detection_bad_input.py."""

import json
import math

import numpy as np
import pytest
import torch

from dlnotes.numpy import object_detection as nod
from dlnotes.numpy import object_detection_experiment as nodx
from dlnotes.torch import object_detection as tod
from dlnotes.torch import object_detection_experiment as todx
from site_tools.doc_examples import ROOT


# ------------------------------------------------------------------ plain reference loops
def ref_iou(a, b):
    """IoU of two xyxy boxes, scalar arithmetic only."""
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def ref_nms(boxes, scores, thr, remove_equal):
    """The notes' greedy loop, on Python lists: pick the best, drop its overlaps, repeat."""
    remaining = sorted(range(len(boxes)), key=lambda i: (-scores[i], i))
    keep = []
    while remaining:
        best = remaining.pop(0)
        keep.append(best)
        remaining = [i for i in remaining
                     if not (ref_iou(boxes[best], boxes[i]) >= thr if remove_equal
                             else ref_iou(boxes[best], boxes[i]) > thr)]
    return keep


def ref_batched_nms(boxes, scores, classes, thr, remove_equal):
    keep = []
    for c in sorted(set(classes)):
        idx = [i for i in range(len(boxes)) if classes[i] == c]
        kept = ref_nms([boxes[i] for i in idx], [scores[i] for i in idx], thr, remove_equal)
        keep += [idx[k] for k in kept]
    return sorted(keep, key=lambda i: (-scores[i], i))


def ref_roi_pool(features_nchw, rois, ph, pw, scale):
    """torchvision's RoI pooling (roi_pool_kernel.cpp) written out with scalar loops."""
    m, C, H, W = features_nchw.shape
    out = np.zeros((len(rois), C, ph, pw))

    def c_round(v):
        return math.floor(v + 0.5) if v >= 0 else -math.floor(-v + 0.5)

    for k, (b, x1, y1, x2, y2) in enumerate(rois):
        sw, sh = c_round(x1 * scale), c_round(y1 * scale)
        ew, eh = c_round(x2 * scale), c_round(y2 * scale)
        rw, rh = max(ew - sw + 1, 1), max(eh - sh + 1, 1)
        bh, bw = rh / ph, rw / pw
        for c in range(C):
            for i in range(ph):
                for j in range(pw):
                    hs = min(max(math.floor(i * bh) + sh, 0), H)
                    he = min(max(math.ceil((i + 1) * bh) + sh, 0), H)
                    ws = min(max(math.floor(j * bw) + sw, 0), W)
                    we = min(max(math.ceil((j + 1) * bw) + sw, 0), W)
                    best = 0.0 if (he <= hs or we <= ws) else -math.inf
                    for y in range(hs, he):
                        for x in range(ws, we):
                            best = max(best, features_nchw[int(b), c, y, x])
                    out[k, c, i, j] = best
    return out


def random_boxes(n, rng, size=20.0):
    xy = rng.uniform(0, size, size=(n, 2))
    wh = rng.uniform(1, size / 2, size=(n, 2))
    return np.concatenate([xy, xy + wh], axis=1)


# ------------------------------------------------------------------------------- tests
def test_localization_target_and_loss_known_answers():
    y = nod.localization_target(3, box=[0.5, 0.7, 0.3, 0.4], cls=1)
    np.testing.assert_array_equal(y, [1, 0.5, 0.7, 0.3, 0.4, 0, 1, 0])
    y0 = nod.localization_target(3)
    np.testing.assert_array_equal(y0, np.zeros(8))
    y_hat = np.full((2, 8), 0.5)
    # object: every entry counts; no object: only p_c
    expected = (np.sum((0.5 - y) ** 2) + 0.25) / 2
    assert nod.localization_loss(y_hat, np.stack([y, y0])) == pytest.approx(expected)
    lm = nod.localization_target(2, box=[0.5, 0.5, 1, 1], cls=0, landmarks=[[0.1, 0.2]])
    np.testing.assert_array_equal(lm[-2:], [0.1, 0.2])
    assert lm.shape == (5 + 2 + 2,)


def test_sliding_window_count():
    assert nod.sliding_window_count(16, 14, 2) == 4  # the course's 2 x 2 output
    assert nod.sliding_window_count(28, 14, 2) == 64  # 8 x 8
    assert nod.sliding_window_count(64, 14, 2) == 26**2


def test_iou_known_answers_and_formats():
    assert nod.iou([0, 0, 2, 2], [1, 1, 3, 3]) == pytest.approx(1 / 7)
    assert nod.iou([0, 0, 1, 1], [2, 2, 3, 3]) == 0.0  # apart: no negative overlap
    assert nod.iou([0, 0, 1, 1], [1, 0, 2, 1]) == 0.0  # touching edges
    assert nod.iou([0, 0, 2, 1], [0, 0, 1, 1]) == 0.5
    assert nod.iou([1, 1, 2, 2], [1, 1, 2, 2], fmt="cxcywh") == 1.0
    assert nod.iou([1, 1, 0, 0], [1, 1, 0, 0], fmt="cxcywh") == 0.0  # empty boxes
    rng = np.random.default_rng(0)
    b = random_boxes(5, rng)
    np.testing.assert_allclose(
        nod.box_convert(nod.box_convert(b, "xyxy", "cxcywh"), "cxcywh", "xyxy"), b)
    c = nod.box_convert(b, "xyxy", "cxcywh")
    np.testing.assert_allclose(nod.box_iou(c, c, fmt="cxcywh"), nod.box_iou(b, b))


def test_box_iou_matches_the_pairwise_loop():
    rng = np.random.default_rng(1)
    a, b = random_boxes(7, rng), random_boxes(5, rng)
    expected = np.array([[ref_iou(p, q) for q in b] for p in a])
    np.testing.assert_allclose(nod.box_iou(a, b), expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose([[nod.iou(p, q) for q in b] for p in a], expected, rtol=1e-12)


def test_torch_box_iou_matches_numpy(device):
    rng = np.random.default_rng(2)
    a, b = random_boxes(6, rng), random_boxes(4, rng)
    got = tod.box_iou(torch.tensor(a, device=device), torch.tensor(b, device=device))
    assert got.device.type == device
    np.testing.assert_allclose(got.cpu().numpy(), nod.box_iou(a, b), rtol=1e-12)
    c = tod.box_convert(torch.tensor(a, device=device), "xyxy", "cxcywh")
    np.testing.assert_allclose(c.cpu().numpy(), nod.box_convert(a, "xyxy", "cxcywh"))


@pytest.mark.parametrize("convention", ["notes", "torchvision"])
@pytest.mark.parametrize("thr", [0.3, 0.5, 0.6])
def test_nms_matches_the_reference_loop(convention, thr, device):
    rng = np.random.default_rng(3)
    for trial in range(5):
        boxes = random_boxes(30, rng, size=15)
        scores = rng.uniform(size=30).round(1)  # many equal scores: the tie rule matters
        expected = ref_nms(boxes.tolist(), scores.tolist(), thr, convention == "notes")
        assert nod.nms(boxes, scores, thr, convention).tolist() == expected
        got = tod.nms(torch.tensor(boxes, device=device), torch.tensor(scores, device=device),
                      thr, convention)
        assert got.device.type == device and got.tolist() == expected, trial


def test_nms_tie_convention_at_exactly_the_threshold(device):
    boxes = np.array([[0, 0, 2, 1], [0, 0, 1, 1]], dtype=float)  # IoU exactly 0.5
    scores = np.array([0.9, 0.8])
    assert nod.nms(boxes, scores, 0.5, "notes").tolist() == [0]
    assert nod.nms(boxes, scores, 0.5, "torchvision").tolist() == [0, 1]
    tb, ts = torch.tensor(boxes, device=device), torch.tensor(scores, device=device)
    assert tod.nms(tb, ts, 0.5, "notes").tolist() == [0]
    assert tod.nms(tb, ts, 0.5, "torchvision").tolist() == [0, 1]


@pytest.mark.parametrize("convention", ["notes", "torchvision"])
def test_batched_nms_matches_the_per_class_loop(convention, device):
    rng = np.random.default_rng(4)
    for _ in range(5):
        boxes = random_boxes(40, rng, size=15)
        scores = rng.uniform(size=40).round(2)
        classes = rng.integers(0, 3, size=40)
        expected = ref_batched_nms(boxes.tolist(), scores.tolist(), classes.tolist(), 0.5,
                                   convention == "notes")
        assert nod.batched_nms(boxes, scores, classes, 0.5, convention).tolist() == expected
        got = tod.batched_nms(torch.tensor(boxes, device=device),
                              torch.tensor(scores, device=device),
                              torch.tensor(classes, device=device), 0.5, convention)
        assert got.tolist() == expected


def test_yolo_target_known_answer():
    anchors = np.array([[0.3, 1.0], [1.0, 0.3]])  # (h, w): a wide and a tall anchor
    boxes = np.array([[0.30, 0.55, 0.40, 0.10],   # wide, midpoint in cell (row 1, col 0)
                      [0.80, 0.20, 0.10, 0.45]])  # tall, midpoint in cell (row 0, col 1)
    y = nod.yolo_target(boxes, np.array([2, 0]), anchors, grid=2, n_classes=3)
    assert y.shape == (2, 2, 2, 8)
    np.testing.assert_allclose(y[1, 0, 0], [1, 0.6, 0.1, 0.2, 0.8, 0, 0, 1])
    np.testing.assert_allclose(y[0, 1, 1], [1, 0.6, 0.4, 0.9, 0.2, 1, 0, 0])
    assert y[..., 0].sum() == 2


def test_yolo_target_matches_a_plain_loop():
    rng = np.random.default_rng(5)
    S, C = 4, 3
    anchors = np.array([[0.5, 0.5], [1.0, 2.0], [2.0, 1.0]])
    boxes = np.column_stack([rng.uniform(0, 1, (6, 2)), rng.uniform(0.05, 0.5, (6, 2))])
    classes = rng.integers(0, C, 6)
    y = nod.yolo_target(boxes, classes, anchors, S, C)
    ref = np.zeros_like(y)
    for (x, yc, w, h), c in zip(boxes, classes, strict=True):
        col, row = int(x * S), int(yc * S)
        ious = [min(h * S, ah) * min(w * S, aw) / (h * S * w * S + ah * aw
                                                   - min(h * S, ah) * min(w * S, aw))
                for ah, aw in anchors]
        a = int(np.argmax(ious))
        if ref[row, col, a, 0] == 0:
            ref[row, col, a, :5] = [1, x * S - col, yc * S - row, h * S, w * S]
            ref[row, col, a, 5 + c] = 1
    np.testing.assert_allclose(y, ref)


def test_yolo_decode_known_answer_and_torch(device):
    S, A, C = 3, 2, 2
    anchors = np.array([[1.0, 1.0], [2.0, 0.5]])
    pred = np.zeros((S, S, A, 5 + C))
    boxes, p_c, probs = nod.yolo_decode(pred, anchors)
    # all-zero logits: the centre of each cell, the anchor's size, p_c = c_i = 1/2
    np.testing.assert_allclose(boxes[1, 2, 1], [(2.5 - 0.25) / 3, (1.5 - 1) / 3,
                                                (2.5 + 0.25) / 3, (1.5 + 1) / 3])
    np.testing.assert_allclose(p_c, 0.5)
    np.testing.assert_allclose(probs, 0.5)
    pred = np.random.default_rng(6).normal(size=(S, S, A, 5 + C)) * 3
    ref = nod.yolo_decode(pred, anchors)
    got = tod.yolo_decode(torch.tensor(pred, device=device)[None],
                          torch.tensor(anchors, device=device))
    for r, g in zip(ref, got, strict=True):
        np.testing.assert_allclose(g[0].cpu().numpy(), r, rtol=1e-12, atol=1e-15)


def _encode(target, anchors, big=8.0):
    """Raw outputs that decode to the boxes of a target (the inverse of the decoding)."""
    pred = np.full(target.shape, -big)
    obj = target[..., 0] == 1
    a = np.broadcast_to(anchors, target.shape[:3] + (2,))
    off = np.clip(target[..., 1:3], 1e-6, 1 - 1e-6)
    pred[..., 1:3] = np.log(off / (1 - off))
    pred[..., 3:5] = np.where(obj[..., None], np.log(np.maximum(target[..., 3:5], 1e-9) / a), 0)
    pred[..., 0] = np.where(obj, big, -big)
    pred[..., 5:] = np.where(target[..., 5:] == 1, big, 0)
    return pred


def test_yolo_eval_recovers_encoded_boxes(device):
    anchors = np.array([[1.5, 1.5], [3.0, 3.0]])
    boxes = np.array([[0.2, 0.3, 0.15, 0.2], [0.7, 0.6, 0.4, 0.35], [0.75, 0.2, 0.1, 0.1]])
    classes = np.array([0, 2, 1])
    target = nod.yolo_target(boxes, classes, anchors, 8, 3)
    pred = _encode(target, anchors)
    out_boxes, scores, out_cls = nod.yolo_eval(pred, anchors, 0.6, 0.5)
    order = np.argsort(out_cls)
    np.testing.assert_allclose(out_boxes[order],
                               nod.box_convert(boxes, "cxcywh", "xyxy")[np.argsort(classes)],
                               atol=1e-5)
    assert (scores > 0.99).all()
    t_boxes, t_scores, t_cls = tod.yolo_eval(torch.tensor(pred, device=device),
                                             torch.tensor(anchors, device=device), 0.6, 0.5)
    np.testing.assert_allclose(t_boxes.cpu().numpy(), out_boxes, atol=1e-9)
    assert t_cls.tolist() == out_cls.tolist()


def test_yolo_filter_uses_p_c_times_class_probability():
    boxes = np.zeros((3, 4))
    p_c = np.array([0.9, 0.7, 0.95])
    probs = np.array([[0.8, 0.2], [0.1, 0.9], [0.5, 0.5]])
    kept_boxes, scores, classes = nod.yolo_filter_boxes(boxes, p_c, probs, 0.6)
    # 0.72 (class 0) and 0.63 (class 1) pass; 0.475 does not
    np.testing.assert_allclose(scores, [0.72, 0.63])
    assert classes.tolist() == [0, 1]
    # the notes discard scores <= threshold: exactly 0.63 is dropped at 0.63
    assert len(nod.yolo_filter_boxes(boxes, p_c, probs, 0.63)[1]) == 1


def test_yolo_eval_caps_and_sorts(device):
    rng = np.random.default_rng(7)
    anchors = np.array([[1.0, 1.0], [2.0, 2.0]])
    pred = rng.normal(size=(5, 5, 2, 8)) * 3
    b, s, c = nod.yolo_eval(pred, anchors, 0.3, 0.5, max_boxes=4)
    assert len(s) <= 4 and np.all(np.diff(s) <= 0)
    tb, ts, tc = tod.yolo_eval(torch.tensor(pred, device=device),
                               torch.tensor(anchors, device=device), 0.3, 0.5, max_boxes=4)
    np.testing.assert_allclose(ts.cpu().numpy(), s, rtol=1e-12)
    np.testing.assert_allclose(tb.cpu().numpy(), b, rtol=1e-12)


def test_yolo_loss_matches_a_plain_loop(device):
    rng = np.random.default_rng(8)
    anchors = np.array([[1.5, 1.5], [3.0, 3.0]])
    targets = np.stack([nod.yolo_target(
        np.column_stack([rng.uniform(0.1, 0.9, (3, 2)), rng.uniform(0.1, 0.4, (3, 2))]),
        rng.integers(0, 3, 3), anchors, 4, 3) for _ in range(2)])
    pred = rng.normal(size=targets.shape)
    got = tod.yolo_loss(torch.tensor(pred, device=device), torch.tensor(targets, device=device),
                        torch.tensor(anchors, device=device))

    def sig(v):
        return 1 / (1 + math.exp(-v))

    total = 0.0
    for idx in np.ndindex(targets.shape[:4]):
        p, t = pred[idx], targets[idx]
        if t[0] == 1:
            a = anchors[idx[3]]
            total += -math.log(sig(p[0]))
            total += 5 * ((sig(p[1]) - t[1]) ** 2 + (sig(p[2]) - t[2]) ** 2)
            total += 5 * ((p[3] - math.log(t[3] / a[0])) ** 2 + (p[4] - math.log(t[4] / a[1])) ** 2)
            logits = p[5:]
            total += -(logits[int(np.argmax(t[5:]))] - math.log(np.exp(logits).sum()))
        else:
            total += 0.5 * -math.log(1 - sig(p[0]))
    assert got.item() == pytest.approx(total / 2, rel=1e-10)


@pytest.mark.parametrize("scale,size", [(1.0, (2, 2)), (0.25, (3, 2)), (0.5, (7, 7))])
def test_roi_pool_matches_the_reference_loop(scale, size, device):
    rng = np.random.default_rng(9)
    feats = rng.normal(size=(2, 3, 9, 11))
    rois = np.array([[0, 0, 0, 10, 8], [1, 3.2, 2.5, 20.6, 30.4], [0, 5, 5, 5, 5],
                     [1, -4, -3, 8, 7], [0, 30, 20, 44, 36], [1, 1.5, 2.5, 3.5, 4.5]])
    rois = rois if scale != 1.0 else np.clip(rois, 0, None)
    expected = ref_roi_pool(feats, rois, *size, scale)
    got_np = nod.roi_pool(feats.transpose(0, 2, 3, 1), rois, size, scale)
    np.testing.assert_array_equal(got_np.transpose(0, 3, 1, 2), expected)
    got = tod.roi_pool(torch.tensor(feats, device=device), torch.tensor(rois, device=device),
                       size, scale)
    assert got.device.type == device
    np.testing.assert_array_equal(got.cpu().numpy(), expected)


def test_roi_pool_known_answer():
    feats = np.arange(16.0).reshape(1, 4, 4, 1)  # NHWC, value = 4 * row + col
    out = nod.roi_pool(feats, [[0, 0, 0, 3, 3]], (2, 2))
    np.testing.assert_array_equal(out[0, :, :, 0], [[5, 7], [13, 15]])


def test_generate_anchors_scales_ratios_and_plain_loop(device):
    a = nod.generate_anchors((2, 3), 16, scales=(128, 256, 512), ratios=(0.5, 1, 2))
    assert a.shape == (2 * 3 * 9, 4)
    w, h = a[:, 2] - a[:, 0], a[:, 3] - a[:, 1]
    np.testing.assert_allclose(np.sqrt(w * h)[:9], [128, 256, 512] * 3)
    np.testing.assert_allclose((h / w)[:9], np.repeat([0.5, 1, 2], 3))
    ref = []
    for i in range(2):
        for j in range(3):
            cx, cy = (j + 0.5) * 16, (i + 0.5) * 16
            for r in (0.5, 1, 2):
                for s in (128, 256, 512):
                    ww, hh = s / math.sqrt(r), s * math.sqrt(r)
                    ref.append([cx - ww / 2, cy - hh / 2, cx + ww / 2, cy + hh / 2])
    np.testing.assert_allclose(a, ref)
    t = tod.generate_anchors((2, 3), 16, device=device, dtype=torch.float64)
    assert t.device.type == device
    np.testing.assert_allclose(t.cpu().numpy(), ref)


def test_conv_sliding_window_equals_every_crop(device):
    clf = tod.course_classifier().double().to(device)
    conv = tod.fc_to_conv(clf)
    x14 = torch.randn(3, 3, 14, 14, dtype=torch.float64, device=device)
    np.testing.assert_allclose(conv(x14)[:, :, 0, 0].detach().cpu().numpy(),
                               clf(x14).detach().cpu().numpy(), rtol=1e-12, atol=1e-14)
    for n in (16, 28):
        x = torch.randn(2, 3, n, n, dtype=torch.float64, device=device)
        crops = tod.sliding_window_crops(clf, x, 14, 2)
        out = conv(x)
        side = (n - 14) // 2 + 1
        assert out.shape == crops.shape == (2, 4, side, side)
        np.testing.assert_allclose(out.detach().cpu().numpy(), crops.detach().cpu().numpy(),
                                   rtol=1e-10, atol=1e-12)
        # the crop at grid position (i, j) starts at pixel (2i, 2j)
        i, j = side - 1, 1
        single = clf(x[:, :, 2 * i:2 * i + 14, 2 * j:2 * j + 14])
        np.testing.assert_allclose(out[:, :, i, j].detach().cpu().numpy(),
                                   single.detach().cpu().numpy(), rtol=1e-10, atol=1e-12)


def test_average_precision_known_answers():
    assert nodx.average_precision([0.9, 0.8], [True, True], 2) == 1.0
    # ranks T F T of 3 objects: recall 1/3 at precision 1, 2/3 at precision 2/3
    assert nodx.average_precision([0.9, 0.8, 0.7], [True, False, True], 3) == pytest.approx(5 / 9)
    # the interpolation lifts the precision of an earlier step: F T -> 1/2 over recall 1
    assert nodx.average_precision([0.9, 0.8], [False, True], 1) == pytest.approx(0.5)


def test_mean_average_precision_matching():
    gt = [(np.array([[0, 0, 10, 10], [20, 20, 30, 30]]), np.array([0, 1]))]
    perfect = [(np.array([[0, 0, 10, 10], [20, 20, 30, 30]]), np.array([0.9, 0.8]),
                np.array([0, 1]))]
    assert nodx.mean_average_precision(perfect, gt, 2) == 1.0
    # a duplicate of a matched object is a false positive; a wrong class finds nothing
    dup = [(np.array([[0, 0, 10, 10], [1, 0, 11, 10], [20, 20, 30, 30]]),
            np.array([0.9, 0.95, 0.8]), np.array([0, 0, 0]))]
    # class 0: ranks T (0.95, IoU 0.82) then F; class 1: no detection -> AP 0
    assert nodx.mean_average_precision(dup, gt, 2) == pytest.approx(0.5)


def test_make_shapes_is_seeded_and_boxes_fit():
    a_imgs, a_labels = nodx.make_shapes(20, seed=3)
    b_imgs, b_labels = nodx.make_shapes(20, seed=3)
    np.testing.assert_array_equal(a_imgs, b_imgs)
    assert a_imgs.shape == (20, 64, 64, 3) and a_imgs.dtype == np.float32
    assert 0 <= a_imgs.min() and a_imgs.max() <= 1
    counts = np.zeros(3)
    for (boxes, classes), (b2, _c2) in zip(a_labels, b_labels, strict=True):
        np.testing.assert_array_equal(boxes, b2)
        assert 1 <= len(boxes) <= 3 and (boxes >= 0).all() and (boxes <= 64).all()
        w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
        assert ((w >= 10) & (h >= 10)).all()
        assert (w[classes == 1] == h[classes == 1]).all()  # circles have square boxes
        np.add.at(counts, classes, 1)
    assert (counts > 0).all()


# ------------------------------------------------------------------------------ bad input
def test_bad_input_numpy():
    with pytest.raises(ValueError, match="boxes1 must have x2 >= x1"):
        nod.box_iou([[2, 0, 1, 1]], [[0, 0, 1, 1]])
    with pytest.raises(ValueError, match="box1 must have x2 >= x1"):
        nod.iou([0, 0, -1, 1], [0, 0, 1, 1])
    with pytest.raises(ValueError, match=r"iou_threshold must lie in \[0, 1\]"):
        nod.nms([[0, 0, 1, 1]], [0.5], iou_threshold=1.5)
    with pytest.raises(ValueError, match=r"score_threshold must lie in \[0, 1\]"):
        nod.yolo_eval(np.zeros((2, 2, 1, 6)), [[1, 1]], score_threshold=-0.1)
    with pytest.raises(ValueError, match="anchors must have one row per anchor"):
        nod.yolo_decode(np.zeros((4, 4, 2, 8)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="pred must have shape"):
        nod.yolo_decode(np.zeros((4, 3, 2, 8)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="convention must be one of"):
        nod.nms([[0, 0, 1, 1]], [0.5], 0.5, "strict")
    with pytest.raises(ValueError, match="scores must have one entry per box"):
        nod.nms([[0, 0, 1, 1]], [0.5, 0.4])
    with pytest.raises(TypeError, match="boxes must be an array of numbers"):
        nod.nms("boxes", [0.5])
    with pytest.raises(ValueError, match="rois"):
        nod.roi_pool(np.zeros((1, 4, 4, 1)), [[1, 0, 0, 2, 2]])


def test_bad_input_torch(device):
    z = torch.zeros(1, 4, device=device)
    with pytest.raises(ValueError, match="boxes1 must have x2 >= x1"):
        tod.box_iou(torch.tensor([[2.0, 0, 1, 1]], device=device), z)
    with pytest.raises(ValueError, match=r"iou_threshold must lie in \[0, 1\]"):
        tod.nms(z, torch.zeros(1, device=device), iou_threshold=-0.5)
    with pytest.raises(ValueError, match="anchors must have one row per anchor"):
        tod.yolo_decode(torch.zeros(1, 4, 4, 2, 8, device=device),
                        torch.ones(3, 2, device=device))
    with pytest.raises(ValueError, match="pred must have the shape of target"):
        tod.yolo_loss(torch.zeros(1, 4, 4, 2, 8, device=device),
                      torch.zeros(1, 4, 4, 3, 8, device=device), torch.ones(2, 2))
    with pytest.raises(TypeError, match="boxes must be a floating-point tensor"):
        tod.nms([[0, 0, 1, 1]], torch.zeros(1))


# ----------------------------------------------------------------------------------- slow
@pytest.mark.slow
def test_detector_learns_the_shapes_as_the_committed_run_shows():
    """A fresh run of the configuration behind the chapter's figure and numbers
    (snippets/object-detection) meets the claims the committed run illustrates."""
    committed = json.loads((ROOT / "snippets" / "object-detection" / "detector.json")
                           .read_text())
    result = todx.train_detector(**committed["config"])
    for run in (result, committed):
        assert run["map50"] > 0.8
    assert result["losses"][-1] < result["losses"][0] / 4


def test_batched_nms_keeps_the_tie_convention_across_classes(device):
    """The class shift must not turn an IoU of exactly 0.5 into 0.4999..."""
    boxes = torch.tensor([[0, 0, 2, 1], [0, 0, 1, 1], [3, 3, 5, 4], [3, 3, 4, 4]],
                         dtype=torch.float32, device=device)
    scores = torch.tensor([0.9, 0.8, 0.7, 0.6], device=device)
    classes = torch.tensor([0, 0, 7, 7], device=device)
    assert tod.batched_nms(boxes, scores, classes, 0.5, "notes").tolist() == [0, 2]
    assert tod.batched_nms(boxes, scores, classes, 0.5, "torchvision").tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize("cls", [0, 1, 79, 1200, 100_000])
def test_batched_nms_on_float32_boxes_does_not_depend_on_the_class_number(cls, device):
    """An outside differential check found the class-offset shortcut wrong in float32: the
    exact IoU of these boxes is 0.49999995, so both stay at threshold 0.5 whatever the
    class; and at 1333-pixel coordinates a box with IoU 0.5048 must go whatever the class."""
    scores = torch.tensor([0.9, 0.8], device=device)
    classes = torch.tensor([cls, cls], device=device)
    near_half = torch.tensor([[10.5, 20, 41.1, 60], [20.7, 20, 51.3, 60]],
                             dtype=torch.float32, device=device)
    assert tod.nms(near_half, scores, 0.5, "torchvision").tolist() == [0, 1]
    assert tod.batched_nms(near_half, scores, classes, 0.5, "torchvision").tolist() == [0, 1]
    large = torch.tensor([[0, 0, 1333, 800], [0, 0, 1333, 404]],
                         dtype=torch.float32, device=device)  # IoU 404/800 = 0.505
    for convention in ("notes", "torchvision"):
        assert tod.batched_nms(large, scores, classes, 0.5, convention).tolist() == [0]
    assert nod.batched_nms(large.cpu().numpy(), scores.cpu().numpy(), classes.cpu().numpy(),
                           0.5).tolist() == [0]
