import matplotlib.pyplot as plt

from dlnotes.torch import style_transfer as tst

TEXT = {
    "en": ("content image C", "style image S", "generated image G",
           "cost during the optimization", "step"),
    "zh": ("内容图像 C", "风格图像 S", "生成图像 G", "优化过程中的代价", "步数"),
}


def make(lang):
    t = TEXT[lang]
    r = tst.demo()
    fig, axes = plt.subplots(1, 4, figsize=(12, 3.2),
                             width_ratios=[1, 1, 1, 1.3])
    for ax, key, title in zip(axes, ("content", "style", "generated"), t,
                              strict=False):
        ax.imshow(r[key])
        ax.set_title(title, fontsize=10)
        ax.axis("off")
    J, Jc, Js = zip(*r["costs"], strict=True)
    ax = axes[3]
    ax.semilogy(J, label="J")
    ax.semilogy([r["alpha"] * c for c in Jc], label="α J_content")
    ax.semilogy([r["beta"] * s for s in Js], label="β J_style")
    ax.set_title(t[3], fontsize=10)
    ax.set_xlabel(t[4])
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
