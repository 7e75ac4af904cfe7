"""Detections of the small YOLO-style detector on held-out synthetic images.

The detections are precomputed (training takes about a minute):
``python snippets/object-detection/fig_detections.py --train`` retrains and rewrites
detector.json, and a slow test checks that training still reaches its mAP. Run as a plain
script it only draws the figure.
"""

import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from dlnotes.numpy import object_detection_experiment as odx

DATA = Path(__file__).with_name("detector.json")
CONFIG = {"n_train": 1200, "n_test": 200, "size": 64, "grid": 8,
          "anchors": [[1.5, 1.5], [3.0, 3.0]], "width": 32, "epochs": 10,
          "batch_size": 32, "lr": 5e-3, "seed": 0}
SHOWN = 8
SCORE_THRESHOLD = 0.3  # for the figure; the mAP uses every detection above 0.01
COLOURS = ("tab:red", "tab:cyan", "yellow")

NAMES = {"en": odx.CLASSES, "zh": ("矩形", "圆", "三角形")}
TITLE = {"en": "held-out images: detections with score > {} (solid), ground truth (dotted); "
               "mAP@0.5 = {}",
         "zh": "留出图像：得分 > {} 的检测结果（实线）与真实框（点线）；mAP@0.5 = {}"}


def make(lang):
    data = json.loads(DATA.read_text())
    images, labels = odx.make_shapes(SHOWN, size=data["config"]["size"],
                                     seed=data["config"]["seed"] + 1)
    fig, axes = plt.subplots(2, SHOWN // 2, figsize=(9, 4.9))
    for ax, image, (gt_boxes, _), det in zip(axes.flat, images, labels,
                                            data["detections"], strict=True):
        ax.imshow(image)
        for b in gt_boxes:
            ax.add_patch(Rectangle((b[0] - 0.5, b[1] - 0.5), b[2] - b[0], b[3] - b[1],
                                   fill=False, edgecolor="white", linestyle=":", lw=1))
        for b, s, c in zip(det["boxes"], det["scores"], det["classes"], strict=True):
            ax.add_patch(Rectangle((b[0] - 0.5, b[1] - 0.5), b[2] - b[0], b[3] - b[1],
                                   fill=False, edgecolor=COLOURS[c], lw=1.6))
            ax.text(b[0], b[1] - 1.5, f"{NAMES[lang][c]} {s:.2f}", color=COLOURS[c],
                    fontsize=6.5, backgroundcolor=(0, 0, 0, 0.5))
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(TITLE[lang].format(data["figure_score_threshold"], f"{data['map50']:.3f}"),
                 fontsize=10)
    fig.tight_layout()
    return fig


if __name__ == "__main__" and sys.argv[1:] == ["--train"]:
    import torch

    from dlnotes.torch import object_detection_experiment as todx

    torch.set_num_threads(2)
    result = todx.train_detector(**CONFIG, log=print)
    dets = todx.detect(result["model"], result["test"][0][:SHOWN], CONFIG["anchors"],
                       score_threshold=SCORE_THRESHOLD)
    DATA.write_text(json.dumps({
        "config": CONFIG,
        "map50": round(result["map50"], 4),
        "figure_score_threshold": SCORE_THRESHOLD,
        "train_seconds": round(result["seconds"], 1),
        "train_cpu_seconds": round(result["cpu_seconds"], 1),
        "losses": [round(v, 4) for v in result["losses"]],
        "detections": [{"boxes": [[round(v, 1) for v in b] for b in boxes.tolist()],
                        "scores": [round(v, 3) for v in scores.tolist()],
                        "classes": classes.tolist()} for boxes, scores, classes in dets],
    }, indent=1) + "\n")
    print(f"mAP@0.5 {result['map50']:.3f} in {result['seconds']:.0f} s")
