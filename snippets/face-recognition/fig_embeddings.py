"""Encodings of the unseen digits 7, 8, 9 and the triplet loss of the page's run (seed 0), and
the one-shot identification of the encoder and of raw pixels for five seeds.

The runs are chaotic in float32 (another CPU's last bits give other encodings), so the figure
is drawn from embeddings.json: ``python snippets/face-recognition/fig_embeddings.py --train``
reruns the page's experiment for the seeds 0-4 and rewrites it; a slow test checks that fresh
runs still meet the page's claims. Run as a plain script it only draws the figure.
"""

import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

DATA = Path(__file__).with_name("embeddings.json")
TEXT = {
    "en": {"title": "Encodings of the unseen digits 7, 8, 9\n(first two principal components)",
           "loss": "triplet loss during training\n(digits 0-6, seed 0)", "step": "step",
           "digit": "digit", "seeds": "one-shot identification of 7, 8, 9\n(chance 33%)",
           "seed": "seed", "encoder": "learned encodings", "pixels": "raw pixels"},
    "zh": {"title": "未见过的数字 7、8、9 的编码\n（前两个主成分）",
           "loss": "训练中的三元组损失\n（数字 0-6，种子 0）", "step": "步数", "digit": "数字",
           "seeds": "7、8、9 的单样本识别\n（随机猜测 33%）", "seed": "随机种子",
           "encoder": "学到的编码", "pixels": "原始像素"},
}


def make(lang):
    t = TEXT[lang]
    data = json.loads(DATA.read_text())
    xy, labels = np.array(data["xy"]), np.array(data["labels"])
    fig, (ax, ax2, ax3) = plt.subplots(1, 3, figsize=(12, 4), width_ratios=[1.1, 1, 1])
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
    runs = data["seeds"]
    seeds = np.arange(len(runs))
    for shift, key, colour in ((-0.2, "encoder", "C0"), (0.2, "pixels", "C1")):
        ax3.bar(seeds + shift, [100 * r[key] for r in runs], width=0.4, color=colour,
                label=t[key])
    ax3.axhline(100 / 3, color="C7", lw=1, ls="--")
    ax3.set_xticks(seeds, [str(r["seed"]) for r in runs])
    ax3.set_xlabel(t["seed"])
    ax3.set_ylabel("%")
    ax3.set_ylim(0, 100)
    ax3.set_title(t["seeds"], fontsize=9)
    ax3.legend(fontsize=8, loc="upper left")
    ax3.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    return fig


if __name__ == "__main__" and sys.argv[1:] == ["--train"]:
    from dlnotes.torch import face_recognition as fr

    runs = [fr.demo()] + [fr.one_shot_experiment(seed=seed) for seed in range(1, 5)]
    enc, labels = (v.numpy() for v in runs[0]["embeddings"])
    centred = enc - enc.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ vt[:2].T  # the first two principal components
    DATA.write_text(json.dumps({
        "xy": [[round(float(a), 4), round(float(b), 4)] for a, b in xy],
        "labels": [int(v) for v in labels],
        "losses": [round(float(v), 5) for v in runs[0]["losses"]],
        "seeds": [{"seed": seed, "encoder": round(r["identification"], 4),
                   "pixels": round(r["pixels"], 4),
                   "verification": round(r["verification_threshold"], 4)}
                  for seed, r in enumerate(runs)]}) + "\n")
    for seed, r in enumerate(runs):
        print(f"seed {seed}: encoder {r['identification']:.3f}, pixels {r['pixels']:.3f}, "
              f"verification {r['verification_threshold']:.3f} / {r['verification_head']:.3f}, "
              f"loss {np.mean(r['losses'][:20]):.3f} -> {np.mean(r['losses'][-20:]):.3f}, "
              f"{r['train_seconds']:.0f} s")
