"""The notes' TikZ figure redrawn from code: f(x) = x, sin x and e^x / 20 on [0, 4]."""

import matplotlib.pyplot as plt
import numpy as np

TEXT = {
    "en": {"title": "Three functions on [0, 4]"},
    "zh": {"title": "[0, 4] 上的三个函数"},
}


def make(lang: str):
    x = np.linspace(0.0, 4.0, 401)
    fig, ax = plt.subplots(figsize=(5.2, 4.2))
    ax.set_xticks(np.arange(0, 5))
    ax.set_yticks(np.arange(-1, 5))
    ax.grid(True, color="0.85", linewidth=0.6)
    for y, color, label in [(x, "tab:red", r"$f(x) = x$"),
                            (np.sin(x), "tab:blue", r"$f(x) = \sin x$"),
                            (np.exp(x) / 20, "tab:orange", r"$f(x) = \frac{1}{20}\,e^x$")]:
        ax.plot(x, y, color=color, linewidth=1.6)
        ax.annotate(label, (x[-1], y[-1]), xytext=(6, 0), textcoords="offset points",
                    color=color, va="center")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-0.2, 4.2)
    ax.set_ylim(-1.2, 4.2)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.set_title(TEXT[lang]["title"])
    return fig
