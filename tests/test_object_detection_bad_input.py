"""Object detection: the bad-input sweep over the public API (tests/sweep_support.py)."""

import numpy as np
import pytest
import torch
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, X, ar, finite, ints, sweep_module, tn


def _detections():
    """Four boxes (the first and the third almost the same), their scores and classes."""
    return (np.array([[0.0, 0, 2, 2], [1, 1, 3, 3], [0.1, 0, 2, 2.1], [5, 5, 6, 7]]),
            np.array([0.9, 0.8, 0.7, 0.6]), np.array([0, 0, 1, 1]))


def _yolo(d):
    from dlnotes.torch import object_detection as m

    torch.manual_seed(0)
    return m.TinyYOLO(2, 3, width=8).to(d).eval()


def _numpy_sweep():
    from dlnotes.numpy import object_detection as m

    boxes, scores, classes = _detections()
    anchors = np.array([[1.5, 1.5], [3.0, 3.0]])
    pred = ar(3, 3, 2, 5 + 3)
    dec = m.yolo_decode(pred, anchors)
    y = m.localization_target(3, box=(0.5, 0.5, 0.2, 0.3), cls=1)
    y0 = m.localization_target(3)
    Y = np.stack([y, y0])
    feats, rois = ar(2, 6, 6, 3), np.array([[0, 0.0, 0, 3, 3], [1, 1, 1, 5, 4]])
    return {
        "localization_target": E(C(3, box=(0.5, 0.5, 0.2, 0.3), cls=1),
                                 hyper={"n_classes": BAD_INT, "cls": [3, -1, 1.5],
                                        "box": [(0.5, 0.5, 0.2), (NAN, 0.5, 0.2, 0.3)]}),
        "localization_loss": E(C(Y + 0.1, Y), arrays=("y_hat", "y")),
        "sliding_window_count": E(C(28, 14, 2), hyper={"image_size": BAD_INT, "window": [0, 29],
                                                      "stride": BAD_INT}),
        "box_convert": E(C(boxes, "xyxy", "cxcywh"), arrays=("boxes",),
                         hyper={"in_fmt": ["xywh"], "out_fmt": ["yolo"]}),
        "iou": E(C(boxes[0], boxes[1]), arrays=("box1", "box2"), hyper={"fmt": ["xywh"]},
                 extra=[X("two empty boxes", C(np.zeros(4), np.zeros(4)), "ok", finite)]),
        "box_iou": E(C(boxes, boxes[:2]), arrays=("boxes1", "boxes2"), hyper={"fmt": ["xywh"]},
                     extra=[X("empty boxes", C(np.zeros((2, 4)), np.zeros((1, 4))), "ok",
                              finite)]),
        "nms": E(C(boxes, scores), arrays=("boxes", "scores"),
                 hyper={"iou_threshold": [-0.1, 1.5, NAN], "convention": ["opencv"]}),
        "batched_nms": E(C(boxes, scores, classes), arrays=("boxes", "scores", "classes"),
                         hyper={"iou_threshold": [-0.1, 1.5, NAN], "convention": ["opencv"]}),
        "anchor_iou": E(C(np.array([[1.0, 2.0], [3.0, 3.0]]), anchors), arrays=("hw", "anchors")),
        "yolo_target": E(C(np.array([[0.5, 0.5, 0.2, 0.3], [0.2, 0.7, 0.1, 0.1]]),
                           np.array([0, 2]), anchors, 3, 3),
                         arrays=("boxes", "anchors"),
                         hyper={"grid": BAD_INT, "n_classes": BAD_INT,
                                "classes": [np.array([0, 3]), np.array([0.5, 1])]}),
        "yolo_decode": E(C(pred, anchors), arrays=("pred", "anchors")),
        "yolo_filter_boxes": E(C(*dec), arrays=("boxes", "p_c", "class_probs"),
                               hyper={"score_threshold": [-0.1, 1.5, NAN]}),
        "yolo_eval": E(C(pred, anchors, 0.1), arrays=("pred", "anchors"),
                       hyper={"score_threshold": [-0.1, 1.5, NAN],
                              "iou_threshold": [-0.1, 1.5, NAN], "max_boxes": BAD_INT,
                              "convention": ["opencv"]}),
        "roi_pool": E(C(feats, rois), arrays=("features", "rois"),
                      hyper={"output_size": [(0, 2), (2,), 2.5], "spatial_scale": BAD_POS},
                      extra=[X("batch index out of range", C(feats, np.array([[2, 0.0, 0, 3, 3]])),
                               "rois")]),
        "generate_anchors": E(C((2, 3), 16), hyper={"feature_shape": [(0, 3), (2,)],
                                                   "stride": BAD_POS, "scales": [(), (-1,)],
                                                   "ratios": [(), (0,)]}),
    }


def _numpy_experiment_sweep():
    boxes, scores, classes = _detections()
    dets = [(boxes[:2], scores[:2], classes[:2])]
    gts = [(boxes[[0, 3]], np.array([0, 1]))]
    return {
        "average_precision": E(C(scores, np.array([True, False, True, True]), 4),
                               arrays=("scores",),
                               # n_positives=0 gives NaN by design (AP undefined), skipped
                               # by mean_average_precision
                               hyper={"n_positives": [-1, 2.5, 2]}),
        "mean_average_precision": E(C(dets, gts, 2), hyper={"n_classes": BAD_INT,
                                                           "iou_threshold": [-0.1, 1.5, NAN],
                                                           "ground_truths": [[]]}),
        "make_shapes": E(C(2, size=32, max_objects=2, min_size=6, max_size=12),
                         hyper={"n": BAD_INT, "size": [0, -1, 2.5], "max_objects": BAD_INT,
                                "min_size": [0, 2.5], "max_size": [2, 99]}),
    }


