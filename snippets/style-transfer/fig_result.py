"""The content image, the style image, the generated image and the cost of the page's run.

The generated image comes out of 150 Adam steps in float32, whose last bits differ from one
machine to another, so the figure is drawn from result.json:
``python snippets/style-transfer/fig_result.py --train`` reruns ``demo()`` and rewrites it (the
generated pixels as 0-255 levels, the costs rounded); a test checks that a fresh run still
lowers the costs as the page says. Run as a plain script it only draws the figure.
"""

import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.numpy import style_transfer as nst

DATA = Path(__file__).with_name("result.json")
TEXT = {
    "en": ("content image C", "style image S", "generated image G",
           "cost during the optimization", "step"),
    "zh": ("内容图像 C", "风格图像 S", "生成图像 G", "优化过程中的代价", "步数"),
}


def make(lang):
    t = TEXT[lang]
    data = json.loads(DATA.read_text())
    size = data["size"]
    generated = np.array(data["generated"], dtype=np.uint8).reshape(size, size, 3)
    images = (nst.content_image(size), nst.style_image(size), generated)
    fig, axes = plt.subplots(1, 4, figsize=(12, 3.2), width_ratios=[1, 1, 1, 1.3])
    for ax, image, title in zip(axes, images, t, strict=False):
        ax.imshow(image, interpolation="nearest")
        ax.set_title(title, fontsize=10)
        ax.axis("off")
    ax = axes[3]
    J, Jc, Js = (np.array(v) for v in zip(*data["costs"], strict=True))
    ax.semilogy(J, label="J")
    ax.semilogy(data["alpha"] * Jc, label="α J_content")
    ax.semilogy(data["beta"] * Js, label="β J_style")
    ax.set_title(t[3], fontsize=10)
    ax.set_xlabel(t[4])
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


if __name__ == "__main__" and sys.argv[1:] == ["--train"]:
    from dlnotes.torch import style_transfer as tst

    r = tst.demo()
    levels = np.rint(r["generated"] * 255).astype(int)
    DATA.write_text(json.dumps({
        "size": len(levels), "alpha": r["alpha"], "beta": r["beta"],
        "costs": [[float(f"{v:.4g}") for v in c] for c in r["costs"]],
        "generated": levels.ravel().tolist()}, separators=(",", ":")) + "\n")
    J = [c[0] for c in r["costs"]]
    print(f"J {J[0]:.4g} -> {J[-1]:.4g}")
