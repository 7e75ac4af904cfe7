"""A convolution layer on a multi-channel volume: each filter spans all input channels and
slides over height and width, giving one output channel. The sizes are those of a real call of
dlnotes.numpy.convolutions.conv_forward (a 6x6x3 input, two 3x3x3 filters, stride 1, no
padding), drawn in the course's NHWC layout."""

import numpy as np

from dlnotes.numpy import convolutions
from site_tools.diagrams import BLUE, GREEN, INK, VERMILLION, Diagram, term

CELL = 0.16


def shapes():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, 6, 6, 3))
    w = rng.normal(size=(3, 3, 3, 2))
    z = convolutions.conv_forward(x, w, np.zeros(2), stride=1, pad=0)
    return x.shape[1:], w.shape, z.shape[1:]


def volume(d, x0, y0, h, w, c, colour, hi=None, hi_colour=VERMILLION):
    """``c`` grids of ``h x w`` cells, each channel shifted up and right (a volume seen at an
    angle); ``hi``: ``(row, col, size)`` of a window to outline in every channel."""
    shift = 0.12
    for k in reversed(range(c)):
        ox, oy = x0 + k * shift, y0 + k * shift
        # the front channel shows its cells; the ones behind it only their edges
        d.box(ox + w * CELL / 2, oy + h * CELL / 2, w=w * CELL, h=h * CELL, colour=colour,
              fill=0.35 if k else 0.12, rounded=False, lw=0.8)
        for i in range(1, h if k == 0 else 0):
            d.line([(ox, oy + i * CELL), (ox + w * CELL, oy + i * CELL)], colour=colour, lw=0.4)
        for j in range(1, w if k == 0 else 0):
            d.line([(ox + j * CELL, oy), (ox + j * CELL, oy + h * CELL)], colour=colour, lw=0.4)
        if hi and k == 0:
            r, q, f = hi
            top = oy + (h - r) * CELL
            d.line([(ox + q * CELL, top), (ox + (q + f) * CELL, top),
                    (ox + (q + f) * CELL, top - f * CELL), (ox + q * CELL, top - f * CELL),
                    (ox + q * CELL, top)], colour=hi_colour, lw=1.4)
    return x0 + w * CELL + (c - 1) * shift, y0 + h * CELL + (c - 1) * shift


def make(lang: str):
    (h, w, c), (f, _, _, n_out), (oh, ow, oc) = shapes()
    d = Diagram(6.6, 1.95, lang)
    right, top = volume(d, 0.2, 0.35, h, w, c, INK, hi=(0, 0, f))
    d.text((0.2 + right) / 2, 0.15, f"{d.t('input', '输入')} {h}×{w}×{c}", size=7.5)
    colours = (VERMILLION, BLUE)
    fx = right + 0.45
    for k in range(n_out):
        volume(d, fx, 0.95 - 0.75 * k, f, f, c, colours[k % 2])
    d.text(fx + 0.35, 1.85, d.t(f"{n_out} filters, {f}×{f}×{c} each",
                                f"{n_out} 个{term('convolutions', 'filter', lang)}，各 {f}×{f}×{c}"),
           size=7.5)
    ox = fx + 1.2
    ro, _ = volume(d, ox, 0.55, oh, ow, oc, GREEN, hi=(0, 0, 1), hi_colour=VERMILLION)
    d.text((ox + ro) / 2, 0.35, f"{d.t('output', '输出')} {oh}×{ow}×{oc}", size=7.5)
    d.arrow((right + 0.05, 1.05), (fx - 0.05, 1.05))
    d.arrow((fx + 0.75, 1.05), (ox - 0.05, 1.05))
    d.text(ro + 0.15, 1.2, d.t("one output channel", "每个滤波器"), size=7.5, ha="left")
    d.text(ro + 0.15, 1.02, d.t("per filter; the orange", "给出一个输出通道；"), size=7.5, ha="left")
    d.text(ro + 0.15, 0.84, d.t(f"window ({f}×{f}×{c}) gives", f"橙色窗口（{f}×{f}×{c}）"),
           size=7.5, ha="left")
    d.text(ro + 0.15, 0.66, d.t("one output number", "得到一个输出数值"), size=7.5, ha="left")
    return d.done()