def _torch_sweep():
    from dlnotes.torch import object_detection as m

    def bx(d):
        return torch.tensor([[0.0, 0, 2, 2], [1, 1, 3, 3], [0.1, 0, 2, 2.1], [5, 5, 6, 7]],
                            dtype=torch.float64, device=d)

    def sc(d):
        return torch.tensor([0.9, 0.8, 0.7, 0.6], dtype=torch.float64, device=d)

    def anc(d):
        return torch.tensor([[1.5, 1.5], [3.0, 3.0]], dtype=torch.float64, device=d)

    from dlnotes.numpy import object_detection as nod
    target = nod.yolo_target(np.array([[0.5, 0.5, 0.2, 0.3]]), np.array([1]),
                             np.array([[1.5, 1.5], [3.0, 3.0]]), 3, 3)
    return {
        "box_convert": E(lambda d: C(bx(d), "xyxy", "cxcywh"), arrays=("boxes",),
                         hyper={"in_fmt": ["xywh"], "out_fmt": ["yolo"]}),
        "box_iou": E(lambda d: C(bx(d), bx(d)[:2]), arrays=("boxes1", "boxes2"),
                     hyper={"fmt": ["xywh"]},
                     extra=lambda d: [X("empty boxes", C(torch.zeros(2, 4, device=d),
                                                         torch.zeros(1, 4, device=d)), "ok",
                                        finite)]),
        "nms": E(lambda d: C(bx(d), sc(d)), arrays=("boxes", "scores"),
                 hyper={"iou_threshold": [-0.1, 1.5, NAN], "convention": ["opencv"]}),
        "batched_nms": E(lambda d: C(bx(d), sc(d), ints(d, 0, 0, 1, 1)),
                         arrays=("boxes", "scores", "classes"),
                         hyper={"iou_threshold": [-0.1, 1.5, NAN], "convention": ["opencv"]}),
        "yolo_decode": E(lambda d: C(tn(d, 2, 3, 3, 2, 8), anc(d)), arrays=("pred", "anchors")),
        "yolo_eval": E(lambda d: C(tn(d, 3, 3, 2, 8), anc(d), 0.1), arrays=("pred", "anchors"),
                       hyper={"score_threshold": [-0.1, 1.5, NAN],
                              "iou_threshold": [-0.1, 1.5, NAN], "max_boxes": BAD_INT,
                              "convention": ["opencv"]}),
        "yolo_loss": E(lambda d: C(tn(d, 1, 3, 3, 2, 8),
                                   torch.tensor(target[None], dtype=torch.float64, device=d),
                                   anc(d)),
                       arrays=("pred", "target", "anchors"),
                       hyper={"lambda_coord": [-1.0, NAN], "lambda_noobj": [-1.0, NAN]}),
        "roi_pool": E(lambda d: C(tn(d, 2, 3, 6, 6), torch.tensor(
                          [[0, 0.0, 0, 3, 3], [1, 1, 1, 5, 4]], dtype=torch.float64, device=d)),
                      arrays=("features", "rois"),
                      hyper={"output_size": [(0, 2), (2,), 2.5], "spatial_scale": BAD_POS}),
        "generate_anchors": E(C((2, 3), 16), hyper={"feature_shape": [(0, 3), (2,)],
                                                   "stride": BAD_POS, "scales": [(), (-1,)],
                                                   "ratios": [(), (0,)]}),
        "course_classifier": E(C(4), hyper={"n_classes": BAD_INT}),
        "fc_to_conv": E(C(m.course_classifier(4)), hyper={"classifier": [None,
                                                                         torch.nn.Sequential()]}),
        "sliding_window_crops": E(lambda d: C(m.course_classifier(4).double().to(d),
                                              tn(d, 1, 3, 16, 16)), arrays=("images",),
                                  hyper={"window": [0, 17, 2.5], "stride": BAD_INT}),
        "TinyYOLO": E(lambda d: C(torch.rand(2, 3, 64, 64, device=d), fn=_yolo(d)), arrays=("x",),
                      extra=[X("n_anchors 0", C(0), "n_anchors"),
                             X("n_classes 0", C(2, 0), "n_classes"),
                             X("width 2.5", C(2, 3, 2.5), "width")]),
    }


def _torch_experiment_sweep():
    images = np.random.default_rng(0).random((2, 64, 64, 3)).astype(np.float32)
    return {
        # the trainer runs for minutes: only the up-front argument checks are swept
        "train_detector": E(C(), skip=("valid call",),
                            hyper={"n_train": BAD_INT, "n_test": BAD_INT, "epochs": BAD_INT,
                                   "batch_size": BAD_INT, "lr": BAD_POS, "grid": BAD_INT,
                                   "width": BAD_INT}),
        "detect": E(lambda d: C(_yolo(d), images, ((1.5, 1.5), (3.0, 3.0))), arrays=("images",),
                    hyper={"score_threshold": [-0.1, 1.5, NAN],
                           "iou_threshold": [-0.1, 1.5, NAN], "max_boxes": BAD_INT}),
    }


SWEEP = {"numpy.object_detection": _numpy_sweep,
         "numpy.object_detection_experiment": _numpy_experiment_sweep,
         "torch.object_detection": _torch_sweep,
         "torch.object_detection_experiment": _torch_experiment_sweep}


@pytest.mark.api
@pytest.mark.parametrize("module", ["numpy.object_detection", "numpy.object_detection_experiment"])
def test_sweep_numpy(module):
    sweep_module(module, SWEEP[module], "cpu")


@pytest.mark.api
@pytest.mark.parametrize("module", ["torch.object_detection", "torch.object_detection_experiment"])
def test_sweep_torch(module, device):
    sweep_module(module, SWEEP[module], device)
