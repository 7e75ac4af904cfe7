"""Which layers of VGG-19 give the costs in Gatys et al.'s method: the content cost at conv4_2,
the style cost (Gram matrices) at the first convolution of each stage. The stages and their
convolutions are read from dlnotes.torch.style_transfer.VGG19_LAYERS; the choice of layers is
the paper's."""

import re

from dlnotes.torch import style_transfer
from site_tools.diagrams import BLUE, INK, VERMILLION, Diagram

CONTENT = "conv4_2"
STYLE = ("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1")


def stages() -> list[list[str]]:
    convs = [n for n in style_transfer.VGG19_LAYERS if n.startswith("conv")]
    out = {}
    for name in convs:
        out.setdefault(int(re.match(r"conv(\d+)_", name)[1]), []).append(name)
    return [out[k] for k in sorted(out)]


def make(lang: str):
    d = Diagram(7.3, 1.55, lang)
    x = 0.1
    for s, convs in enumerate(stages()):
        for name in convs:
            colour = VERMILLION if name == CONTENT else (BLUE if name in STYLE else INK)
            on = colour != INK
            d.box(x + 0.17, 0.75, name.removeprefix("conv"), w=0.34, h=0.36, colour=colour,
                  fill=0.25 if on else 0.05, size=7, lw=1.4 if on else 0.8)
            x += 0.37
        d.text(x - 0.37 * len(convs) / 2, 0.4, d.t(f"stage {s + 1}", f"第 {s + 1} 段"), size=7)
        if s < 4:
            d.text(x + 0.12, 0.75, "pool", size=6)
            x += 0.34
    d.text(0.1, 1.35, d.t(f"blue: style cost (Gram matrices) at {', '.join(STYLE)}",
                          f"蓝色：风格代价（Gram 矩阵），取自 {', '.join(STYLE)}"),
           ha="left", size=7.5, colour=BLUE)
    d.text(0.1, 1.13, d.t(f"orange: content cost at {CONTENT}", f"橙色：内容代价，取自 {CONTENT}"),
           ha="left", size=7.5, colour=VERMILLION)
    d.resize(width=x + 0.1)
    d.text(x, 0.12, d.t("VGG-19 convolutions, conv<stage>_<k>",
                          "VGG-19 的卷积层，conv<段>_<序号>"), ha="right", size=7)
    return d.done()
