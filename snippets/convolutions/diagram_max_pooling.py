"""Max pooling with a 2x2 window and stride 2: the output is a real call of
dlnotes.numpy.convolutions.pool_forward on the 4x4 input shown, and each window's maximum is
marked in the colour of its window."""

import numpy as np

from dlnotes.numpy import convolutions
from site_tools.diagrams import BLUE, GREEN, PURPLE, VERMILLION, Diagram, term

X = np.array([[1, 3, 2, 1], [2, 9, 1, 1], [1, 3, 2, 3], [5, 6, 1, 2]], dtype=float)
F = 2
CELL = 0.34


def make(lang: str):
    out = convolutions.pool_forward(X[None, :, :, None], f=F, stride=F, mode="max")[0, :, :, 0]
    d = Diagram(4.2, 1.75, lang)
    colours = [[BLUE, VERMILLION], [GREEN, PURPLE]]
    x0, y0 = 0.2, 0.2
    n = X.shape[0]
    for i in range(n):
        for j in range(n):
            colour = colours[i // F][j // F]
            window = X[i // F * F:(i // F + 1) * F, j // F * F:(j // F + 1) * F]
            is_max = X[i, j] == window.max()
            d.box(x0 + (j + 0.5) * CELL, y0 + (n - i - 0.5) * CELL, f"{X[i, j]:g}", w=CELL,
                  h=CELL, colour=colour, fill=0.45 if is_max else 0.08, rounded=False, lw=0.8,
                  size=9)
    ox, oy = 2.75, y0 + CELL
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            d.box(ox + (j + 0.5) * CELL, oy + (out.shape[0] - i - 0.5) * CELL, f"{out[i, j]:g}",
                  w=CELL, h=CELL, colour=colours[i][j], fill=0.45, rounded=False, lw=0.8, size=9)
    d.arrow((x0 + n * CELL + 0.15, y0 + n * CELL / 2), (ox - 0.15, y0 + n * CELL / 2))
    d.text((x0 + n * CELL + ox) / 2, y0 + n * CELL / 2 + 0.15,
           f"f = {F}, s = {F}", size=7.5)
    d.text(ox + CELL, oy + 2 * CELL + 0.2, term("convolutions", "max pooling", lang), size=8)
    return d.done()
