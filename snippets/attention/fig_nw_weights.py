"""Attention weights of the Nadaraya-Watson estimator: test queries (rows) over training keys."""

import matplotlib.pyplot as plt

from dlnotes.numpy import attention as na

TEXT = {
    "en": {"titles": ["Gaussian kernel, w = 1", "learned w = {w:.2f}"],
           "x": "training inputs (keys), sorted",
           "y": "test inputs (queries), sorted", "bar": "attention weight"},
    "zh": {"titles": ["高斯核，w = 1", "学到的 w = {w:.2f}"], "x": "训练输入（键），已排序",
           "y": "测试输入（查询），已排序", "bar": "注意力权重"},
}


def make(lang):
    t = TEXT[lang]
    x, y, x_test, _ = na.synthetic_regression()
    w, _ = na.fit_width(x, y)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    for ax, width, title in zip(axes, (1.0, w), t["titles"], strict=True):
        _, weights = na.nadaraya_watson(x_test, x, y, width=width)
        im = ax.imshow(weights, cmap="Reds", aspect="auto", vmin=0)
        ax.set_title(title.format(w=w))
        ax.set_xlabel(t["x"])
        fig.colorbar(im, ax=ax, label=t["bar"])
    axes[0].set_ylabel(t["y"])
    fig.tight_layout()
    return fig
