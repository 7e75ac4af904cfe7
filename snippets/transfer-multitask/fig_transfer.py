import matplotlib.pyplot as plt

from dlnotes.torch import transfer_multitask as tm
from dlnotes.torch import transfer_multitask_experiment as tme

TEXT = {
    "en": {"frozen features": "frozen features + new head", "fine-tune all": "fine-tune all",
           "from scratch": "from scratch", "x": "labelled examples per class (digits 5-9)",
           "y": "test accuracy"},
    "zh": {"frozen features": "冻结特征 + 新输出层", "fine-tune all": "微调全部参数",
           "from scratch": "从头训练", "x": "每类有标签样本数（数字 5-9）", "y": "测试准确率"},
}


def make(lang):
    r = tme.PRECOMPUTED["transfer"]
    t = TEXT[lang]
    fig, ax = plt.subplots(figsize=(5.5, 3.5))
    for s, marker in zip(tm.STRATEGIES, "os^", strict=True):
        ax.plot(r["n"], r[s], marker=marker, label=t[s])
    ax.set_xscale("log")
    ax.set_xticks(r["n"], [str(n) for n in r["n"]])
    ax.minorticks_off()
    ax.set_xlabel(t["x"])
    ax.set_ylabel(t["y"])
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig
