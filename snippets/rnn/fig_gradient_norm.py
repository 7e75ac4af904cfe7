"""How much of the gradient at the last step reaches the first input, against the length."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import rnn

LABELS = {
    "en": ("sequence length $T_x$",
           r"$\|\partial a^{\langle T_x\rangle} / \partial x^{\langle 1\rangle}\|$",
           "$W_{aa}$ = {s} × orthogonal", "gradient reaching the first step"),
    "zh": ("序列长度（时间步数）",
           r"$\|\partial a^{\langle T_x\rangle} / \partial x^{\langle 1\rangle}\|$",
           "循环权重 = {s} × 正交矩阵", "传回第一步的梯度"),
}


def make(lang):
    xlabel, ylabel, legend, title = LABELS[lang]
    rng = np.random.default_rng(0)
    n_a, n_x = 16, 4
    q, _ = np.linalg.qr(rng.normal(size=(n_a, n_a)))
    lengths = np.arange(2, 61, 4)
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for scale in (0.5, 1.0, 2.0):
        params = rnn.init_params(n_x, n_a, 1, seed=1) | {"Waa": scale * q}
        x = np.random.default_rng(2).normal(0, 0.1, (n_x, 1, lengths[-1]))
        norms = []
        for t_x in lengths:
            a, caches = rnn.rnn_forward(x[:, :, :t_x], np.zeros((n_a, 1)), params)
            da = np.zeros_like(a)
            da[:, :, -1] = 1.0  # d(sum of a<T_x>)/d a<T_x>
            norms.append(np.linalg.norm(rnn.rnn_backward(da, caches)["dx"][:, :, 0]))
        ax.semilogy(lengths, norms, label=legend.replace("{s}", f"{scale:g}"))
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
    return fig
