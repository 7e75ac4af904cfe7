"""2-D PCA projections of skip-gram vectors (negative sampling, NumPy) trained on the
templated corpus: countries and capitals, male and female words, singular and plural nouns.

The projections are precomputed (training takes several seconds):
``python snippets/word-embeddings/fig_projection.py --train`` retrains and rewrites
projection.json, and a slow test checks that training still gives it. Run as a plain script
it only draws the figure.
"""

import json
import sys
import time
from pathlib import Path

import matplotlib.pyplot as plt

DATA = Path(__file__).with_name("projection.json")
CONFIG = {"n_sentences": 4000,
          "train": {"method": "negative", "n_e": 16, "window": 3, "k": 5, "epochs": 10,
                    "lr": 0.01, "batch_size": 256, "seed": 0}}

#: the words of the cosine-similarity figure (fig_similarity.py)
SIMILARITY_WORDS = ["paris", "tokyo", "rome", "france", "japan", "italy", "king", "queen",
                    "boy", "girl", "man", "woman", "cat", "cats", "dog", "dogs"]

TITLES = {
    "en": ("country → capital", "male → female", "singular → plural"),
    "zh": ("国家 → 首都", "男性 → 女性", "单数 → 复数"),
}
AXES = {"en": ("first principal component", "second principal component"),
        "zh": ("第一主成分", "第二主成分")}


def make(lang):
    data = json.loads(DATA.read_text())
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.8))
    for ax, group, title in zip(axes, data["groups"], TITLES[lang], strict=True):
        pos = dict(zip(group["words"], group["xy"], strict=True))
        for a, b in group["pairs"]:
            (x0, y0), (x1, y1) = pos[a], pos[b]
            ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                        arrowprops={"arrowstyle": "->", "color": "0.6", "lw": 1})
        for i, (a, b) in enumerate(group["pairs"]):
            for w, marker in ((a, "o"), (b, "s")):
                x, y = pos[w]
                ax.plot(x, y, marker, color=f"C{i % 10}", markersize=5)
                ax.annotate(w, (x, y), textcoords="offset points", xytext=(3, 3), fontsize=8)
        ax.set_title(title)
        ax.set_xlabel(AXES[lang][0])
        ax.margins(0.15)
    axes[0].set_ylabel(AXES[lang][1])
    fig.tight_layout()
    return fig


if __name__ == "__main__" and sys.argv[1:] == ["--train"]:
    import numpy as np

    from dlnotes.numpy import word_embeddings as we
    from dlnotes.numpy import word_embeddings_experiment as wex

    start = time.perf_counter()
    model = wex.train_skipgram(wex.make_corpus(CONFIG["n_sentences"]), **CONFIG["train"])
    print(f"trained in {time.perf_counter() - start:.1f} s, losses {model.losses}")
    wv = model.vectors()
    ok = total = 0
    groups = []
    for name, table in (("capital", wex.COUNTRIES), ("gender", wex.GENDER),
                        ("plural", wex.PLURALS)):
        pairs = [(row[0], row[1]) for row in table]
        for a, b in pairs:
            for c, d in pairs:
                if a != c:
                    total += 1
                    ok += wv.analogy(a, b, c) == d
        words = [w for p in pairs for w in p]
        xy = we.pca(np.stack([wv.vector(w) for w in words]), 2)
        groups.append({"name": name, "words": words, "pairs": pairs,
                       "xy": [[round(float(v), 8) for v in row] for row in xy]})
    print(f"analogies solved: {ok}/{total}")
    neighbours = {w: [[n, round(s, 4)] for n, s in wv.nearest(w, 3)]
                  for w in ("paris", "queen", "dogs")}
    words = SIMILARITY_WORDS
    cos = [[round(we.cosine_similarity(wv.vector(u), wv.vector(v)), 6) for v in words]
           for u in words]
    DATA.write_text(json.dumps({"config": CONFIG, "analogies": [ok, total],
                                "neighbours": neighbours, "groups": groups,
                                "similarity": {"words": words, "cos": cos}}, indent=1) + "\n")
