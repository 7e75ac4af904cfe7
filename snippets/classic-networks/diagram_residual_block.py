"""The residual (basic) block of dlnotes.torch.classic_networks_resnet.BasicBlock: the main path is
its modules in the order forward() calls them, recorded by hooks during a real forward pass of
one 64x8x8 activation, with the shape after each; the skip connection is added before the
last ReLU."""

import torch

from dlnotes.torch import classic_networks_resnet
from site_tools.diagrams import BLUE, GREEN, PURPLE, VERMILLION, Diagram, term

SHAPE = (1, 64, 8, 8)


def calls():
    block = classic_networks_resnet.BasicBlock(64, 64).eval()
    seen = []
    hooks = [m.register_forward_hook(lambda m, i, o, name=name: seen.append((name, m, o.shape)))
             for name, m in block.named_children()]
    with torch.no_grad():
        block(torch.randn(SHAPE))
    for h in hooks:
        h.remove()
    return seen, block.downsample


def title(module) -> tuple[str, str]:
    if isinstance(module, torch.nn.Conv2d):
        return f"conv {module.kernel_size[0]}×{module.kernel_size[1]}, {module.out_channels}", BLUE
    if isinstance(module, torch.nn.BatchNorm2d):
        return "batch norm", GREEN
    return type(module).__name__, PURPLE


def make(lang: str):
    seen, downsample = calls()
    d = Diagram(7.4, 1.35, lang)
    y = 0.45
    d.text(0.3, y, r"$a^{[l]}$", size=10)
    x, prev = 0.55, (0.5, y)
    for _name, module, shape in seen[:-1]:  # the last call is the ReLU after the addition
        label, colour = title(module)
        label = {"batch norm": d.t("batch norm", "批归一化")}.get(label, label)
        w = 1.0
        b = d.box(x + w / 2, y, label, sub="×".join(map(str, shape[1:])), w=w, colour=colour,
                  size=7.5)
        d.arrow(prev, b.left)
        prev, x = b.right, x + w + 0.18
    add = d.circle(x + 0.1, y, "+", colour=VERMILLION)
    d.arrow(prev, add.left)
    last = seen[-1][1]
    relu = d.box(add.x + 0.65, y, title(last)[0], w=0.7, colour=PURPLE, size=7.5)
    d.arrow(add.right, relu.left)
    d.arrow(relu.right, (relu.right[0] + 0.3, y))
    d.text(relu.right[0] + 0.35, y, r"$a^{[l+2]}$", size=10, ha="left")
    d.resize(width=relu.right[0] + 0.85)
    d.line([(0.5, y), (0.5, 1.1), (add.x, 1.1)], colour=VERMILLION, lw=1.4)
    d.arrow((add.x, 1.1), add.top, colour=VERMILLION, lw=1.4)
    kind = d.t("identity", "恒等映射") if downsample is None else d.t("1×1 conv", "1×1 卷积")
    d.text((0.5 + add.x) / 2, 1.22, f"{term('classic-networks', 'skip connection', lang)} ({kind})",
           colour=VERMILLION, size=7.5)
    return d.done()
