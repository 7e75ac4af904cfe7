"""Scaled dot-product attention as a pipeline of its steps, with the shape after each step read
from a real call of dlnotes.numpy.attention.scaled_dot_product_attention (one batch of 3 queries,
4 keys, d = 2, d_v = 5, the last key masked out by valid_lens)."""

import numpy as np

from dlnotes.numpy import attention
from site_tools.diagrams import BLUE, GREEN, PURPLE, VERMILLION, Diagram

N_Q, N_K, D, D_V = 3, 4, 2, 5


def shapes() -> dict[str, tuple]:
    rng = np.random.default_rng(0)
    q, k, v = (rng.normal(size=(1, n, w)) for n, w in ((N_Q, D), (N_K, D), (N_K, D_V)))
    out, cache = attention.scaled_dot_product_attention(q, k, v, valid_lens=np.array([N_K - 1]))
    return {"Q": cache["queries"].shape[1:], "K": cache["keys"].shape[1:],
            "V": cache["values"].shape[1:], "weights": cache["weights"].shape[1:],
            "out": out.shape[1:]}


def fmt(shape) -> str:
    return "×".join(map(str, shape))


def make(lang: str):
    s = shapes()
    d = Diagram(7.4, 1.5, lang)
    y = 0.8
    q = d.box(0.35, 1.15, "Q", sub=fmt(s["Q"]), w=0.5, colour=PURPLE)
    k = d.box(0.35, 0.45, "K", sub=fmt(s["K"]), w=0.5, colour=PURPLE)
    steps = [(r"$QK^\top$", fmt(s["weights"]), BLUE, False),
             (r"$\times 1/\sqrt{d}$", fmt(s["weights"]), BLUE, False),
             (d.t("mask", "掩码"), d.t("−∞ where masked", "被遮处置 −∞"), VERMILLION, True),
             ("softmax", fmt(s["weights"]), BLUE, False),
             (r"$\cdot V$", fmt(s["out"]), GREEN, False)]
    boxes, x = [], 1.05
    for title, detail, colour, optional in steps:
        w = 1.15 if optional else 0.95
        boxes.append(d.box(x + w / 2, y, title, sub=detail, w=w, colour=colour, dashed=optional))
        if len(boxes) > 1:
            d.arrow(boxes[-2].right, boxes[-1].left)
        x += w + 0.28
    d.arrow(q.right, (boxes[0].left[0], y + 0.08))
    d.arrow(k.right, (boxes[0].left[0], y - 0.08))
    v = d.box(boxes[-1].x - 1.0, 0.2, "V", sub=fmt(s["V"]), w=0.5, colour=PURPLE)
    d.elbow(v.right, boxes[-1].bottom)
    d.arrow(boxes[-1].right, (boxes[-1].right[0] + 0.35, y))
    d.text(boxes[-1].right[0] + 0.4, y, d.t("output", "输出"), ha="left")
    d.resize(width=boxes[-1].right[0] + 0.95)
    d.text(boxes[2].x, 1.32, d.t("optional", "可选"), size=7, colour=VERMILLION)
    return d.done()
