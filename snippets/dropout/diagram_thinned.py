"""A thinned network: the hidden units that one draw of dlnotes.numpy.dropout.dropout_mask
(keep_prob 0.6, seed 1) switches off are crossed out, with their connections removed. Each
training example draws its own mask, so each trains a different thinned network."""

import numpy as np

from dlnotes.numpy import dropout
from site_tools.diagrams import BLUE, GREEN, INK, PURPLE, VERMILLION, Diagram

SIZES = (3, 5, 5, 1)
KEEP_PROB = 0.6


def masks():
    rng = np.random.default_rng(1)
    return [np.ones(SIZES[0], bool)] + [
        dropout.dropout_mask((n, 1), KEEP_PROB, rng)[:, 0].astype(bool) for n in SIZES[1:-1]
    ] + [np.ones(SIZES[-1], bool)]


def make(lang: str):
    kept = masks()
    d = Diagram(4.6, 2.2, lang)
    xs = [0.45 + 1.15 * i for i in range(len(SIZES))]
    pos = [[(x, 1.05 + (n - 1) / 2 * 0.38 - 0.38 * j) for j in range(n)]
           for x, n in zip(xs, SIZES, strict=True)]
    for layer in range(len(SIZES) - 1):
        for a, ka in zip(pos[layer], kept[layer], strict=True):
            for b, kb in zip(pos[layer + 1], kept[layer + 1], strict=True):
                if ka and kb:
                    d.line([(a[0] + 0.11, a[1]), (b[0] - 0.11, b[1])], colour=INK, lw=0.6)
    colours = (PURPLE, BLUE, BLUE, GREEN)
    for layer, points in enumerate(pos):
        for (x, y), on in zip(points, kept[layer], strict=True):
            d.circle(x, y, "" if on else "×", colour=colours[layer] if on else VERMILLION,
                     fill=0.3 if on else 0.0)
    d.text(2.3, 0.08, d.t(f"keep_prob = {KEEP_PROB}: × = dropped for this example",
                          f"keep_prob = {KEEP_PROB}：× 表示在这个样本上被丢弃"), size=7.5)
    return d.done()
