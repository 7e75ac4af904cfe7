"""Encodings of the unseen digits 7, 8, 9 and the triplet loss of the page's run.

The run is chaotic in float32 (another CPU's last bits give other encodings), so the figure is
drawn from embeddings.json: ``python snippets/face-recognition/fig_embeddings.py --train``
reruns the page's experiment and rewrites it; a slow test checks that a fresh run still meets
the page's claims. Run as a plain script it only draws the figure.
"""

import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

DATA = Path(__file__).with_name("embeddings.json")
TEXT = {
    "en": {"title": "Encodings of the unseen digits 7, 8, 9 (first two principal components)",
           "loss": "triplet loss during training (digits 0-6)", "step": "step",
           "digit": "digit"},
    "zh": {"title": "未见过的数字 7、8、9 的编码（前两个主成分）",
           "loss": "训练中的三元组损失（数字 0-6）", "step": "步数", "digit": "数字"},
}


def make(lang):
    t = TEXT[lang]
    data = json.loads(DATA.read_text())
    xy, labels = np.array(data["xy"]), np.array(data["labels"])
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10, 4), width_ratios=[1.2, 1])
    for digit, marker in zip((7, 8, 9), "o^s", strict=True):
        pts = xy[labels == digit]
        ax.scatter(pts[:, 0], pts[:, 1], s=10, marker=marker, alpha=0.6,
                   label=f"{t['digit']} {digit}")
    ax.set_title(t["title"], fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend()
    losses = np.array(data["losses"])
    smooth = np.convolve(losses, np.ones(20) / 20, mode="valid")
    ax2.plot(losses, alpha=0.3, color="C0")
    ax2.plot(np.arange(19, len(losses)), smooth, color="C0")
    ax2.set_title(t["loss"], fontsize=9)
    ax2.set_xlabel(t["step"])
    ax2.grid(alpha=0.3)
    fig.tight_layout()
    return fig


if __name__ == "__main__" and sys.argv[1:] == ["--train"]:
    from dlnotes.torch import face_recognition as fr

    r = fr.demo()
    enc, labels = (v.numpy() for v in r["embeddings"])
    centred = enc - enc.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ vt[:2].T  # the first two principal components
    DATA.write_text(json.dumps({
        "xy": [[round(float(a), 4), round(float(b), 4)] for a, b in xy],
        "labels": [int(v) for v in labels],
        "losses": [round(float(v), 5) for v in r["losses"]]}) + "\n")
    print(f"identification {r['identification']:.3f}, pixels {r['pixels']:.3f}")
