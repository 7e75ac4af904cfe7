"""Bahdanau attention weights of the trained date translator on three held-out dates.

Precomputed (training takes a minute or two on the CPU):
``python snippets/seq2seq/fig_bahdanau_map.py --train`` rewrites dates_run.json (both models,
one torch thread, seed 0, deterministic); fig_training.py plots the same run.
"""

import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

DATA = Path(__file__).with_name("dates_run.json")
EXAMPLES = ["weekday long", "us numeric", "chinese weekday"]

LABELS = {
    "en": ("source characters", "output characters", "attention weight"),
    "zh": ("输入字符", "输出字符", "注意力权重"),
}


def make(lang):
    run = json.loads(DATA.read_text(encoding="utf-8"))
    xlabel, ylabel, bar = LABELS[lang]
    maps = run["attention"]["maps"]
    widths = [len(m["source"]) for m in maps]
    fig, axes = plt.subplots(1, len(maps), figsize=(10, 3.6),
                             gridspec_kw={"width_ratios": widths})
    for ax, m in zip(axes, maps, strict=True):
        w = np.array(m["weights"])
        image = ax.imshow(w, cmap="viridis", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(len(m["source"])), list(m["source"]), fontsize=8)
        out = list(m["output"]) + ["<eos>"]
        ax.set_yticks(range(len(out)), out[: w.shape[0]], fontsize=8)
        ax.set_xlabel(xlabel)
        ax.set_title(m["source"], fontsize=9)
    axes[0].set_ylabel(ylabel)
    fig.colorbar(image, ax=axes, label=bar, shrink=0.9)
    return fig


def train():
    import datetime as dt
    import time

    import torch

    from dlnotes import data
    from dlnotes.torch import seq2seq as ts

    torch.set_num_threads(1)
    run = {}
    for name, attention in (("attention", True), ("plain", False)):
        start = time.perf_counter()
        model, report = ts.train_dates(attention=attention, seed=0)
        src_vocab, tgt_vocab = report["vocabs"]
        run[name] = {
            "accuracy": report["accuracy"],
            "train_seconds": round(report["seconds"], 1),
            "total_seconds": round(time.perf_counter() - start, 1),
            "losses": [round(x, 5) for x in report["losses"]],
        }
        print(name, run[name]["accuracy"], run[name]["train_seconds"], flush=True)
        if attention:
            maps = []
            date = dt.date.fromisoformat(report["test"][0][1])
            for fmt in EXAMPLES:
                text = data.format_date(date, fmt)
                src, lens, _, _ = ts.encode_pairs([(text, date.isoformat())], src_vocab,
                                                  tgt_vocab)
                tokens, weights = ts.greedy_decode(model.eval(), src, lens)
                output = tgt_vocab.decode(tokens[0].tolist())
                n_out = len(output) + 1  # the characters and <eos>
                maps.append({"source": text, "output": output,
                             "weights": weights[0, :n_out].numpy().round(3).tolist()})
            run[name]["maps"] = maps
    DATA.write_text(json.dumps(run, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--train"]:
    train()
