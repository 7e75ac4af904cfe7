"""One decoder step of Bahdanau attention as dlnotes.torch.seq2seq.Seq2Seq implements it: the
previous decoder state is the query, the encoder's annotations are keys and values, additive
attention weighs them into the context c_t, and the GRU cell and the output layer read it. The
widths are read from the model's modules (an attention model with the default sizes)."""

from dlnotes.torch import seq2seq
from site_tools.diagrams import (
    BLUE,
    GREEN,
    INK,
    PURPLE,
    VERMILLION,
    Diagram,
    term,
)

T_X = 4


def widths():
    model = seq2seq.Seq2Seq(20, 15, attention=True)
    att = model.attention
    return {"H": model.cell.hidden_size, "ann": tuple(att.W_k.shape)[0], "att": tuple(att.W_q.shape),
            "cell_in": model.cell.input_size, "out": (model.out.in_features, model.out.out_features)}


def make(lang: str):
    w = widths()
    d = Diagram(6.9, 2.55, lang)
    ann = []
    for j in range(T_X):
        ann.append(d.box(0.45 + 0.65 * j, 0.35, rf"$h_{j + 1}$", w=0.55, colour=BLUE))
    d.text(1.65, 0.05, d.t(f"annotations (2H = {w['ann']}): keys and values",
                           f"注释向量（2H = {w['ann']}）：键和值"), size=7.5, colour=BLUE)
    query = d.box(0.55, 2.2, r"$s_{t-1}$", sub=d.t(f"query, H = {w['H']}", f"查询，H = {w['H']}"),
                  w=1.0, colour=GREEN)
    score = d.box(1.65, 1.2, term("attention", "additive attention", lang),
                  sub=rf"$\tanh(sW_q + hW_k)\,w_v$, $W_q$ {w['att'][0]}×{w['att'][1]}", w=2.3,
                  colour=PURPLE, size=7.5)
    for b in ann:
        d.arrow(b.top, (b.x, score.y - 0.22), lw=0.7)
    d.elbow(query.bottom, (query.x, score.y + 0.22), via="y")
    soft = d.box(3.55, 1.2, r"softmax $\to \alpha_{tj}$", w=1.2, colour=PURPLE, size=7.5)
    d.arrow(score.right, soft.left)
    ctx = d.box(3.8, 0.35, r"$c_t = \sum_j \alpha_{tj} h_j$", w=1.3, colour=VERMILLION)
    d.arrow(soft.bottom, (soft.x, ctx.top[1]))
    d.line([(ann[-1].right[0], 0.35), (ctx.left[0] - 0.05, 0.35)], colour=INK, lw=0.7)
    cell = d.box(5.0, 1.2, "GRU", sub=rf"$[e(y_{{t-1}}); c_t]$: {w['cell_in']}", w=1.3,
                 colour=GREEN, size=8)
    d.arrow(ctx.right, (cell.x - 0.2, cell.y - 0.22), colour=VERMILLION)
    d.arrow(query.right, (cell.x - 0.3, cell.y + 0.22), rad=-0.15)
    out = d.box(5.0, 2.2, r"$P(y_t)$", sub=rf"$[s_t; c_t]$ → {w['out'][0]}→{w['out'][1]}",
                w=1.3, colour=PURPLE, size=8)
    d.arrow(cell.top, out.bottom)
    d.text(5.75, 1.62, r"$s_t$", size=9, ha="left")
    d.arrow((ctx.right[0], 0.3), (6.3, 0.3), colour=VERMILLION)
    d.line([(6.3, 0.3), (6.3, 2.2)], colour=VERMILLION)
    d.arrow((6.3, 2.2), out.right, colour=VERMILLION)
    return d.done()
