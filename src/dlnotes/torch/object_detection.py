"""Object detection (chapter "Object detection"), PyTorch.

The conventions of :mod:`dlnotes.numpy.object_detection` (box formats, the YOLO layout
``(p_c, b_x, b_y, b_h, b_w, c_1, ..., c_C)``, anchors ``(h, w)`` in cell units, the two
non-max-suppression conventions), with PyTorch's NCHW images. A batch of YOLO outputs has
shape ``(m, S, S, A, 5 + C)``. Functions accept tensors on any device and return tensors on
that device.

Also here: the course's small classifier for the sliding-window example and its
fully-convolutional twin (``fc_to_conv``), and a small YOLO-style detector; its training on
synthetic shapes is in :mod:`dlnotes.torch.object_detection_experiment`.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from dlnotes import checks

__all__ = [
    "box_convert",
    "box_iou",
    "nms",
    "batched_nms",
    "yolo_decode",
    "yolo_eval",
    "yolo_loss",
    "roi_pool",
    "generate_anchors",
    "course_classifier",
    "fc_to_conv",
    "sliding_window_crops",
    "TinyYOLO",
]


def box_convert(boxes: torch.Tensor, in_fmt: str, out_fmt: str) -> torch.Tensor:
    """Convert ``(N, 4)`` boxes between ``"xyxy"`` and ``"cxcywh"``."""
    checks.one_of("in_fmt", in_fmt, checks.object_detection.FORMATS)
    checks.one_of("out_fmt", out_fmt, checks.object_detection.FORMATS)
    b = checks.object_detection.box_tensor("boxes", boxes, in_fmt)
    if in_fmt == out_fmt:
        return b.clone()
    if in_fmt == "xyxy":
        return torch.stack([(b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2,
                            b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]], dim=1)
    return torch.stack([b[:, 0] - b[:, 2] / 2, b[:, 1] - b[:, 3] / 2,
                        b[:, 0] + b[:, 2] / 2, b[:, 1] + b[:, 3] / 2], dim=1)


# --8<-- [start:iou]
def box_iou(boxes1: torch.Tensor, boxes2: torch.Tensor, fmt: str = "xyxy") -> torch.Tensor:
    """Pairwise IoU of ``(N, 4)`` and ``(M, 4)`` boxes: ``(N, M)``; 0 where both are empty."""
    b1, b2 = checks.object_detection.box_pair_tensors(boxes1, boxes2, fmt)
    b1, b2 = box_convert(b1, fmt, "xyxy"), box_convert(b2, fmt, "xyxy")
    area1 = (b1[:, 2] - b1[:, 0]) * (b1[:, 3] - b1[:, 1])
    area2 = (b2[:, 2] - b2[:, 0]) * (b2[:, 3] - b2[:, 1])
    top_left = torch.maximum(b1[:, None, :2], b2[None, :, :2])
    bottom_right = torch.minimum(b1[:, None, 2:], b2[None, :, 2:])
    wh = (bottom_right - top_left).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    union = area1[:, None] + area2[None, :] - inter
    return torch.where(union > 0, inter / union.clamp(min=torch.finfo(inter.dtype).tiny),
                       torch.zeros_like(inter))
# --8<-- [end:iou]


# --8<-- [start:nms]
def nms(boxes: torch.Tensor, scores: torch.Tensor, iou_threshold: float = 0.5,
        convention: str = "notes") -> torch.Tensor:
    """Greedy non-max suppression; the conventions of the NumPy version (``"notes"``:
    remove IoU >= threshold; ``"torchvision"``: remove IoU > threshold). Returns the int64
    indices kept, by decreasing score (equal scores: the box listed first wins)."""
    boxes, scores, t = checks.object_detection.nms_tensors(boxes, scores, iou_threshold,
                                                            convention)
    order = torch.sort(scores, descending=True, stable=True).indices
    overlap = box_iou(boxes[order], boxes[order])
    too_close = overlap >= t if convention == "notes" else overlap > t
    too_close = torch.triu(too_close, diagonal=1)  # a box only suppresses later ones
    # The greedy pass is sequential: run it over the matrix copied to the CPU as NumPy
    # booleans (a tensor operation per box, or on a GPU a synchronisation per box, would
    # cost more than computing the whole IoU matrix).
    too_close = too_close.cpu().numpy()
    removed = np.zeros(len(order), dtype=bool)
    for i in range(len(order)):
        if not removed[i]:
            removed |= too_close[i]
    return order[torch.from_numpy(~removed).to(order.device)]


def batched_nms(boxes: torch.Tensor, scores: torch.Tensor, classes: torch.Tensor,
                iou_threshold: float = 0.5, convention: str = "notes") -> torch.Tensor:
    """Per-class non-max suppression: :func:`nms` runs on the boxes of each class
    separately, so a box only suppresses boxes of its own class. Returns the indices kept,
    by decreasing score. (The common shortcut, shifting the boxes of class ``c`` by ``c``
    times the extent of all boxes and running one :func:`nms`, loses float32 precision:
    at coordinates near 1e6 a float32 step is 0.06, and the result depends on the class
    number.)"""
    boxes, scores, classes = checks.object_detection.batched_nms_tensors(boxes, scores, classes)
    if boxes.shape[0] == 0:
        return torch.zeros(0, dtype=torch.int64, device=boxes.device)
    keep = torch.cat([torch.nonzero(classes == c).squeeze(1)[
        nms(boxes[classes == c], scores[classes == c], iou_threshold, convention)]
        for c in classes.unique()]).sort().values
    return keep[torch.argsort(-scores[keep], stable=True)]
# --8<-- [end:nms]


# --8<-- [start:decode]
def yolo_decode(pred: torch.Tensor, anchors: torch.Tensor):
    """Decode raw outputs ``(m, S, S, A, 5 + C)`` (or one image, ``(S, S, A, 5 + C)``).

    Returns ``boxes (..., S, S, A, 4)`` xyxy as fractions of the image, ``p_c (..., S, S, A)``
    and ``class_probs (..., S, S, A, C)``: ``b_x = sigmoid(t_x)`` and ``b_y = sigmoid(t_y)``
    inside the cell, ``b_h = a_h exp(t_h)``, ``b_w = a_w exp(t_w)``, ``p_c = sigmoid(t_o)``,
    ``c = softmax(t_c)``.
    """
    pred, anchors = checks.object_detection.yolo_decode_tensors(pred, anchors)
    S = pred.shape[-4]
    grid = torch.arange(S, device=pred.device, dtype=pred.dtype)
    x = (grid[None, :, None] + torch.sigmoid(pred[..., 1])) / S  # columns along axis -2
    y = (grid[:, None, None] + torch.sigmoid(pred[..., 2])) / S
    h = anchors[:, 0] * torch.exp(pred[..., 3].clamp(max=30.0)) / S
    w = anchors[:, 1] * torch.exp(pred[..., 4].clamp(max=30.0)) / S
    boxes = torch.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], dim=-1)
    return boxes, torch.sigmoid(pred[..., 0]), torch.softmax(pred[..., 5:], dim=-1)


def yolo_eval(pred: torch.Tensor, anchors: torch.Tensor, score_threshold: float = 0.6,
              iou_threshold: float = 0.5, max_boxes: int = 10, convention: str = "notes"):
    """Decode one image's ``(S, S, A, 5 + C)`` output, keep boxes whose best class score
    ``p_c * c_i`` is ``> score_threshold``, run per-class NMS and return at most
    ``max_boxes`` ``(boxes (K, 4), scores (K,), classes (K,))`` by decreasing score."""
    t, max_boxes = checks.object_detection.yolo_eval_tensors(pred, score_threshold, max_boxes)
    boxes, p_c, class_probs = yolo_decode(pred, anchors)
    scores, classes = (p_c[..., None] * class_probs).reshape(-1, class_probs.shape[-1]).max(1)
    boxes = boxes.reshape(-1, 4)
    keep = scores > t
    boxes, scores, classes = boxes[keep], scores[keep], classes[keep]
    keep = batched_nms(boxes, scores, classes, iou_threshold, convention)[:max_boxes]
    return boxes[keep], scores[keep], classes[keep]
# --8<-- [end:decode]


# --8<-- [start:loss]
def yolo_loss(pred: torch.Tensor, target: torch.Tensor, anchors: torch.Tensor,
              lambda_coord: float = 5.0, lambda_noobj: float = 0.5) -> torch.Tensor:
    """YOLO-style training loss, summed over the grid and averaged over the batch.

    ``pred``: raw outputs ``(m, S, S, A, 5 + C)``; ``target``: the layout of
    :func:`dlnotes.numpy.object_detection.yolo_target`. Where an anchor is responsible for an
    object: squared error of the cell offsets ``sigmoid(t_x), sigmoid(t_y)`` and of the log
    sizes ``t_h, t_w`` against ``log(b_h / a_h), log(b_w / a_w)`` (weight ``lambda_coord``),
    binary cross-entropy of ``p_c`` towards 1 and cross-entropy of the class. Everywhere else
    only ``p_c`` is pushed towards 0 (weight ``lambda_noobj``).
    """
    pred, target, anchors, lambda_coord, lambda_noobj = checks.object_detection.yolo_loss_tensors(
        pred, target, anchors, lambda_coord, lambda_noobj)
    m = pred.shape[0]
    obj = target[..., 0] == 1
    bce = F.binary_cross_entropy_with_logits(pred[..., 0], target[..., 0], reduction="none")
    loss = bce[obj].sum() + lambda_noobj * bce[~obj].sum()
    p, t = pred[obj], target[obj]
    if p.shape[0]:
        a = anchors[None].expand(m, *pred.shape[1:4], 2)[obj]
        xy = ((torch.sigmoid(p[:, 1:3]) - t[:, 1:3]) ** 2).sum()
        hw = ((p[:, 3:5] - torch.log(t[:, 3:5] / a)) ** 2).sum()
        cls = F.cross_entropy(p[:, 5:], t[:, 5:].argmax(1), reduction="sum")
        loss = loss + lambda_coord * (xy + hw) + cls
    return loss / m
# --8<-- [end:loss]


# --8<-- [start:roi-pool]
def roi_pool(features: torch.Tensor, rois: torch.Tensor, output_size=(2, 2),
             spatial_scale: float = 1.0) -> torch.Tensor:
    """RoI max pooling of NCHW ``features (m, C, H, W)``, the binning of the NumPy version
    (and of ``torchvision.ops.roi_pool``). ``rois``: ``(K, 5)`` rows
    ``(batch_index, x1, y1, x2, y2)``. Returns ``(K, C, ph, pw)``; empty bins give 0.

    All bins of all regions are pooled at once with masks, no loop over bins.
    """
    features, rois, ph, pw, scale = checks.object_detection.roi_pool_tensors(
        features, rois, output_size, spatial_scale)
    m, C, H, W = features.shape
    b = rois[:, 0]
    c = rois[:, 1:] * scale
    # C's round, halves away from zero (torch.round goes to even), as torchvision does
    x1, y1, x2, y2 = (torch.sign(c) * torch.floor(c.abs() + 0.5)).unbind(1)
    h = (y2 - y1 + 1).clamp(min=1)[:, None]  # (K, 1)
    w = (x2 - x1 + 1).clamp(min=1)[:, None]
    i = torch.arange(ph, device=rois.device, dtype=rois.dtype)
    j = torch.arange(pw, device=rois.device, dtype=rois.dtype)
    hs = (torch.floor(i * h / ph) + y1[:, None]).clamp(0, H)  # (K, ph)
    he = (torch.ceil((i + 1) * h / ph) + y1[:, None]).clamp(0, H)
    ws = (torch.floor(j * w / pw) + x1[:, None]).clamp(0, W)  # (K, pw)
    we = (torch.ceil((j + 1) * w / pw) + x1[:, None]).clamp(0, W)
    rows = torch.arange(H, device=rois.device, dtype=rois.dtype)
    cols = torch.arange(W, device=rois.device, dtype=rois.dtype)
    in_h = (rows >= hs[..., None]) & (rows < he[..., None])  # (K, ph, H)
    in_w = (cols >= ws[..., None]) & (cols < we[..., None])  # (K, pw, W)
    mask = in_h[:, :, None, :, None] & in_w[:, None, :, None, :]  # (K, ph, pw, H, W)
    feats = features[b.long()][:, :, None, None]  # (K, C, 1, 1, H, W)
    pooled = feats.masked_fill(~mask[:, None], float("-inf")).amax(dim=(-2, -1))
    return torch.where(mask.any(dim=(-2, -1))[:, None], pooled, torch.zeros_like(pooled))
# --8<-- [end:roi-pool]


def generate_anchors(feature_shape, stride: float, scales=(128, 256, 512),
                     ratios=(0.5, 1.0, 2.0), *, device=None,
                     dtype=torch.float32) -> torch.Tensor:
    """Faster R-CNN anchors on ``device``, as the NumPy ``generate_anchors``:
    ``(H * W * R * S, 4)`` xyxy, by cell, then ratio, then scale."""
    H, W = checks.object_detection.pair_of_counts("feature_shape", tuple(feature_shape))
    stride = checks.positive("stride", stride)
    scales = torch.as_tensor(scales, dtype=dtype, device=device)
    ratios = torch.as_tensor(ratios, dtype=dtype, device=device)
    if (scales <= 0).any() or (ratios <= 0).any() or not scales.numel() or not ratios.numel():
        raise ValueError("scales and ratios must be > 0 (at least one of each)")
    h = (scales[None, :] * torch.sqrt(ratios)[:, None]).reshape(-1)
    w = (scales[None, :] / torch.sqrt(ratios)[:, None]).reshape(-1)
    base = torch.stack([-w, -h, w, h], dim=1) / 2
    cy = (torch.arange(H, device=device, dtype=dtype) + 0.5) * stride
    cx = (torch.arange(W, device=device, dtype=dtype) + 0.5) * stride
    cy, cx = torch.meshgrid(cy, cx, indexing="ij")
    shifts = torch.stack([cx, cy, cx, cy], dim=-1).reshape(-1, 1, 4)
    return (shifts + base[None]).reshape(-1, 4)


# ------------------------------------------------------------------ sliding windows
# --8<-- [start:fc-to-conv]
def course_classifier(n_classes: int = 4, seed: int = 0) -> nn.Sequential:
    """The course's 14 x 14 x 3 classifier: CONV 5x5 (16) -> MAX POOL 2 -> FC 400 -> FC 400
    -> FC ``n_classes`` (logits; the softmax is left to the loss)."""
    seed = checks.seed("seed", seed)
    n_classes = checks.integer("n_classes", n_classes, 1)
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Conv2d(3, 16, 5), nn.ReLU(), nn.MaxPool2d(2),  # 14 -> 10 -> 5
        nn.Flatten(), nn.Linear(16 * 5 * 5, 400), nn.ReLU(),
        nn.Linear(400, 400), nn.ReLU(), nn.Linear(400, n_classes),
    )


def fc_to_conv(classifier: nn.Sequential) -> nn.Sequential:
    """The same network with its fully-connected layers as convolutions: the first FC
    layer becomes a 5 x 5 convolution with 400 filters (each filter is one row of the FC
    weight, reshaped to the (16, 5, 5) volume it reads), the others 1 x 1 convolutions.
    On a 14 x 14 input it gives a 1 x 1 x n_classes output equal to the classifier's."""
    if not isinstance(classifier, nn.Sequential) or len(classifier) != 9:
        raise TypeError("classifier must be the nn.Sequential of course_classifier (9 layers)")
    conv, relu, pool, flatten, fc1, relu1, fc2, relu2, fc3 = classifier
    kw = {"device": fc1.weight.device, "dtype": fc1.weight.dtype}
    c1 = nn.Conv2d(16, fc1.out_features, 5, **kw)
    c2 = nn.Conv2d(fc2.in_features, fc2.out_features, 1, **kw)
    c3 = nn.Conv2d(fc3.in_features, fc3.out_features, 1, **kw)
    with torch.no_grad():
        for c, fc in ((c1, fc1), (c2, fc2), (c3, fc3)):
            c.weight.copy_(fc.weight.reshape(c.weight.shape))  # Flatten is (C, H, W) order
            c.bias.copy_(fc.bias)
    return nn.Sequential(conv, relu, pool, c1, nn.ReLU(), c2, nn.ReLU(), c3)
# --8<-- [end:fc-to-conv]


def sliding_window_crops(classifier: nn.Module, images: torch.Tensor, window: int = 14,
                         stride: int = 2) -> torch.Tensor:
    """Run ``classifier`` on every ``window x window`` crop of NCHW ``images`` (positions
    ``stride`` apart), all crops in one batch. Returns ``(m, n_classes, n_h, n_w)``, the
    layout of the convolutional version's output."""
    images = checks.object_detection.tensor("images", images, ndim=4)
    window, stride = checks.integer("window", window, 1), checks.integer("stride", stride, 1)
    m, C, H, W = images.shape
    if window > min(H, W):
        raise ValueError(f"window must fit in the images ({H} x {W}), got {window}")
    crops = images.unfold(2, window, stride).unfold(3, window, stride)  # m,C,nh,nw,win,win
    n_h, n_w = crops.shape[2], crops.shape[3]
    crops = crops.permute(0, 2, 3, 1, 4, 5).reshape(-1, C, window, window)
    out = classifier(crops)
    return out.reshape(m, n_h, n_w, out.shape[-1]).permute(0, 3, 1, 2)


# ------------------------------------------------------------------------ a small detector
class TinyYOLO(nn.Module):
    """A small YOLO-style detector for 64 x 64 RGB images: a stride-2 3 x 3 convolution,
    then three 3 x 3 conv blocks (batch norm and leaky ReLU throughout) with two 2 x 2 max
    pools — stride 8 in all, so an 8 x 8 grid — and a 1 x 1 convolution giving
    ``A (5 + C)`` numbers per cell. ``forward`` takes NCHW images and returns raw outputs
    ``(m, S, S, A, 5 + C)``."""

    def __init__(self, n_anchors: int = 2, n_classes: int = 3, width: int = 32):
        super().__init__()
        n_anchors = checks.integer("n_anchors", n_anchors, 1)
        n_classes = checks.integer("n_classes", n_classes, 1)
        width = checks.integer("width", width, 2)  # the first block has width // 2 channels
        self.n_anchors, self.n_classes = n_anchors, n_classes

        def block(cin, cout, stride=1, pool=False):
            layers = [nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
                      nn.BatchNorm2d(cout), nn.LeakyReLU(0.1)]
            return layers + ([nn.MaxPool2d(2)] if pool else [])

        self.body = nn.Sequential(*block(3, width // 2, stride=2),
                                  *block(width // 2, width, pool=True),
                                  *block(width, 2 * width, pool=True),
                                  *block(2 * width, 2 * width),
                                  nn.Conv2d(2 * width, n_anchors * (5 + n_classes), 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = checks.object_detection.tensor("x", x, ndim=4)
        if x.shape[1] != 3 or min(x.shape[2:]) < 8:  # stride 8: at least one cell
            raise ValueError(f"x must have shape (m, 3, H, W) with H, W >= 8, "
                             f"got {tuple(x.shape)}")
        out = self.body(x)  # (m, A (5 + C), S, S)
        m, _, S, _ = out.shape
        return out.reshape(m, self.n_anchors, 5 + self.n_classes, S, S).permute(0, 3, 4, 1, 2)
