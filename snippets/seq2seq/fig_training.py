"""Training loss of the date translator with and without Bahdanau attention (same run as
fig_bahdanau_map.py, read from dates_run.json)."""

import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

DATA = Path(__file__).with_name("dates_run.json")

LABELS = {
    "en": ("training step", "cross-entropy per character (log scale)",
           "{name}: {acc:.2%} exact match on held-out dates",
           {"plain": "fixed context vector", "attention": "Bahdanau attention"}),
    "zh": ("训练步数", "每个字符的交叉熵（对数坐标）",
           "{name}：留出日期上完全匹配 {acc:.2%}",
           {"plain": "固定上下文向量", "attention": "Bahdanau 注意力"}),
}


def make(lang):
    run = json.loads(DATA.read_text(encoding="utf-8"))
    xlabel, ylabel, legend, names = LABELS[lang]
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    for key, color in (("plain", "C1"), ("attention", "C0")):
        losses = np.array(run[key]["losses"])
        smooth = np.convolve(losses, np.ones(10) / 10, mode="valid")
        ax.plot(np.arange(len(losses)) + 1, losses, color=color, alpha=0.25, lw=0.8)
        ax.plot(np.arange(len(smooth)) + 10, smooth, color=color,
                label=legend.format(name=names[key], acc=run[key]["accuracy"]))
    ax.set(xlabel=xlabel, ylabel=ylabel, yscale="log")
    ax.legend(loc="upper right", fontsize=8)
    return fig
