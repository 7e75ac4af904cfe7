"""Loss curve of the character-level language model on the shipped names.

The curve is precomputed (training takes 10-30 s):
``python snippets/rnn/fig_lm_loss.py --train`` retrains and rewrites lm_curve.json, and a slow
test checks that training still gives it. Run as a plain script it only draws the figure.
"""

import json
import math
import sys
from pathlib import Path

import matplotlib.pyplot as plt

DATA = Path(__file__).with_name("lm_curve.json")
CONFIG = {"n_a": 32, "steps": 20000, "lr": 0.01, "clip": 5.0, "seed": 0, "log_every": 500}

LABELS = {
    "en": ("training step (one name per step)", "cross-entropy per character (nats)",
           "uniform guess, ln 26", "character-level RNN on 195 names"),
    "zh": ("训练步数（每步一个名字）", "每个字符的交叉熵（奈特）",
           "均匀猜测，ln 26", "在 195 个名字上训练的字符级 RNN"),
}


def make(lang):
    data = json.loads(DATA.read_text())
    xlabel, ylabel, uniform, title = LABELS[lang]
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.plot(data["step"], data["loss"], marker="o", markersize=3)
    ax.axhline(math.log(26), color="gray", linestyle="--", label=uniform)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title, ylim=(0, 3.6))
    ax.legend()
    return fig


if __name__ == "__main__" and sys.argv[1:] == ["--train"]:
    from dlnotes.numpy import rnn_experiment

    _, _, curve = rnn_experiment.train_char_lm(rnn_experiment.NAMES, **CONFIG)
    DATA.write_text(json.dumps({"config": CONFIG, "step": [s for s, _ in curve],
                                "loss": [round(v, 10) for _, v in curve]}, indent=1) + "\n")
    print(f"final loss {curve[-1][1]:.3f}")
