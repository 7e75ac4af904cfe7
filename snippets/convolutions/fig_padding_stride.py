"""Figure: a 5x5 input padded with p=1 zeros, a 3x3 filter at stride 2, and the 3x3 output:
floor((5 + 2 - 3) / 2) + 1 = 3."""

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from dlnotes.numpy import convolutions as cv

N, F, P, S = 5, 3, 1, 2
TEXT = {
    "en": {"input": f"input {N}x{N}, padding p={P} (grey)",
           "output": "output {n}x{n}",
           "window": f"{F}x{F} window, stride s={S}"},
    "zh": {"input": f"输入 {N}x{N}，填充 p={P}（灰色）",
           "output": "输出 {n}x{n}",
           "window": f"{F}x{F} 窗口，步幅 s={S}"},
}


def make(lang):
    text = TEXT[lang]
    n_out = cv.output_size(N, F, P, S)
    size = N + 2 * P
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 4), width_ratios=[size, n_out + 2])
    for i in range(size):
        for j in range(size):
            pad = not (P <= i < N + P and P <= j < N + P)
            left.add_patch(Rectangle((j, size - 1 - i), 1, 1, facecolor="0.85" if pad
                                     else "white", edgecolor="0.5"))
    colors = ["tab:blue", "tab:orange", "tab:green"]
    for k, (h, w) in enumerate([(0, 0), (0, 1), (1, 0)]):   # three of the windows
        top, lft = h * S, w * S
        off = 0.06 * (k + 1)
        left.add_patch(Rectangle((lft + off, size - top - F + off), F - 2 * off, F - 2 * off,
                                 fill=False, edgecolor=colors[k], linewidth=2.5))
        right.add_patch(Rectangle((w + 1, n_out - h), 1, 1, facecolor=colors[k], alpha=0.6))
    for i in range(n_out):
        for j in range(n_out):
            right.add_patch(Rectangle((j + 1, n_out - i), 1, 1, fill=False, edgecolor="0.3"))
    left.set_title(text["input"], fontsize=10)
    left.set_xlabel(text["window"])
    right.set_title(text["output"].format(n=n_out), fontsize=10)
    for ax, extent in ((left, size), (right, n_out + 2)):
        ax.set_xlim(-0.2, extent + 0.2)
        ax.set_ylim(-0.2, extent + 0.2 if ax is left else n_out + 1.2)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig
