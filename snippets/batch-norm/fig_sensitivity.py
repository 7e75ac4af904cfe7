"""Training cost after 3 epochs on the digits, over a grid of learning rates and
initialization scales, without and with batch norm (the sweep is computed here)."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

from dlnotes.numpy import batch_norm as bn

LRS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
SCALES = (0.1, 0.3, 1.0, 3.0, 10.0)

TEXT = {
    "en": {
        "titles": ("without batch norm", "with batch norm"),
        "x": "learning rate α",
        "y": "init scale (× He std)",
        "bar": "training cost after 3 epochs (× = diverged)",
    },
    "zh": {
        "titles": ("不用批归一化", "使用批归一化"),
        "x": "学习率 α",
        "y": "初始化缩放（× He 标准差）",
        "bar": "训练 3 轮后的代价（× 表示发散）",
    },
}


def make(lang):
    t = TEXT[lang]
    results = [bn.sensitivity_sweep(LRS, SCALES, batch_norm=flag) for flag in (False, True)]
    norm = LogNorm(vmin=0.1, vmax=3.0)
    fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.8), sharey=True)
    for ax, res, title in zip(axes, results, t["titles"], strict=True):
        shown = np.ma.masked_invalid(np.where(np.isfinite(res), res, np.nan))
        image = ax.imshow(shown, cmap="viridis_r", norm=norm, origin="lower", aspect="auto")
        for i in range(len(SCALES)):
            for j in range(len(LRS)):
                v = res[i, j]
                label = f"{v:.2f}" if np.isfinite(v) else "×"
                color = "white" if np.isfinite(v) and v >= 0.6 else "black"
                ax.text(j, i, label, ha="center", va="center", fontsize=8, color=color)
        ax.set_facecolor("0.85")
        ax.set_xticks(range(len(LRS)), [f"{lr:g}" for lr in LRS])
        ax.set_yticks(range(len(SCALES)), [f"{s:g}" for s in SCALES])
        ax.set(title=title, xlabel=t["x"])
        ax.spines[:].set_visible(False)
    axes[0].set_ylabel(t["y"])
    fig.colorbar(image, ax=axes, label=t["bar"], shrink=0.9)
    return fig
