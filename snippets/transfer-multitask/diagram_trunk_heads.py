"""Left: transfer learning, the trunk of a DigitsCNN trained on digits 0-4 kept frozen and a
new head learned for digits 5-9. Right: multi-task learning, one shared trunk with one logit per
task, and labels with missing entries (?) that the loss masks out. The trunk's layers and the
head widths come from dlnotes.torch.transfer_multitask (DigitsCNN, MultiTaskNet), the labels
from a real call of task_labels."""

import torch
from torch import nn

from dlnotes.torch import transfer_multitask as tm
from site_tools.diagrams import BLUE, GREEN, INK, PURPLE, VERMILLION, Diagram

SHORT = {"Conv2d": "conv", "MaxPool2d": "pool"}


def trunk_text(model) -> str:
    return " · ".join(SHORT.get(type(m).__name__, "")
                      for m in model.features if not isinstance(m, nn.ReLU | nn.Flatten))


def make(lang: str):
    source = tm.DigitsCNN(5)
    tasks = tm.MultiTaskNet(3)
    labels = tm.task_labels(torch.arange(4), missing=0.3, seed=0)
    d = Diagram(6.9, 2.3, lang)
    # transfer
    d.text(1.55, 2.15, d.t("transfer learning", "迁移学习"), weight="bold")
    trunk = d.box(1.0, 1.2, d.t("trunk (frozen)", "主干（冻结）"), sub=trunk_text(source),
                  w=1.55, colour=INK, dashed=True, fill=0.05)
    old = d.box(2.45, 1.65, d.t("old head", "旧输出层"),
                sub=f"{source.head.in_features}→{source.head.out_features}", w=0.9,
                colour=INK, dashed=True, fill=0)
    new = d.box(2.45, 0.75, d.t("new head", "新输出层"),
                sub=f"{source.head.in_features}→{tm.DigitsCNN(5).head.out_features}", w=0.9,
                colour=VERMILLION)
    d.arrow(trunk.right, old.left, dashed=True)
    d.arrow(trunk.right, new.left, colour=VERMILLION)
    d.text(2.45, 0.3, d.t("only this is trained", "只训练这一层"), size=7.5, colour=VERMILLION)
    # multi-task
    x0 = 3.75
    d.text(x0 + 1.45, 2.15, d.t("multi-task learning", "多任务学习"), weight="bold")
    shared = d.box(x0 + 0.75, 1.2, d.t("shared trunk", "共享主干"), sub=trunk_text(tasks.trunk),
                   w=1.55, colour=BLUE)
    n = tasks.trunk.head.out_features
    colours = (GREEN, PURPLE, VERMILLION)
    for t in range(n):
        y = 1.7 - 0.5 * t
        head = d.box(x0 + 2.05, y, f"{d.t('task', '任务')} {t + 1}", w=0.7, h=0.28,
                     colour=colours[t % 3], size=7.5)
        d.arrow(shared.right, head.left)
        row = " ".join("?" if torch.isnan(v) else f"{int(v)}" for v in labels[:, t])
        d.text(head.right[0] + 0.1, y, row, ha="left", size=8, colour=colours[t % 3])
    d.text(x0 + 1.55, 0.2, d.t("labels of 4 examples; ? = missing, masked in the loss",
                               "4 个样本的标签；? 表示缺失，在损失中被掩蔽"), size=7)
    return d.done()
