"""Cross-attention of the trained dates Transformer: which source characters each output
character looks at (the last decoder block, averaged over the heads).

Precomputed (training takes a minute or two): ``python snippets/transformer/fig_cross_attention.py
--train`` retrains with ``train_dates()``'s defaults and rewrites cross_attention.json; the slow
test in tests/test_transformer.py checks the accuracy claim independently.
"""

import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt

DATA = Path(__file__).with_name("cross_attention.json")
N_TRAIN = 16000  # train_dates' default
EXAMPLES = ["Tuesday, 3 March 1998", "1998年3月3日 星期二"]

LABELS = {
    "en": ("source characters", "output characters", "attention weight"),
    "zh": ("输入字符", "输出字符", "注意力权重"),
}


def train():
    import time

    import torch

    from dlnotes.data import random_dates
    from dlnotes.torch import transformer_experiment as ttx

    start = time.perf_counter()
    model, vocab, history = ttx.train_dates(n_train=N_TRAIN)
    seconds = time.perf_counter() - start
    seen = {iso for _, iso in random_dates(N_TRAIN, seed=0)}
    held_out = [p for p in random_dates(5000, seed=2024) if p[1] not in seen][:2000]
    acc = ttx.exact_match(model, vocab, held_out, src_len=32)
    model.eval()
    examples = []
    with torch.no_grad():
        src, _, _ = ttx.encode_dates([(s, "1998-03-03") for s in EXAMPLES], vocab, 32)
        out = model.greedy(src, 11)
        tgt_in = torch.cat([torch.ones(len(EXAMPLES), 1, dtype=torch.long), out[:, :-1]], 1)
        memory, pad = model.encode(src)
        y = model._embed(model.tgt_embed, tgt_in)
        for block in model.decoder:
            a, _ = block.self_attention(y, causal=True)
            z = block.norm1(y + a)
            _, w = block.cross_attention(z, memory, memory, key_padding_mask=pad,
                                         need_weights=True, fast=False)
            y = block(y, memory, memory_key_padding_mask=pad)
        for i, text in enumerate(EXAMPLES):
            decoded = vocab.decode(out[i].tolist())
            weights = w[i].mean(0)[: len(decoded) + 1, : len(text)]  # + the <eos> row
            examples.append({"source": text, "output": decoded,
                             "weights": [[round(float(v), 4) for v in row] for row in weights]})
    _write({"accuracy": acc, "seconds": round(seconds, 1), "history": history,
            "examples": examples})
    print(f"exact match {acc:.4f}, training {seconds:.1f} s")


def _write(data):
    """One line per history entry and per row of weights: a readable, diffable file."""
    lines = [json.dumps({k: v for k, v in data.items() if k not in ("history", "examples")},
                        ensure_ascii=False)[:-1] + ',\n "history": [']
    lines += [f"  {json.dumps(h)}," for h in data["history"]]
    lines[-1] = lines[-1][:-1] + "],"
    lines.append(' "examples": [')
    for i, ex in enumerate(data["examples"]):
        head = json.dumps({"source": ex["source"], "output": ex["output"]}, ensure_ascii=False)
        lines.append(f"  {head[:-1]}, \"weights\": [")
        lines += [f"   {json.dumps(row)}," for row in ex["weights"]]
        lines[-1] = lines[-1][:-1] + "]}" + ("," if i < len(data["examples"]) - 1 else "")
    lines.append(" ]}")
    DATA.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make(lang):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    xlabel, ylabel, cbar = LABELS[lang]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), width_ratios=[21, 15])
    for ax, ex in zip(axes, data["examples"], strict=True):
        im = ax.imshow(ex["weights"], cmap="viridis", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(len(ex["source"])), list(ex["source"]), fontsize=8)
        ax.set_yticks(range(len(ex["output"]) + 1), list(ex["output"]) + ["<eos>"],
                      fontsize=8)
        ax.set_xlabel(xlabel)
        ax.set_title(f"{ex['source']} → {ex['output']}", fontsize=9)
    axes[0].set_ylabel(ylabel)
    fig.colorbar(im, ax=axes, label=cbar, shrink=0.9)
    return fig


if __name__ == "__main__" and "--train" in sys.argv:
    train()
