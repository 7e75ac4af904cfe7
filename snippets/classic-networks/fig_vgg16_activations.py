"""VGG-16 layer by layer: the activation size shrinks while the parameters pile up at the end."""

import matplotlib.pyplot as plt

from dlnotes.torch import classic_networks as cn
from dlnotes.torch import classic_networks_counting as cnc

LABELS = {
    "en": {"size": "activation size (values per image)", "params": "parameters of the layer",
           "x": "layer (conv, max-pool, FC) in order", "title": "VGG-16 on a 224x224x3 image"},
    "zh": {"size": "激活值大小（每张图像）", "params": "该层参数量",
           "x": "按顺序排列的层（卷积、最大池化、全连接）",
           "title": "VGG-16 处理一张 224x224x3 图像"},
}


def make(lang):
    t = LABELS[lang]
    table = cnc.layer_table(cnc.on_meta(cn.vgg16), (1, 3, 224, 224))
    rows = [r for r in table.rows if r.kind in ("", "Conv2d", "MaxPool2d", "Linear")]
    short = {"": "in", "Conv2d": "C", "MaxPool2d": "P", "Linear": "FC"}
    x = range(len(rows))
    fig, ax = plt.subplots(figsize=(9, 3.6))
    ax.plot(x, [r.size for r in rows], "o-", color="#3f51b5", label=t["size"])
    ax.bar(x, [r.params if r.params else float("nan") for r in rows], color="#ff9800",
           alpha=0.6, label=t["params"])
    ax.set_yscale("log")
    ax.set_ylim(5e2, 5e8)
    ax.set_xticks(list(x), [short[r.kind] for r in rows], fontsize=8)
    ax.set_xlabel(t["x"])
    ax.set_title(t["title"])
    ax.legend(loc="upper center", fontsize=9, frameon=False, ncol=2)
    fig.tight_layout()
    return fig
