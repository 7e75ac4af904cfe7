"""Cosine similarities between 16 trained word vectors (the run of fig_projection.py, whose
--train option computes them into projection.json)."""

import json
from pathlib import Path

import matplotlib.pyplot as plt

DATA = Path(__file__).with_name("projection.json")
LABELS = {"en": ("cosine similarity", "cosine similarity of skip-gram vectors"),
          "zh": ("余弦相似度", "跳字模型词向量之间的余弦相似度")}


def make(lang):
    sim = json.loads(DATA.read_text())["similarity"]
    words, cos = sim["words"], sim["cos"]
    fig, ax = plt.subplots(figsize=(6.4, 5.4))
    image = ax.imshow(cos, cmap="RdBu_r", vmin=-1, vmax=1)
    ax.set_xticks(range(len(words)), words, rotation=90)
    ax.set_yticks(range(len(words)), words)
    for i, row in enumerate(cos):
        for j, value in enumerate(row):
            ax.text(j, i, f"{value:.1f}".replace("-0.0", "0.0"), ha="center", va="center",
                    fontsize=6, color="white" if abs(value) > 0.6 else "black")
    ax.spines[:].set_visible(False)
    fig.colorbar(image, ax=ax, label=LABELS[lang][0], shrink=0.8)
    ax.set_title(LABELS[lang][1])
    return fig
