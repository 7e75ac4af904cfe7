"""Nadaraya-Watson fits: averaging, a Gaussian kernel of width 1, and a learned width."""

import matplotlib.pyplot as plt

from dlnotes.numpy import attention as na

TEXT = {
    "en": {"titles": ["average pooling", "Gaussian kernel, w = 1",
                      "Gaussian kernel, learned w = {w:.2f}"],
           "truth": "truth", "pred": "prediction", "data": "training data", "x": "x (query)",
           "y": "y"},
    "zh": {"titles": ["平均汇聚", "高斯核，w = 1", "高斯核，学到的 w = {w:.2f}"],
           "truth": "真实函数", "pred": "预测", "data": "训练数据", "x": "x（查询）", "y": "y"},
}


def make(lang):
    t = TEXT[lang]
    x, y, x_test, truth = na.synthetic_regression()
    w, _ = na.fit_width(x, y)
    fits = [na.nadaraya_watson(x_test, x, y, kernel="average")[0],
            na.nadaraya_watson(x_test, x, y, width=1.0)[0],
            na.nadaraya_watson(x_test, x, y, width=w)[0]]
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.2), sharey=True)
    for ax, f, title in zip(axes, fits, t["titles"], strict=True):
        ax.plot(x, y, "o", ms=3, alpha=0.5, color="gray", label=t["data"])
        ax.plot(x_test, truth, "-", color="black", label=t["truth"])
        ax.plot(x_test, f, "--", color="tab:red", label=t["pred"])
        ax.set_title(title.format(w=w))
        ax.set_xlabel(t["x"])
    axes[0].set_ylabel(t["y"])
    axes[0].legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig
