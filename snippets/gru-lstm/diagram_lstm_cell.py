"""The LSTM cell of equation (2). Its gates are the weight matrices of
dlnotes.numpy.gru_lstm.init_params("lstm", ...); the wiring is drawn by hand. The memory path
along the top is the additive one: a product with Γf, then a sum."""

from dlnotes.numpy import gru_lstm
from site_tools.diagrams import BLUE, GREEN, INK, VERMILLION, Diagram, term


def gates() -> list[str]:
    params = gru_lstm.init_params("lstm", n_x=3, n_a=2)
    return [k[1:] for k in params if k.startswith("W")]


def make(lang: str):
    d = Diagram(5.6, 2.6, lang)
    found = gates()
    names = {"f": term("gru-lstm", "forget gate", lang), "o": term("gru-lstm", "output gate", lang),
             "u": d.t("update gate", "更新门")}
    top, bus, row = 2.15, 0.3, 0.95
    d.text(0.25, top + 0.2, r"$c^{\langle t-1\rangle}$", size=10)
    d.text(0.25, bus + 0.2, r"$a^{\langle t-1\rangle}$", size=10)
    d.text(0.62, bus - 0.2, r"$x^{\langle t\rangle}$", size=10)
    xs = {g: 1.15 + 0.95 * i for i, g in enumerate(found)}
    boxes = {}
    for g in found:
        if g == "c":
            boxes[g] = d.box(xs[g], row, r"tanh: $\tilde c^{\langle t\rangle}$", sub="Wc, bc",
                             colour=GREEN, w=0.85)
        else:
            boxes[g] = d.box(xs[g], row, rf"$\sigma$: $\Gamma_{g}$", sub=f"W{g}, b{g}",
                             colour=BLUE, w=0.75)
            d.text(xs[g], row + 0.38, names.get(g, g), size=7.5, colour=BLUE)
        d.arrow((xs[g], bus), boxes[g].bottom)
    d.line([(0.05, bus), (max(xs.values()), bus)], colour=INK)
    d.line([(0.62, bus - 0.08), (0.62, bus)], colour=INK)
    # the memory: c<t> = Γf ⊙ c<t-1> + Γu ⊙ c~
    x_forget = xs.get("f", 1.15)
    x_add = xs.get("c", 3.0)
    forget = d.circle(x_forget, top, "×", colour=VERMILLION)
    add = d.circle(x_add, top, "+", colour=VERMILLION)
    d.line([(0.05, top), forget.left], colour=VERMILLION, lw=1.8)
    d.arrow(forget.right, add.left, colour=VERMILLION, lw=1.8)
    d.arrow(add.right, (5.45, top), colour=VERMILLION, lw=1.8)
    d.text(5.35, top + 0.2, r"$c^{\langle t\rangle}$", size=10)
    if "f" in boxes:
        d.arrow(boxes["f"].top, forget.bottom)
    write = d.circle(x_add, 1.65, "×")
    d.arrow(write.top, add.bottom)
    if "c" in boxes:
        d.arrow((boxes["c"].x, row + 0.22 + 0.16), write.bottom)
    if "u" in boxes:
        d.elbow((boxes["u"].x, row + 0.22 + 0.16), write.left, via="y")
    # the output: a<t> = Γo ⊙ tanh(c<t>)
    if "o" in boxes:
        squash = d.circle(4.75, 1.65, "tanh", r=0.17, size=7)
        d.arrow((4.75, top), squash.top)
        show = d.circle(4.75, row, "×")
        d.arrow(squash.bottom, show.top)
        d.arrow(boxes["o"].right, show.left)
        d.arrow(show.right, (5.45, row))
        d.text(5.3, row + 0.2, r"$a^{\langle t\rangle}$", size=10)
    d.text(2.1, top + 0.2, d.t("the additive memory path", "加法记忆通路"), size=7.5,
           colour=VERMILLION)
    return d.done()
