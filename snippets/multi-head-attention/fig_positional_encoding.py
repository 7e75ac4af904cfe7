"""Sinusoidal positional encoding: the matrix P as a heatmap, and four of its columns."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import attention_multi_head as mh

TEXT = {
    "en": {"pos": "position pos", "dim": "dimension j", "bar": "P[pos, j]", "col": "column {j}",
           "heat": "P (60 positions, d = 32)", "cols": "columns of P"},
    "zh": {"pos": "位置 pos", "dim": "维度 j", "bar": "P[pos, j]", "col": "第 {j} 列",
           "heat": "P（60 个位置，d = 32）", "cols": "P 的几列"},
}


def make(lang):
    t = TEXT[lang]
    P = mh.positional_encoding(60, 32)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6), gridspec_kw={"width_ratios": [1.2, 1]})
    im = ax1.imshow(P, cmap="RdBu_r", aspect="auto", vmin=-1, vmax=1)
    ax1.set_xlabel(t["dim"])
    ax1.set_ylabel(t["pos"])
    ax1.set_title(t["heat"])
    fig.colorbar(im, ax=ax1, label=t["bar"])
    pos = np.arange(60)
    for j in (6, 7, 8, 9):
        ax2.plot(pos, P[:, j], label=t["col"].format(j=j))
    ax2.set_xlabel(t["pos"])
    ax2.set_title(t["cols"])
    ax2.legend(fontsize=8)
    fig.tight_layout()
    return fig
