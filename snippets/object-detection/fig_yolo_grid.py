"""The YOLO grid of snippets/object-detection/anchor_target.py: two objects whose midpoints
fall in the same cell, each given to the anchor of its shape."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

ANCHORS = np.array([[1.2, 0.5], [0.6, 1.4]])  # (h, w) in cells
BOXES = np.array([[0.50, 0.80, 0.12, 0.35], [0.45, 0.78, 0.40, 0.20]])  # cxcywh

LABELS = {
    "en": ("pedestrian -> anchor 1", "car -> anchor 2", "anchor 1 (tall)",
           "anchor 2 (wide)", "3 x 3 grid: both midpoints in cell (2, 1)"),
    "zh": ("行人 → 锚框 1", "汽车 → 锚框 2", "锚框 1（竖长）", "锚框 2（横宽）",
           "3 × 3 网格：两个中点都落在格子 (2, 1)"),
}


def make(lang):
    ped, car, a1, a2, title = LABELS[lang]
    S = 3
    fig, ax = plt.subplots(figsize=(4.6, 4.6))
    for k in range(S + 1):
        ax.axhline(k / S, color="0.7", linewidth=1)
        ax.axvline(k / S, color="0.7", linewidth=1)
    ax.add_patch(Rectangle((1 / S, 2 / S), 1 / S, 1 / S, color="tab:orange", alpha=0.12))
    for (x, y, w, h), colour, label in zip(BOXES, ("tab:blue", "tab:red"), (ped, car),
                                           strict=True):
        ax.add_patch(Rectangle((x - w / 2, y - h / 2), w, h, fill=False, edgecolor=colour,
                               linewidth=2, label=label))
        ax.plot(x, y, "o", color=colour)
    cx, cy = 1.5 / S, 2.5 / S
    for (h, w), style, label in zip(ANCHORS, (":", "--"), (a1, a2), strict=True):
        ax.add_patch(Rectangle((cx - w / S / 2, cy - h / S / 2), w / S, h / S, fill=False,
                               edgecolor="0.3", linestyle=style, label=label))
    ax.set(xlim=(0, 1), ylim=(1, 0), aspect="equal", title=title)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    return fig
