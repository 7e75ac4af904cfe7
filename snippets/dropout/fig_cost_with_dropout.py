"""Why J is not well defined while dropout is on: the cost of each training step (computed
with that step's masks) against the cost of the same parameters with dropout off, and the
spread of J over masks at the final parameters."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import cost_regularization as cr
from dlnotes.numpy import dropout as nd
from dlnotes.numpy import initialization as ini
from dlnotes.numpy import optimization as opt

TEXT = {
    "en": {"left": "Training with dropout (keep_prob = 0.5)", "it": "iteration",
           "cost": "cost J", "on": "J with this step's masks", "off": "J with dropout off",
           "right": "J at the final parameters, 1000 masks", "count": "number of masks"},
    "zh": {"left": "带 dropout 训练（keep_prob = 0.5）", "it": "迭代次数",
           "cost": "代价 J", "on": "用本步掩码算出的 J", "off": "关闭 dropout 时的 J",
           "right": "最终参数下、1000 个掩码对应的 J", "count": "掩码个数"},
}


def make(lang: str):
    t = TEXT[lang]
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 200))
    Y = (X[0] * X[1] > 0).astype(float)[None, :]   # XOR-like quadrants
    params = ini.initialize_parameters([2, 32, 32, 1], "he", rng)
    adam = opt.Adam(lr=0.01)
    on, off = [], []
    for _ in range(300):
        Z, cache = nd.dropout_mlp_forward(X, params, 0.5, rng)
        J, dZ = cr.logistic_cost(Z, Y)
        on.append(J)
        off.append(cr.logistic_cost(nd.dropout_mlp_forward(X, params, 0.5,
                                                           training=False)[0], Y)[0])
        adam.step(params, nd.dropout_mlp_backward(dZ, cache, params))
    final = [cr.logistic_cost(nd.dropout_mlp_forward(X, params, 0.5, rng)[0], Y)[0]
             for _ in range(1000)]

    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 3.8))
    ax.plot(on, color="tab:orange", linewidth=0.8, label=t["on"])
    ax.plot(off, color="tab:blue", linewidth=1.6, label=t["off"])
    ax.set_xlabel(t["it"])
    ax.set_ylabel(t["cost"])
    ax.set_title(t["left"])
    ax.legend()
    bx.hist(final, bins=40, color="tab:orange", alpha=0.8)
    bx.axvline(off[-1], color="tab:blue", linewidth=2, label=t["off"])
    bx.set_xlabel(t["cost"])
    bx.set_ylabel(t["count"])
    bx.set_title(t["right"])
    bx.legend()
    fig.tight_layout()
    return fig
