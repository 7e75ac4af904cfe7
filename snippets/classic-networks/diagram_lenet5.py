"""LeNet-5 as a strip of layers with the activation shape after each, read from the package's
model (dlnotes.torch.classic_networks.lenet5) and a real forward pass of one 32x32 image."""

import torch
from torch import nn

from dlnotes.torch import classic_networks
from site_tools.diagrams import BLUE, GREEN, PURPLE, VERMILLION, Diagram


def describe(module: nn.Module, lang: str) -> tuple[str, str]:
    """A layer's title and the colour of its box."""
    zh = lang == "zh"
    if isinstance(module, nn.Conv2d):
        k = "×".join(map(str, module.kernel_size))
        return f"{'卷积' if zh else 'conv'} {k}, {module.out_channels}", BLUE
    if isinstance(module, nn.AvgPool2d | nn.MaxPool2d):
        kind = ("平均池化" if zh else "avg pool") if isinstance(module, nn.AvgPool2d) else (
            "最大池化" if zh else "max pool")
        return f"{kind} {module.kernel_size}", GREEN
    if isinstance(module, nn.Flatten):
        return ("展平" if zh else "flatten"), PURPLE
    if isinstance(module, nn.Linear):
        return f"{'全连接' if zh else 'FC'} {module.out_features}", VERMILLION
    return type(module).__name__.lower(), PURPLE


def layers(lang: str):
    """``(title, shape, colour, activation)`` per layer; an activation function is folded into
    the layer before it."""
    model = classic_networks.lenet5()
    x = torch.zeros(1, 1, 32, 32)
    rows = [("输入" if lang == "zh" else "input", tuple(x.shape[1:]), "#6e6e6e", "")]
    with torch.no_grad():
        for module in model:
            x = module(x)
            if isinstance(module, nn.Tanh | nn.Sigmoid | nn.ReLU):
                title, _, colour, _ = rows[-1]
                rows[-1] = (title, tuple(x.shape[1:]), colour, type(module).__name__.lower())
            else:
                rows.append((*describe(module, lang)[:1], tuple(x.shape[1:]),
                             describe(module, lang)[1], ""))
    return rows


def make(lang: str):
    rows = layers(lang)
    d = Diagram(9.0, 0.62, lang)
    boxes = d.strip([(title, ", ".join(filter(None, (act, "×".join(map(str, shape))))))
                     for title, shape, _, act in rows],
                    x0=0.03, y=0.31, gap=0.16, colours=[c for _, _, c, _ in rows])
    d.resize(width=boxes[-1].right[0] + 0.03)
    return d.done()
