import numpy as np
import torch

from dlnotes.numpy import object_detection as od
from dlnotes.torch import object_detection as tod

# six candidate boxes for two cars, with their scores p_c * c_i
boxes = np.array([[10, 10, 50, 40], [12, 12, 52, 44], [8, 6, 46, 38],
                  [60, 20, 95, 70], [62, 24, 96, 74], [30, 50, 40, 60]],
                 dtype=float)
scores = np.array([0.9, 0.75, 0.62, 0.8, 0.7, 0.55])

keep = scores > 0.6  # 1. drop the boxes with a score <= 0.6
idx = np.flatnonzero(keep)[od.nms(boxes[keep], scores[keep], 0.5)]
print("kept:", idx.tolist())  # 2. NMS at IoU 0.5 on the rest

# the tie at exactly IoU = 0.5: the notes remove, torchvision keeps
pair = np.array([[0, 0, 2, 1], [0, 0, 1, 1]], dtype=float)
s = np.array([0.9, 0.8])
print("IoU:", od.iou(*pair))
print("notes (>= 0.5 removed):", od.nms(pair, s, 0.5, "notes").tolist())
print("torchvision (> 0.5):   ", od.nms(pair, s, 0.5, "torchvision").tolist())

# per class: a car box never suppresses a pedestrian box
classes = np.array([1, 1, 1, 1, 1, 0])
scores2 = np.array([0.9, 0.75, 0.62, 0.8, 0.7, 0.85])
boxes2 = boxes.copy()
boxes2[5] = [14, 10, 40, 40]  # a pedestrian in front of the first car
print("per class:", od.batched_nms(boxes2, scores2, classes, 0.5).tolist())
t = tod.batched_nms(torch.tensor(boxes2), torch.tensor(scores2),
                    torch.tensor(classes), 0.5)
print("torch:    ", t.tolist())
