"""Softmax outputs, the cross-entropy loss and its gradient as one logit varies."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import softmax_regression as sr

TEXT = {
    "en": {
        "z1": "logit z₁ (with z₂ = 1, z₃ = 0)",
        "p": "ŷₖ, probability of class k",
        "cls": "class {}",
        "left": "softmax turns logits into probabilities",
        "loss": "loss L = −log ŷ₁ (true class 1)",
        "grad": "gradient ∂L/∂z₁ = ŷ₁ − 1",
        "right": "cross-entropy and its gradient",
    },
    "zh": {
        "z1": "logit z₁（z₂ = 1，z₃ = 0）",
        "p": "ŷₖ：类别 k 的概率",
        "cls": "类别 {}",
        "left": "softmax 把 logits 变成概率",
        "loss": "损失 L = −log ŷ₁（真实类别为 1）",
        "grad": "梯度 ∂L/∂z₁ = ŷ₁ − 1",
        "right": "交叉熵及其梯度",
    },
}


def make(lang):
    t = TEXT[lang]
    z1 = np.linspace(-6, 6, 241)
    Z = np.stack([z1, np.ones_like(z1), np.zeros_like(z1)])  # (3, 241): one column per z1
    P = sr.softmax(Z)
    loss = -sr.log_softmax(Z)[0]
    grad = sr.cross_entropy_backward(Z, np.zeros(z1.size, dtype=int))[0] * z1.size

    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.4))
    for k in range(3):
        a.plot(z1, P[k], label=t["cls"].format(k + 1))
    a.set(xlabel=t["z1"], ylabel=t["p"], title=t["left"], ylim=(0, 1))
    a.legend(frameon=False)
    b.plot(z1, loss, color="C0", label=t["loss"])
    b.plot(z1, grad, color="C3", label=t["grad"])
    b.axhline(0, color="0.6", lw=0.8)
    b.set(xlabel=t["z1"], title=t["right"])
    b.legend(frameon=False)
    fig.tight_layout()
    return fig
