"""Figure: an EWMA of noisy data, with and without bias correction."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import optimization as opt

LABELS = {
    "en": {"data": "daily value θ_t", "x": "day t", "y": "value",
           "raw": "β = {b}: v_t (starts at 0)", "hat": "β = {b}: bias-corrected v̂_t"},
    "zh": {"data": "每日数值 θ_t", "x": "第 t 天", "y": "数值",
           "raw": "β = {b}：v_t（从 0 起步）", "hat": "β = {b}：偏差修正后的 v̂_t"},
}


def make(lang):
    text = LABELS[lang]
    rng = np.random.default_rng(0)
    days = np.arange(1, 121)
    theta = 15 + 8 * np.sin(days / 120 * np.pi) + rng.normal(scale=3.0, size=days.size)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.scatter(days, theta, s=8, color="0.6", label=text["data"])
    for beta, color in ((0.9, "tab:red"), (0.98, "tab:blue")):
        ax.plot(days, opt.ewma(theta, beta), color=color, ls="--", lw=1.4,
                label=text["raw"].format(b=beta))
        ax.plot(days, opt.ewma(theta, beta, bias_correction=True), color=color, lw=1.8,
                label=text["hat"].format(b=beta))
    ax.set(xlabel=text["x"], ylabel=text["y"])
    ax.legend(fontsize=8, ncols=2, loc="lower center")
    return fig
