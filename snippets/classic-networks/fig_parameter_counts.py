"""Parameters (split into convolutional and fully-connected layers) and multiplications of the
classic ImageNet networks, counted from the builders on the meta device."""

import matplotlib.pyplot as plt

from dlnotes.torch import classic_networks as cn
from dlnotes.torch import classic_networks_counting as cnc
from dlnotes.torch import classic_networks_resnet as cnr

NETWORKS = [("AlexNet", cn.alexnet), ("VGG-16", cn.vgg16), ("ResNet-18", cnr.resnet18),
            ("ResNet-34", cnr.resnet34), ("ResNet-50", cnr.resnet50),
            ("DenseNet-121", cn.densenet121)]

LABELS = {
    "en": {"conv": "convolution (and batch-norm) layers", "fc": "fully-connected layers",
           "params": "parameters (millions)",
           "mults": "multiplications per 224x224 image (billions)",
           "title_p": "Where the parameters are", "title_m": "What one image costs"},
    "zh": {"conv": "卷积层（及批归一化层）", "fc": "全连接层", "params": "参数量（百万）",
           "mults": "每张 224x224 图像的乘法次数（十亿）", "title_p": "参数分布在哪里",
           "title_m": "一张图像的计算量"},
}


def make(lang):
    t = LABELS[lang]
    names, fc, other, mults = [], [], [], []
    for name, build in NETWORKS:
        model = cnc.on_meta(build)
        table = cnc.layer_table(model, (1, 3, 224, 224))
        n_fc = sum(r.params for r in table.rows if r.kind == "Linear")
        names.append(name)
        fc.append(n_fc / 1e6)
        other.append((table.total_params - n_fc) / 1e6)
        mults.append(table.total_mults / 1e9)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
    y = range(len(names))
    ax1.barh(y, other, color="#3f51b5", label=t["conv"])
    ax1.barh(y, fc, left=other, color="#ff9800", label=t["fc"])
    for k, (a, b) in enumerate(zip(other, fc, strict=True)):
        ax1.text(a + b + 2, k, f"{a + b:.1f} M", va="center", fontsize=9)
    ax1.set_yticks(list(y), names)
    ax1.invert_yaxis()
    ax1.set_xlabel(t["params"])
    ax1.set_xlim(0, 165)
    ax1.set_title(t["title_p"])
    ax1.legend(loc="lower right", fontsize=8, frameon=False)
    ax2.barh(y, mults, color="#009688")
    for k, m in enumerate(mults):
        ax2.text(m + 0.2, k, f"{m:.2f} G", va="center", fontsize=9)
    ax2.set_xlabel(t["mults"])
    ax2.set_xlim(0, 18.5)
    ax2.set_title(t["title_m"])
    fig.tight_layout()
    return fig
