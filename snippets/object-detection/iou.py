import numpy as np
import torch

from dlnotes.numpy import object_detection as od
from dlnotes.torch import object_detection as tod

a, b = [0, 0, 2, 2], [1, 1, 3, 3]  # corners (x1, y1, x2, y2)
print("IoU, corners:", round(od.iou(a, b), 4))  # 1 / (4 + 4 - 1)
# the same boxes by centre, width and height
print("IoU, centres:", round(od.iou([1, 1, 2, 2], [2, 2, 2, 2], "cxcywh"), 4))
print("apart:", od.iou([0, 0, 1, 1], [5, 5, 6, 6]))

truth = np.array([[10, 10, 50, 40], [60, 20, 90, 80]], dtype=float)
preds = np.array([[12, 8, 48, 44], [55, 30, 95, 75], [20, 20, 70, 60]],
                 dtype=float)
table = od.box_iou(preds, truth)  # (3 predictions, 2 objects)
print(table.round(3))
same = tod.box_iou(torch.tensor(preds), torch.tensor(truth)).numpy()
print("torch agrees:", np.allclose(same, table))
