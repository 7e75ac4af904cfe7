import numpy as np
import torch

from dlnotes.numpy import object_detection as od
from dlnotes.torch import object_detection as tod

rng = np.random.default_rng(0)
S, A, C = 3, 2, 3
anchors = np.array([[1.2, 0.5], [0.6, 1.4]])
# raw outputs of a network for one image: mostly "nothing here" ...
pred = rng.normal(0, 1, size=(S, S, A, 5 + C))
pred[..., 0] -= 4
# ... and a car, seen by its cell and, a little weaker, by the next cell
pred[1, 1, 1, :5] = [4.0, 0.2, -0.3, 0.1, 0.3]
pred[1, 1, 1, 5:] = [0.0, 5.0, 0.0]
pred[1, 2, 1, :5] = [3.0, -2.5, -0.2, 0.0, 0.4]
pred[1, 2, 1, 5:] = [0.0, 4.0, 1.0]

boxes, p_c, probs = od.yolo_decode(pred, anchors)
print("candidate boxes:", boxes.reshape(-1, 4).shape[0])
kept = od.yolo_filter_boxes(boxes, p_c, probs, score_threshold=0.6)
print("score p_c * c_i > 0.6:", len(kept[1]))
boxes, scores, classes = od.yolo_eval(pred, anchors, 0.6, 0.5)
print("after per-class NMS:", len(scores))
for b, s, c in zip(boxes, scores, classes, strict=True):
    print(f"class {c}, score {s:.3f}, box {np.round(b, 3)}")

t = tod.yolo_eval(torch.tensor(pred), torch.tensor(anchors), 0.6, 0.5)
print("torch agrees:", np.allclose(t[0].numpy(), boxes))
