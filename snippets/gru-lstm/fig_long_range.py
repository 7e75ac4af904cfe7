"""Accuracy on the remember-the-first-token task against the distance, RNN vs LSTM.

Precomputed (training takes minutes): ``python snippets/gru-lstm/fig_long_range.py --train``
rewrites long_range.json; a slow test retrains the longest distance and checks the claim.
"""

import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt

DATA = Path(__file__).with_name("long_range.json")
DISTANCES = [5, 10, 20, 30, 40, 60]
SEEDS = [0, 1, 2]

LABELS = {
    "en": ("distance from the first token to the answer (steps)", "test accuracy",
           "plain RNN (tanh)", "LSTM", "chance (4 classes)", "mean of 3 seeds; dots: each run"),
    "zh": ("第一个词元到作答处的距离（步）", "测试准确率", "普通 RNN（tanh）", "LSTM",
           "随机猜测（4 类）", "3 个随机种子的平均；圆点为单次运行"),
}


def make(lang):
    data = json.loads(DATA.read_text())
    xlabel, ylabel, rnn_label, lstm_label, chance, title = LABELS[lang]
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for kind, label, color in (("rnn", rnn_label, "C1"), ("lstm", lstm_label, "C0")):
        runs = data[kind]  # one list of accuracies per distance
        means = [sum(r) / len(r) for r in runs]
        ax.plot(data["distance"], means, marker="o", color=color, label=label)
        for d, r in zip(data["distance"], runs, strict=True):
            ax.scatter([d] * len(r), r, color=color, s=10, alpha=0.4)
    ax.axhline(0.25, color="gray", linestyle="--", label=chance)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title, ylim=(0, 1.05))
    ax.legend(loc="lower left")
    return fig


if __name__ == "__main__" and sys.argv[1:] == ["--train"]:
    import torch

    from dlnotes.torch.gru_lstm import train_long_range

    torch.set_num_threads(1)
    out = {"distance": DISTANCES, "seeds": SEEDS}
    for kind in ("rnn", "lstm"):
        out[kind] = [[round(train_long_range(kind, d, seed=s), 4) for s in SEEDS]
                     for d in DISTANCES]
        print(kind, out[kind], flush=True)
    DATA.write_text(json.dumps(out, indent=1) + "\n")
