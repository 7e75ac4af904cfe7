"""Multi-head attention: project, split into heads, attend in each head, concatenate, project.
The sizes are read from dlnotes.torch.attention.MultiHeadAttention: its parameters, and a real
forward pass of one sequence of 4 tokens with d_model = 8 and 2 heads."""

import torch

from dlnotes.torch import attention
from site_tools.diagrams import BLUE, GREEN, INK, PURPLE, Diagram

N, D_MODEL, HEADS = 4, 8, 2


def run():
    torch.manual_seed(0)
    mha = attention.MultiHeadAttention(D_MODEL, HEADS)
    x = torch.randn(1, N, D_MODEL)
    out, weights = mha(x, need_weights=True, fast=False)
    projections = {name: tuple(p.shape) for name, p in mha.named_parameters()
                   if name.startswith("w_")}
    return tuple(x.shape[1:]), projections, tuple(weights.shape[1:]), tuple(out.shape[1:])


def fmt(shape) -> str:
    return "×".join(map(str, shape))


def make(lang: str):
    x_shape, projections, weights, out = run()
    heads, n_q, n_k = weights
    d_head = x_shape[1] // heads
    d = Diagram(7.2, 2.3, lang)
    x = d.box(0.45, 1.15, "X", sub=fmt(x_shape), w=0.6, colour=PURPLE)
    ins = [p for p in projections if p != "w_o"]
    tops = []
    for i, name in enumerate(ins):
        y = 1.85 - 0.7 * i
        b = d.box(1.6, y, name.replace("w_", "W_").upper().replace("W_", "$W_") + "$",
                  sub=fmt(projections[name]), w=0.75, colour=BLUE)
        d.arrow(x.right, b.left)
        tops.append(b)
    d.text(2.35, 2.15, d.t(f"split into {heads} heads", f"拆成 {heads} 个头"), size=7.5,
           ha="left")
    head_boxes = []
    for h in range(heads):
        y = 1.5 - 0.75 * h
        hb = d.box(3.35, y, d.t(f"head {h + 1}", f"头 {h + 1}"),
                   sub=f"softmax: {n_q}×{n_k}, {d.t('out', '输出')} {n_q}×{d_head}", w=1.5,
                   colour=GREEN)
        for b in tops:
            d.arrow(b.right, hb.left, colour=INK, lw=0.7)
        head_boxes.append(hb)
    concat = d.box(4.95, 1.15, d.t("concat", "拼接"), sub=f"{n_q}×{heads * d_head}", w=0.8,
                   colour=GREEN)
    for hb in head_boxes:
        d.arrow(hb.right, concat.left)
    w_o = d.box(6.0, 1.15, "$W_O$", sub=fmt(projections["w_o"]), w=0.75, colour=BLUE)
    d.arrow(concat.right, w_o.left)
    d.arrow(w_o.right, (6.65, 1.15))
    d.text(6.7, 1.15, fmt(out), ha="left", size=7.5)
    return d.done()
