"""Ten synthetic digits (synthetic_digits, seed 0) above the first real digit of each class."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import transfer_multitask as ntm

TEXT = {"en": ("synthetic", "real"), "zh": ("合成", "真实")}


def make(lang):
    from sklearn.datasets import load_digits

    real = load_digits()
    rows = [ntm.synthetic_digits(np.arange(10), seed=0),
            np.stack([real.images[real.target == d][0] / 16.0 for d in range(10)])]
    fig, axes = plt.subplots(2, 10, figsize=(7, 1.8))
    for r, (images, label) in enumerate(zip(rows, TEXT[lang], strict=True)):
        for d in range(10):
            ax = axes[r, d]
            ax.imshow(images[d], cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.spines[:].set_visible(True)
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center")
    fig.subplots_adjust(wspace=0.1, hspace=0.1)
    return fig
