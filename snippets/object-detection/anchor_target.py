import numpy as np

from dlnotes.numpy import object_detection as od

# a 3 x 3 grid, 2 anchors (h, w) in cell units, classes (pedestrian, car, moto)
anchors = np.array([[1.2, 0.5],   # tall: a pedestrian
                    [0.6, 1.4]])  # wide: a car
# a pedestrian and a car whose midpoints fall in the same cell (row 2, col 1)
boxes = np.array([[0.50, 0.80, 0.12, 0.35],   # (x, y, w, h) in image fractions
                  [0.45, 0.78, 0.40, 0.20]])
classes = np.array([0, 1])
print("IoU with the anchors:\n", od.anchor_iou(boxes[:, [3, 2]] * 3, anchors)
      .round(2))

y = od.yolo_target(boxes, classes, anchors, grid=3, n_classes=3)
print("target:", y.shape)  # S x S x A x (5 + C)
print("y of cell (2, 1):")
print(y[2, 1].reshape(-1).round(3))  # the notes' 16 numbers
print("objects in the target:", int(y[..., 0].sum()))
