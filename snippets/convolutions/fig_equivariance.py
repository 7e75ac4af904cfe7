"""Figure: shifting the input shifts the convolution's output (equivariance); max pooling
makes the pooled map change less (partial invariance)."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import convolutions as cv

TEXT = {
    "en": {"rows": ["input", "input shifted 1 px right"],
           "cols": ["image", "convolution (edge filter)", "2x2 max pooling"]},
    "zh": {"rows": ["输入", "输入右移 1 像素"],
           "cols": ["图像", "卷积（边缘滤波器）", "2x2 最大池化"]},
}


def _image():
    A = np.zeros((1, 12, 12, 1))
    A[0, 3:9, 3, 0] = 1.0        # an "L": a vertical stroke ...
    A[0, 8, 3:8, 0] = 1.0        # ... and a horizontal one
    return A


def make(lang):
    text = TEXT[lang]
    W = np.array([[1.0, 0.0, -1.0]] * 3).reshape(3, 3, 1, 1)   # a vertical-edge detector
    fig, axes = plt.subplots(2, 3, figsize=(8.4, 5.6))
    for r, A in enumerate([_image(), np.roll(_image(), 1, axis=2)]):
        Z = np.maximum(cv.conv_forward(A, W, np.zeros(1), pad=1), 0)   # ReLU(conv)
        P = cv.pool_forward(Z, 2)
        for c, X in enumerate([A, Z, P]):
            ax = axes[r, c]
            ax.imshow(X[0, :, :, 0], cmap="viridis", vmin=0, vmax=3 if c else 1)
            ax.set_xticks(np.arange(X.shape[2]) - 0.5, minor=True)
            ax.set_yticks(np.arange(X.shape[1]) - 0.5, minor=True)
            ax.grid(which="minor", color="white", linewidth=0.3)
            ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
            if r == 0:
                ax.set_title(text["cols"][c], fontsize=10)
        axes[r, 0].set_ylabel(text["rows"][r])
    fig.tight_layout()
    return fig
