"""Training cost against iteration, with and without batch norm, at one learning rate, for
five seeds: the mean curve and the band between the lowest and highest seed.

The curves are precomputed (training takes about a minute):
``python snippets/batch-norm/fig_speed.py --train`` retrains and rewrites speed.json, and a
slow test checks that a fresh run still shows what the page says. Run as a plain script it
only draws the figure.
"""

import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

DATA = Path(__file__).with_name("speed.json")
CONFIG = {"lr": 3.0, "seeds": [0, 1, 2, 3, 4], "iterations": 400, "batch_size": 64, "every": 10}

TEXT = {
    "en": {"plain": "without batch norm", "bn": "with batch norm",
           "x": "iteration (mini-batches of 64)", "y": "training cost (mean of 10 mini-batches)",
           "title": "3 hidden layers of 100 sigmoid units, learning rate 3, 5 seeds"},
    "zh": {"plain": "不用批归一化", "bn": "使用批归一化",
           "x": "迭代次数（每个小批量 64 个样本）", "y": "训练代价（每 10 个小批量的平均）",
           "title": "3 个隐藏层，各 100 个 sigmoid 单元，学习率 3，5 个种子"},
}


def make(lang):
    data = json.loads(DATA.read_text())
    t = TEXT[lang]
    every = data["config"]["every"]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for key, color in (("plain", "#D55E00"), ("bn", "#0072B2")):
        curves = np.array(data[key])
        it = every * np.arange(1, curves.shape[1] + 1)
        ax.fill_between(it, curves.min(axis=0), curves.max(axis=0), color=color, alpha=0.25,
                        linewidth=0)
        ax.plot(it, curves.mean(axis=0), color=color, label=t[key])
    ax.set_yscale("log")
    ax.set(xlabel=t["x"], ylabel=t["y"], xlim=(0, data["config"]["iterations"]))
    ax.set_title(t["title"], fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


if __name__ == "__main__" and sys.argv[1:] == ["--train"]:
    from dlnotes.torch import batch_norm as tbn

    out = {"config": CONFIG}
    for key, flag in (("plain", False), ("bn", True)):
        curves = tbn.training_curves(flag, **{k: v for k, v in CONFIG.items()})
        out[key] = [[round(float(v), 4) for v in row] for row in curves]
    DATA.write_text(json.dumps(out, indent=1) + "\n")
    print("cost at iteration 100:", {k: np.array(out[k])[:, 9].round(3).tolist() for k in ("plain", "bn")})
