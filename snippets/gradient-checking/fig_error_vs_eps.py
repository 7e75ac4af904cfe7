import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import gradient_checking as gc

LABELS = {
    "en": {"x": "step ε", "y": "relative error", "two": "two-sided difference",
           "one": "one-sided difference", "ok": "right (~1e-7)", "look": "look closer (~1e-5)",
           "bug": "a bug (~1e-3)", "title": "Gradient check of a correct backward pass"},
    "zh": {"x": "步长 ε", "y": "相对误差", "two": "双边差分", "one": "单边差分",
           "ok": "正确（约 1e-7）", "look": "需细查（约 1e-5）", "bug": "有错误（约 1e-3）",
           "title": "对正确反向传播做梯度检验"},
}


def errors(eps_values):
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(4, 7)), (rng.random((1, 7)) < 0.5).astype(float)
    params = gc.init_two_layer(4, 5, seed=2)
    _, cache = gc.two_layer_cost(params, X, Y)
    exact = gc.two_layer_backward(params, cache, Y)

    def J():
        return gc.two_layer_cost(params, X, Y)[0]

    two, one = [], []
    for eps in eps_values:
        two.append(gc.grad_check(J, params, exact, eps=eps).overall)
        j0, approx = J(), {}
        for name, p in params.items():
            g = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + eps
                g[idx] = (J() - j0) / eps
                p[idx] = old
            approx[name] = g
        one.append(gc.compare(approx, exact).overall)
    return np.array(two), np.array(one)


def make(lang):
    t = LABELS[lang]
    eps = np.logspace(-1, -12, 23)
    two, one = errors(eps)
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.axhspan(1e-16, 1e-6, color="tab:green", alpha=0.12, label=t["ok"])
    ax.axhspan(1e-6, 1e-4, color="tab:orange", alpha=0.12, label=t["look"])
    ax.axhspan(1e-4, 1e0, color="tab:red", alpha=0.10, label=t["bug"])
    ax.loglog(eps, two, "o-", color="tab:blue", label=t["two"])
    ax.loglog(eps, one, "s--", color="tab:gray", label=t["one"])
    ax.axvline(1e-7, color="k", lw=0.8, ls=":")
    ax.set_ylim(1e-12, 1)
    ax.invert_xaxis()
    ax.set_xlabel(t["x"])
    ax.set_ylabel(t["y"])
    ax.set_title(t["title"])
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5))
    return fig
