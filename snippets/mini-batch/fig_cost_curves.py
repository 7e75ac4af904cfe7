import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import mini_batch as mb

LABELS = {
    "en": {"batch": "batch (b = m = 2000)", "mini": "mini-batch (b = 64)",
           "sgd": "stochastic (b = 1)", "epoch": "epoch", "update": "update (iteration)",
           "full": "cost on the whole training set", "step": "cost of the batch used",
           "ta": "(a) per epoch", "tb": "(b) per update, first 300"},
    "zh": {"batch": "批量（b = m = 2000）", "mini": "小批量（b = 64）", "sgd": "随机（b = 1）",
           "epoch": "轮次（epoch）", "update": "更新次数（迭代）", "full": "整个训练集上的代价",
           "step": "本次更新所用批次的代价", "ta": "(a) 按轮次", "tb": "(b) 按更新，前 300 次"},
}
COLORS = {"batch": "tab:blue", "mini": "tab:orange", "sgd": "tab:gray"}
SIZES = {"batch": 2000, "mini": 64, "sgd": 1}


def make(lang):
    t = LABELS[lang]
    X, Y = mb.make_classification(m=2000, n_x=5, seed=0)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.6, 3.8))
    for key in ("sgd", "mini", "batch"):
        b = SIZES[key]
        run = mb.train_logistic(X, Y, batch_size=b, lr=0.1, epochs=20, seed=0)
        ax1.plot(np.arange(21), run["epoch_costs"], "o-", ms=3, color=COLORS[key], label=t[key])
        epochs = {"batch": 300, "mini": 10, "sgd": 1}[key]
        steps = mb.train_logistic(X, Y, batch_size=b, lr=0.1, epochs=epochs, seed=0)
        cost = steps["step_costs"][:300]
        ax2.plot(np.arange(1, len(cost) + 1), cost, color=COLORS[key],
                 lw=0.6 if key == "sgd" else 1.2, alpha=0.8 if key == "sgd" else 1.0,
                 label=t[key])
    ax1.set_xlabel(t["epoch"])
    ax1.set_ylabel(t["full"])
    ax1.set_title(t["ta"])
    ax1.legend(fontsize=8)
    ax2.set_xlabel(t["update"])
    ax2.set_ylabel(t["step"])
    ax2.set_title(t["tb"])
    ax2.set_ylim(0, 2.0)
    fig.tight_layout()
    return fig
