"""Figure: time of each from-scratch implementation divided by the built-in's time, forward +
backward (forward alone where there is no backward), on a log scale, read from the committed
results file; the title names the machine and its load during the run."""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.torch import benchmarks as bm

TEXT = {
    "en": {"x": "time / built-in's time (log scale; 1 = as fast as the built-in)",
           "title": "{cpu}, 1 thread, load average {load:.1f}, no GPU",
           "pass": {"forward": "forward", "forward+backward": "fwd+bwd"},
           "vs": {"NumPy": "; / NumPy: no built-in here"}},
    "zh": {"x": "时间 / 内置实现的时间（对数坐标；1 = 与内置实现一样快）",
           "title": "{cpu}，1 个线程，负载均值 {load:.1f}，无 GPU",
           "pass": {"forward": "前向", "forward+backward": "前向+反向"},
           "vs": {"NumPy": "；/ NumPy：此处无内置实现"}},
}


def make(lang):
    text = TEXT[lang]
    data = bm.load_results("benchmarks/results/cpu.json")  # from a clone's root
    rows = {}
    for case, step, impl, _ms, ratio in bm.ratio_rows(data):
        if ratio != 1.0 or impl not in {r["builtin"] for r in data["results"]}:
            rows[(case, impl)] = (step, ratio)  # forward+backward comes last and wins
    base = {r["case"]: r["builtin"] for r in data["results"]}
    labels = [f"{case}: {impl} ({text['pass'][step]}{text['vs'].get(base[case], '')})"
              for (case, impl), (step, _) in rows.items()]
    ratios = np.array([r for _, r in rows.values()])
    fig, ax = plt.subplots(figsize=(8.4, 0.32 * len(labels) + 1.4))
    y = np.arange(len(labels))[::-1]
    ax.barh(y, ratios, color=np.where(ratios > 1, "#e57373", "#64b5f6"), left=0)
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels, fontsize=8)
    for yi, r in zip(y, ratios, strict=True):
        ax.text(r * 1.05, yi, f"{r:.0f}x" if r >= 10 else f"{r:.2g}x", va="center", fontsize=7)
    ax.set_xlim(0.2, ratios.max() * 3)
    ax.set_xlabel(text["x"])
    m = data["machine"]
    ax.set_title(text["title"].format(cpu=m["cpu"], load=m["load_average"][0]), fontsize=9)
    fig.tight_layout()
    return fig
