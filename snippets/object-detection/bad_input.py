import numpy as np

from dlnotes.numpy import object_detection as od

checks = [
    # corners in the wrong order: x2 < x1
    lambda: od.iou([4, 0, 2, 3], [0, 0, 2, 2]),
    # an IoU threshold is a fraction
    lambda: od.nms([[0, 0, 1, 1]], [0.9], iou_threshold=50),
    # 3 anchors for a prediction made with 2
    lambda: od.yolo_decode(np.zeros((3, 3, 2, 8)), np.ones((3, 2))),
]
for check in checks:
    try:
        check()
    except ValueError as err:
        print("ValueError:", err)
