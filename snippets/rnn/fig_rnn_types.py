"""The five input/output patterns of recurrent networks, drawn as unrolled cells."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrow, Rectangle

TITLES = {
    "en": ["one-to-one\n(standard network)", "one-to-many\n(music generation)",
           "many-to-one\n(sentiment)", "many-to-many, $T_x = T_y$\n(name tagging)",
           "many-to-many, $T_x \\neq T_y$\n(translation)"],
    "zh": ["一对一\n（普通神经网络）", "一对多\n（音乐生成）", "多对一\n（情感分类）",
           "多对多，输入输出等长\n（人名识别）", "多对多，输入输出不等长\n（机器翻译）"],
}
# per pattern: for each cell, (has input x, has output y)
PATTERNS = [
    [(1, 1)],
    [(1, 1), (0, 1), (0, 1)],
    [(1, 0), (1, 0), (1, 1)],
    [(1, 1), (1, 1), (1, 1)],
    [(1, 0), (1, 0), (0, 1), (0, 1)],
]


def _arrow(ax, x0, y0, dx, dy):
    ax.add_patch(FancyArrow(x0, y0, dx, dy, width=0.02, head_width=0.12, head_length=0.1,
                            length_includes_head=True, color="0.3"))


def make(lang):
    fig, axes = plt.subplots(1, 5, figsize=(12, 3.2), gridspec_kw={"width_ratios": [1, 3, 3, 3, 4]})
    for ax, cells, title in zip(axes, PATTERNS, TITLES[lang], strict=True):
        for i, (has_x, has_y) in enumerate(cells):
            ax.add_patch(Rectangle((i, 0.8), 0.6, 0.6, facecolor="#c5cae9", edgecolor="#303f9f"))
            if has_x:
                ax.text(i + 0.3, 0.05, "$x$", ha="center", fontsize=11)
                _arrow(ax, i + 0.3, 0.3, 0, 0.48)
            if has_y:
                ax.text(i + 0.3, 2.05, "$\\hat y$", ha="center", fontsize=11)
                _arrow(ax, i + 0.3, 1.42, 0, 0.5)
            if i:
                _arrow(ax, i - 0.4, 1.1, 0.38, 0)
        ax.set_xlim(-0.3, len(cells) - 0.1)
        ax.set_ylim(-0.1, 2.5)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title, fontsize=10)
    return fig
