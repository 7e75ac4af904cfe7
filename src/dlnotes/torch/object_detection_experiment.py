"""Object detection (chapter "Object detection"), PyTorch: the experiment. The small YOLO-style
detector :class:`~dlnotes.torch.object_detection.TinyYOLO` trained on the synthetic shapes of
:func:`dlnotes.numpy.object_detection_experiment.make_shapes` and scored by mAP on held-out
images, and the detections of a trained model. The conventions are those of
:mod:`dlnotes.torch.object_detection`.
"""

from __future__ import annotations

import math
import time

import numpy as np
import torch
from torch import nn

from dlnotes import checks
from dlnotes.numpy import object_detection as numpy_detection
from dlnotes.numpy import object_detection_experiment as numpy_experiment
from dlnotes.torch.object_detection import TinyYOLO, yolo_eval, yolo_loss
from dlnotes.torch.optimization import Adam

__all__ = [
    "DETECTOR_CONFIG",
    "train_detector",
    "detect",
]


#: The run behind the chapter's numbers and figure (about a minute on 2 CPU cores).
DETECTOR_CONFIG = {
    "n_train": 2000, "n_test": 200, "size": 64, "grid": 8,
    "anchors": [[1.5, 1.5], [3.0, 3.0]], "width": 32,
    "epochs": 12, "batch_size": 32, "lr": 3e-3, "seed": 0,
}


def _targets(labels, size, grid, anchors, n_classes):
    out = []
    for boxes, classes in labels:
        cxcywh = numpy_detection.box_convert(boxes, "xyxy", "cxcywh") / size
        out.append(numpy_detection.yolo_target(cxcywh, classes, anchors, grid, n_classes))
    return np.stack(out)


def train_detector(n_train: int = 2000, n_test: int = 200, size: int = 64, grid: int = 8,
                   anchors=((1.5, 1.5), (3.0, 3.0)), width: int = 32, epochs: int = 12,
                   batch_size: int = 32, lr: float = 3e-3, seed: int = 0, device="cpu",
                   log=None):
    """Train :class:`TinyYOLO` on ``make_shapes(n_train, seed=seed)`` with Adam (cosine
    learning-rate decay) and evaluate it on ``n_test`` held-out images (``seed + 1``).

    Returns a dict: ``model`` (in eval mode), ``losses`` (mean loss per epoch), ``map50``
    (mAP at IoU 0.5 on the held-out images, detections with score > 0.01 and NMS at 0.5),
    ``seconds`` (training wall-clock time), ``cpu_seconds`` (CPU time of this process, all
    threads) and ``test`` (the held-out images and labels).
    """
    seed = checks.seed("seed", seed)
    for name, value in (("n_train", n_train), ("n_test", n_test), ("grid", grid),
                        ("epochs", epochs), ("batch_size", batch_size)):
        checks.integer(name, value, 1)
    checks.integer("width", width, 2)
    checks.positive("lr", lr)
    C = len(numpy_experiment.CLASSES)
    torch.manual_seed(seed)
    images, labels = numpy_experiment.make_shapes(n_train, size=size, seed=seed)
    target = torch.as_tensor(_targets(labels, size, grid, anchors, C), dtype=torch.float32,
                             device=device)
    x = torch.as_tensor(images, device=device).permute(0, 3, 1, 2).contiguous()
    anchors_t = torch.as_tensor(anchors, dtype=torch.float32, device=device)
    model = TinyYOLO(len(anchors), C, width).to(device)
    opt = Adam(model.parameters(), lr=lr)
    steps = epochs * math.ceil(n_train / batch_size)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    gen = torch.Generator().manual_seed(seed)
    losses = []
    start, cpu_start = time.perf_counter(), time.process_time()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(n_train, generator=gen).to(device)
        total = 0.0
        for k in range(0, n_train, batch_size):
            idx = perm[k:k + batch_size]
            xb = x[idx]
            if torch.rand(1, generator=gen).item() < 0.5:  # flip: boxes flip with the image
                xb, tb = xb.flip(-1), _flip_target(target[idx])
            else:
                tb = target[idx]
            loss = yolo_loss(model(xb), tb, anchors_t)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        losses.append(total / n_train)
        if log:
            log(f"epoch {epoch + 1}: loss {losses[-1]:.3f}")
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    test_images, test_labels = numpy_experiment.make_shapes(n_test, size=size, seed=seed + 1)
    model.eval()
    dets = detect(model, test_images, anchors, score_threshold=0.01)
    gts = [(b, c) for b, c in test_labels]
    map50 = numpy_experiment.mean_average_precision(dets, gts, C, 0.5)
    return {"model": model, "losses": losses, "map50": map50, "seconds": seconds,
            "cpu_seconds": cpu_seconds, "test": (test_images, test_labels)}


def _flip_target(t: torch.Tensor) -> torch.Tensor:
    """The target of a horizontally flipped image: columns reversed, b_x -> 1 - b_x."""
    t = t.flip(2).clone()
    obj = t[..., 0] == 1
    t[..., 1] = torch.where(obj, 1 - t[..., 1], t[..., 1])
    return t


@torch.no_grad()
def detect(model: nn.Module, images: np.ndarray, anchors, score_threshold: float = 0.6,
           iou_threshold: float = 0.5, max_boxes: int = 10):
    """Run a trained detector on NHWC ``images (m, H, W, 3)`` in [0, 1]; returns per image
    ``(boxes (K, 4) xyxy in pixels, scores (K,), classes (K,))`` as NumPy arrays."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be an nn.Module, got {type(model).__name__}")
    checks.unit_interval("score_threshold", score_threshold, closed_right=True)
    checks.unit_interval("iou_threshold", iou_threshold, closed_right=True)
    checks.integer("max_boxes", max_boxes, 1)
    images = checks.object_detection.array("images", images, ndim=4, last=3)  # real, finite, NHWC
    device = next(model.parameters()).device
    x = torch.as_tensor(np.asarray(images, dtype=np.float32), device=device)
    pred = model(x.permute(0, 3, 1, 2))
    anchors_t = torch.as_tensor(anchors, dtype=pred.dtype, device=device)
    size = images.shape[1]
    out = []
    for p in pred:
        boxes, scores, classes = yolo_eval(p, anchors_t, score_threshold, iou_threshold,
                                           max_boxes, "notes")
        out.append(((boxes * size).cpu().numpy(), scores.cpu().numpy(),
                    classes.cpu().numpy()))
    return out
