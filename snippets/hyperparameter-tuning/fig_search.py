import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import hyperparameter_tuning as ht

LABELS = {
    "en": {"grid": "grid 3×3", "random": "random, 9 trials", "alpha": "learning rate α (log)",
           "lam": "L2 strength λ (log)", "ta": "(a) 9 trials, 2 hyperparameters",
           "tb": "(b) coarse to fine on the digits", "loss": "dev cross-entropy",
           "r1": "round 1 (coarse)", "r2": "round 2 (fine)", "zoom": "fine range of α"},
    "zh": {"grid": "网格 3×3", "random": "随机，9 次试验", "alpha": "学习率 α（对数）",
           "lam": "L2 强度 λ（对数）", "ta": "(a) 9 次试验，2 个超参数",
           "tb": "(b) 在手写数字上由粗到细", "loss": "开发集交叉熵",
           "r1": "第 1 轮（粗）", "r2": "第 2 轮（细）", "zoom": "α 的精细范围"},
}


def make(lang):
    t = LABELS[lang]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    alpha, lam = ht.Param(1e-4, 1.0, "log"), ht.Param(1e-4, 10.0, "log")
    g_a, g_l = np.meshgrid(alpha.grid(3), lam.grid(3))
    rng = np.random.default_rng(0)
    r_a, r_l = alpha.sample(rng, 9), lam.sample(rng, 9)
    ax1.scatter(g_a, g_l, marker="s", s=50, color="tab:blue", label=t["grid"])
    ax1.scatter(r_a, r_l, marker="o", s=40, color="tab:orange", label=t["random"])
    ax1.plot(alpha.grid(3), np.full(3, 2.5e-5), "|", ms=14, color="tab:blue")
    ax1.plot(r_a, np.full(9, 1.3e-5), "|", ms=14, color="tab:orange")
    ax1.set_xscale("log")
    ax1.set_yscale("log")
    ax1.set_ylim(8e-6, 30)
    ax1.set_xlabel(t["alpha"])
    ax1.set_ylabel(t["lam"])
    ax1.set_title(t["ta"])
    ax1.legend(fontsize=8, loc="upper left")

    data = ht.load_digits_split(seed=0)
    objective = ht.digits_objective(data, epochs=5)
    space = {"alpha": ht.Param(1e-3, 100.0, "log"),
             "beta": ht.Param(0.5, 0.999, "one_minus_log"),
             "lam": ht.Param(1e-4, 10.0, "log")}
    trials = ht.coarse_to_fine(objective, space, n_trials=12, rounds=2, width=0.25, seed=0)
    first_best = min((tr for tr in trials if tr.round == 0), key=lambda tr: tr.loss)
    fine = space["alpha"].zoom(first_best.params["alpha"], 0.25)
    ax2.axvspan(fine.low, fine.high, color="tab:orange", alpha=0.12, label=t["zoom"])
    for r, color, marker in ((0, "tab:gray", "o"), (1, "tab:orange", "^")):
        pts = [(tr.params["alpha"], tr.loss) for tr in trials
               if tr.round == r and np.isfinite(tr.loss)]
        ax2.scatter(*zip(*pts, strict=True), color=color, marker=marker, s=30,
                    label=t["r1" if r == 0 else "r2"])
    ax2.set_xscale("log")
    ax2.set_yscale("log")
    ax2.set_xlabel(t["alpha"])
    ax2.set_ylabel(t["loss"])
    ax2.set_title(t["tb"])
    ax2.legend(fontsize=8)
    fig.tight_layout()
    return fig
