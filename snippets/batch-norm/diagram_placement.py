"""Where batch norm sits in a layer: after the linear step and before the activation. The
shapes are those of a real call of dlnotes.numpy.batch_norm.batchnorm_forward on a mini-batch
of m = 8 examples of a layer with n = 4 units (examples as columns)."""

import numpy as np

from dlnotes.numpy import batch_norm
from site_tools.diagrams import BLUE, GREEN, INK, VERMILLION, Diagram, term

N, M = 4, 8


def shapes():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(N, M))
    gamma, beta = np.ones((N, 1)), np.zeros((N, 1))
    z_tilde, _ = batch_norm.batchnorm_forward(z, gamma, beta)
    return z.shape, gamma.shape, z_tilde.shape


def fmt(shape) -> str:
    return "×".join(map(str, shape))


def make(lang: str):
    z, g, zt = shapes()
    d = Diagram(7.4, 1.25, lang)
    steps = [
        (r"$a^{[l-1]}$", d.t("input", "输入"), INK),
        (r"$z = W a^{[l-1]}$", d.t(f"{fmt(z)}, no bias", f"{fmt(z)}，无偏置"), BLUE),
        (r"$\hat z = (z-\mu)/\sqrt{\sigma^2+\varepsilon}$",
         d.t("μ, σ² over the mini-batch", "μ、σ² 在小批量上计算"), VERMILLION),
        (r"$\tilde z = \gamma \hat z + \beta$", d.t(f"γ, β: {fmt(g)}", f"γ、β：{fmt(g)}"),
         VERMILLION),
        (r"$a^{[l]} = g(\tilde z)$", d.t(f"activation, {fmt(zt)}", f"激活函数，{fmt(zt)}"),
         GREEN),
    ]
    boxes = d.strip([(t, s) for t, s, _ in steps], x0=0.05, y=0.6, gap=0.25, h=0.55,
                    colours=[c for _, _, c in steps], size=8)
    d.bracket(boxes[2].left[0], boxes[3].right[0], 1.05, term("batch-norm", "batch normalization",
                                                              lang), below=False,
              colour=VERMILLION)
    d.resize(width=boxes[-1].right[0] + 0.05)
    return d.done()
