"""Skip-gram with negative sampling for one (centre, context) pair: the centre word's row of E
meets 1 + k rows of Theta, each a sigmoid classifier with label 1 (the true context word) or 0
(a word drawn from the noise distribution). The rows and labels are what
dlnotes.torch.word_embeddings.SkipGram.classifiers returns for this pair, negatives sampled
from the package's noise distribution with a fixed seed."""

import torch

from dlnotes.torch import word_embeddings
from site_tools.diagrams import (
    BLUE,
    GREEN,
    INK,
    PURPLE,
    VERMILLION,
    Diagram,
    term,
)

WORDS = ["the", "juice", "orange", "king", "of", "book", "glass"]
COUNTS = [60, 12, 10, 8, 40, 6, 5]
CENTRE, CONTEXT, K = "orange", "juice", 4


def classifiers():
    model = word_embeddings.SkipGram(COUNTS, n_e=4, method="negative", k=K)
    nodes, signs = model.classifiers(torch.tensor([WORDS.index(CONTEXT)]),
                                     torch.Generator().manual_seed(0))
    return [(WORDS[int(n)], int(s > 0)) for n, s in zip(nodes[0], signs[0], strict=True)]


def make(lang: str):
    rows = classifiers()
    d = Diagram(6.6, 0.45 + 0.42 * len(rows), lang)
    top = 0.2 + 0.42 * len(rows)
    mid = top / 2 + 0.05
    c = d.box(0.55, mid, f"“{CENTRE}”", sub=term("word-embeddings", "centre word", lang),
              colour=PURPLE, w=0.95)
    e = d.box(1.95, mid, r"$e_c = E\,o_c$", sub=d.t("row of E", "E 的一行"), colour=BLUE, w=1.05)
    d.arrow(c.right, e.left)
    for i, (word, label) in enumerate(rows):
        y = top - 0.42 * i - 0.1
        colour = GREEN if label else VERMILLION
        s = d.box(3.65, y, rf"$\sigma(\theta_{{{word}}}^\top e_c)$", w=1.55, h=0.3, colour=colour)
        d.arrow(e.right, s.left, colour=INK, lw=0.7)
        kind = d.t("context word", "上下文词") if label else d.t("noise sample", "噪声样本")
        d.text(4.55, y, f"y = {label}   “{word}”, {kind}", ha="left", size=7.5, colour=colour)
    d.text(3.65, 0.12, d.t(f"1 positive + k = {K} negatives; "
                           f"{term('word-embeddings', 'noise distribution', lang)} ∝ count^0.75",
                           f"1 个正例 + k = {K} 个负例；"
                           f"{term('word-embeddings', 'noise distribution', lang)} ∝ 频次^0.75"),
           size=7.5)
    return d.done()
