"""Train and dev cost of a degree-9 polynomial fit as lambda grows (L2), and the number of
weights that L1 and L2 set exactly to zero."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import cost_regularization as cr

TEXT = {
    "en": {"train": "train cost", "dev": "dev cost", "cost": "cost $J$ (no penalty)",
           "left": "L2: train vs dev cost", "right": "L1 zeroes weights, L2 only shrinks",
           "zeros": "weights exactly 0 (of 9)", "l1": "L1", "l2": "L2"},
    "zh": {"train": "训练集代价", "dev": "开发集代价", "cost": "代价 J（不含惩罚项）",
           "left": "L2：训练集与开发集代价", "right": "L1 把权重变成 0，L2 只会缩小",
           "zeros": "恰为 0 的权重个数（共 9 个）", "l1": "L1", "l2": "L2"},
}


def make(lang: str):
    t = TEXT[lang]
    x_train, y_train, x_dev, y_dev = cr.overfitting_data(m_train=15, m_dev=200, seed=0)
    X, X_dev = cr.polynomial_features(x_train, 9), cr.polynomial_features(x_dev, 9)
    lambdas = np.logspace(-6, 2, 17)
    train, dev, zeros1, zeros2 = [], [], [], []
    for lambd in lambdas:
        w, b = cr.ridge_fit(X, y_train, lambd)
        train.append(cr.squared_error_cost(cr.predict_linear(X, w, b), y_train)[0])
        dev.append(cr.squared_error_cost(cr.predict_linear(X_dev, w, b), y_dev)[0])
        zeros2.append(int(np.sum(w == 0)))
        zeros1.append(int(np.sum(cr.lasso_fit(X, y_train, lambd)[0] == 0)))
    best = lambdas[int(np.argmin(dev))]

    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 3.8))
    ax.loglog(lambdas, train, label=t["train"], color="tab:blue")
    ax.loglog(lambdas, dev, label=t["dev"], color="tab:red")
    ax.axvline(best, color="0.6", linestyle="--", linewidth=1)
    ax.set_xlabel(r"$\lambda$")
    ax.set_ylabel(t["cost"])
    ax.set_title(t["left"])
    ax.legend()
    bx.semilogx(lambdas, zeros1, marker="o", markersize=3, label=t["l1"], color="tab:purple")
    bx.semilogx(lambdas, zeros2, marker="s", markersize=3, label=t["l2"], color="tab:green")
    bx.set_xlabel(r"$\lambda$")
    bx.set_ylabel(t["zeros"])
    bx.set_yticks(range(0, 10, 3))
    bx.set_title(t["right"])
    bx.legend()
    fig.tight_layout()
    return fig
