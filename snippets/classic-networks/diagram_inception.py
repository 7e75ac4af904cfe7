"""The Inception module (GoogLeNet's 3a: 192 input channels) as
dlnotes.torch.classic_networks.InceptionModule builds it: its four branches are the module's
children, their layers and output shapes recorded in a real forward pass of one 192x28x28
activation; the 1x1 convolutions in front of the 3x3 and 5x5 ones are the bottlenecks."""

import torch
from torch import nn

from dlnotes.torch import classic_networks
from site_tools.diagrams import (
    BLUE,
    GREEN,
    INK,
    PURPLE,
    VERMILLION,
    Diagram,
    term,
)

SHAPE = (1, 192, 28, 28)


def branches():
    module = classic_networks.InceptionModule(192, 64, 96, 128, 16, 32, 32).eval()
    x = torch.zeros(SHAPE)
    rows = []
    with torch.no_grad():
        for branch in module.children():
            h, layers = x, []
            for layer in branch:
                h = layer(h)
                if not isinstance(layer, nn.ReLU):
                    layers.append((layer, tuple(h.shape[1:])))
            rows.append(layers)
        out = module(x)
    return rows, tuple(out.shape[1:])


def label(layer, lang) -> tuple[str, str]:
    if isinstance(layer, nn.Conv2d):
        k = layer.kernel_size[0]
        return f"conv {k}×{k}", (VERMILLION if k == 1 else BLUE)
    return f"{'最大池化' if lang == 'zh' else 'max pool'} {layer.kernel_size}×{layer.kernel_size}", GREEN


def make(lang: str):
    rows, out = branches()
    d = Diagram(6.6, 2.7, lang)
    inp = d.box(0.55, 1.45, d.t("input", "输入"), sub="×".join(map(str, SHAPE[1:])), w=0.9,
                colour=INK)
    concat = d.box(5.3, 1.45, d.t("concat", "拼接"), sub="×".join(map(str, out)), w=0.95,
                   colour=PURPLE)
    for i, layers in enumerate(rows):
        y = 2.4 - 0.63 * i
        x, prev = 1.45, inp.right
        for layer, shape in layers:
            title, colour = label(layer, lang)
            b = d.box(x + 0.6, y, title, sub="×".join(map(str, shape)), w=1.2, colour=colour,
                      size=7.5)
            d.arrow(prev, b.left, lw=0.8)
            prev, x = b.right, x + 1.45
        d.arrow(prev, concat.left, lw=0.8)
    d.text(6.5, 0.08, d.t(f"orange: 1×1 convolutions ({term('classic-networks', 'bottleneck layer', lang)})",
                         f"橙色：1×1 卷积（{term('classic-networks', 'bottleneck layer', lang)}）"),
           size=7.5, colour=VERMILLION, ha="right")
    return d.done()
