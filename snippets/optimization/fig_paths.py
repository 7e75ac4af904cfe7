"""Figure: four optimizers on the elongated bowl J(w) = (w0^2 + 50 w1^2) / 2."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import optimization as opt

LABELS = {
    "en": {"gd": "gradient descent", "momentum": "momentum", "title": "50 steps from (-4, 1)"},
    "zh": {"gd": "梯度下降", "momentum": "动量", "title": "从 (-4, 1) 出发走 50 步"},
}


def make(lang):
    text = LABELS[lang]
    optimizers = {
        text["gd"]: opt.GradientDescent(lr=0.038),
        text["momentum"]: opt.Momentum(lr=0.2, beta=0.9),
        "RMSprop": opt.RMSprop(lr=0.2, beta=0.9),
        "Adam": opt.Adam(lr=0.1),
    }
    w0, w1 = np.meshgrid(np.linspace(-4.5, 4.5, 200), np.linspace(-1.3, 1.3, 200))
    fig, axes = plt.subplots(2, 2, figsize=(8, 4.4), sharex=True, sharey=True)
    for ax, (name, optimizer) in zip(axes.flat, optimizers.items(), strict=True):
        ax.contour(w0, w1, 0.5 * (w0**2 + 50 * w1**2), levels=12, colors="0.8", linewidths=0.7)
        path = opt.descend(optimizer, np.array([-4.0, 1.0]), opt.elongated_bowl, steps=50)
        ax.plot(path[:, 0], path[:, 1], "o-", ms=2.5, lw=1, color="tab:red")
        ax.plot([0], [0], "k*", ms=8)
        ax.set_title(name, fontsize=10)
    fig.suptitle(text["title"], fontsize=10)
    fig.tight_layout()
    return fig
