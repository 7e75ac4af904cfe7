"""Activation and weight-gradient scale vs depth (naive, Xavier, He; ReLU), ReLU vs sigmoid,
and the deep linear network W = cI."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import initialization as ini

TEXT = {
    "en": {"a": "ReLU net: rms of A[l]", "b": "ReLU net: rms of dW[l]",
           "c": "He+ReLU vs Xavier+sigmoid: rms of dW[l]", "d": "Linear net W = cI: |a[l]|",
           "layer": "layer l", "naive": "naive (0.01)", "xavier": "Xavier", "he": "He"},
    "zh": {"a": "ReLU 网络：A[l] 的均方根", "b": "ReLU 网络：dW[l] 的均方根",
           "c": "He+ReLU 与 Xavier+sigmoid：dW[l] 的均方根", "d": "线性网络 W = cI：|a[l]|",
           "layer": "第 l 层", "naive": "朴素初始化 (0.01)", "xavier": "Xavier", "he": "He"},
}


def make(lang: str):
    t = TEXT[lang]
    width, m, depth = 100, 25, 20
    X = np.random.default_rng(0).standard_normal((width, m))
    layers = np.arange(1, depth + 1)
    fig, axes = plt.subplots(2, 2, figsize=(10, 7))
    (ax_a, ax_b), (ax_c, ax_d) = axes
    for method, color in (("naive", "tab:gray"), ("xavier", "tab:blue"), ("he", "tab:red")):
        params = ini.initialize_parameters([width] * (depth + 1), method, rng=1)
        act, grad = ini.scale_by_depth(params, X, hidden="relu")
        ax_a.semilogy(layers[:-1], act[:-1], marker="o", markersize=3, color=color,
                      label=t[method])
        ax_b.semilogy(layers, grad, marker="o", markersize=3, color=color, label=t[method])
    for activation, method, color in (("relu", "he", "tab:red"),
                                      ("sigmoid", "xavier", "tab:green")):
        params = ini.initialize_parameters([width] * (depth + 1), method, rng=1)
        _, grad = ini.scale_by_depth(params, X, hidden=activation)
        ax_c.semilogy(layers, grad, marker="o", markersize=3, color=color,
                      label=f"{activation} + {t[method]}")
    depths = np.arange(0, 51)
    for c, color in ((0.9, "tab:blue"), (1.0, "black"), (1.1, "tab:red")):
        ax_d.semilogy(depths, c ** depths.astype(float), color=color, label=f"c = {c}")
    for ax, key in ((ax_a, "a"), (ax_b, "b"), (ax_c, "c"), (ax_d, "d")):
        ax.set_title(t[key])
        ax.set_xlabel(t["layer"])
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
