import matplotlib.pyplot as plt
import numpy as np

from dlnotes import data
from dlnotes.numpy import ml_strategy as ms

LABELS = {
    "en": ["clean", "noise", "blur", "shift"],
    "zh": ["原图", "噪声", "模糊", "平移"],
}


def make(lang):
    x, y = data.digits()
    picks = np.array([np.flatnonzero(y == d)[0] for d in (0, 3, 5, 7, 9)])
    rows = [x[picks], ms.add_noise(x[picks], 4.0, seed=0), ms.blur(x[picks]),
            ms.shift(x[picks], np.tile([[1, -1]], (len(picks), 1)))]
    fig, axes = plt.subplots(4, len(picks), figsize=(5, 4.2))
    for r, (row, label) in enumerate(zip(rows, LABELS[lang], strict=True)):
        for c, img in enumerate(row):
            ax = axes[r, c]
            ax.imshow(img, cmap="gray_r", vmin=0, vmax=16)
            ax.set_xticks([])
            ax.set_yticks([])
            for side in ax.spines.values():
                side.set_visible(False)
        axes[r, 0].set_ylabel(label)
    fig.tight_layout()
    return fig
