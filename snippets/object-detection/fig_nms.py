"""Non-max suppression on the boxes of snippets/object-detection/nms.py: all candidates
(left) and what survives the score threshold 0.6 and NMS at IoU 0.5 (right)."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from dlnotes.numpy import object_detection as od

BOXES = np.array([[10, 10, 50, 40], [12, 12, 52, 44], [8, 6, 46, 38],
                  [60, 20, 95, 70], [62, 24, 96, 74], [30, 50, 40, 60]], dtype=float)
SCORES = np.array([0.9, 0.75, 0.62, 0.8, 0.7, 0.55])

LABELS = {
    "en": ("all candidate boxes", "score > 0.6, then NMS at IoU 0.5"),
    "zh": ("全部候选框", "得分 > 0.6，再以 IoU 0.5 做非极大值抑制"),
}


def make(lang):
    keep = SCORES > 0.6
    kept = set(np.flatnonzero(keep)[od.nms(BOXES[keep], SCORES[keep], 0.5)].tolist())
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.4))
    for ax, title, final in zip(axes, LABELS[lang], (False, True), strict=True):
        for i, (b, s) in enumerate(zip(BOXES, SCORES, strict=True)):
            if final and i not in kept:
                continue
            colour = "tab:green" if i in kept else ("tab:red" if s > 0.6 else "tab:gray")
            ax.add_patch(Rectangle(b[:2], b[2] - b[0], b[3] - b[1], fill=False,
                                   edgecolor=colour, linewidth=2 if i in kept else 1.2,
                                   linestyle="-" if s > 0.6 else "--"))
            ax.text(b[0] + 1, b[1] - 1.5, f"{s:.2f}", color=colour, fontsize=9)
        ax.set(xlim=(0, 100), ylim=(85, 0), aspect="equal", title=title)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
