"""The GRU cell of equation (1). Its gates are the weight matrices of
dlnotes.numpy.gru_lstm.init_params("gru", ...): one sigmoid box per gate, the tanh box for the
candidate; the wiring between them is drawn by hand."""

from dlnotes.numpy import gru_lstm
from site_tools.diagrams import BLUE, GREEN, INK, VERMILLION, Diagram, term

C_PREV, C_NEXT, X = r"$c^{\langle t-1\rangle}$", r"$c^{\langle t\rangle}$", r"$x^{\langle t\rangle}$"


def gates() -> list[str]:
    """The gate letters, in the order of the parameter dict (``Wr`` -> ``"r"``)."""
    params = gru_lstm.init_params("gru", n_x=3, n_a=2)
    return [k[1:] for k in params if k.startswith("W")]


def make(lang: str):
    d = Diagram(5.4, 2.55, lang)
    found = gates()
    sigmoid = [g for g in found if g != "c"]
    names = {"r": term("gru-lstm", "reset gate", lang), "u": term("gru-lstm", "update gate", lang)}
    # inputs: the memory along the top, x and the stacked vector along the bottom
    top, bus = 2.1, 0.3
    d.text(0.25, top + 0.2, C_PREV, size=10)
    d.text(0.25, bus - 0.17, X, size=10)
    d.line([(0.1, top), (0.6, top)], colour=VERMILLION, lw=1.8)
    x_gate = {g: 1.25 + 1.05 * i for i, g in enumerate(sigmoid)}
    x_cand = 1.25 + 1.05 * len(sigmoid)
    d.line([(0.45, top), (0.45, bus), (x_cand - 0.3, bus)], colour=INK)
    d.line([(0.1, bus), (0.45, bus)], colour=INK)
    boxes = {}
    for g in sigmoid:
        boxes[g] = d.box(x_gate[g], 0.95, rf"$\sigma$: $\Gamma_{g}$", sub=f"W{g}, b{g}",
                         colour=BLUE, w=0.8)
        d.arrow((x_gate[g], bus), boxes[g].bottom)
        d.text(x_gate[g], 1.33, names.get(g, g), size=7.5, colour=BLUE)
    cand = d.box(x_cand, 0.95, r"tanh: $\tilde c^{\langle t\rangle}$", sub="Wc, bc", colour=GREEN,
                 w=0.95)
    if "r" in boxes:  # the candidate reads [Γr ⊙ c<t-1>; x<t>]
        mult = d.circle(x_gate["r"] + 0.5, 1.62, "×")
        d.arrow(boxes["r"].top, (mult.x - 0.08, mult.y - 0.08))
        d.line([(mult.x, top), (mult.x, mult.y + 0.11)], colour=VERMILLION)
        d.arrow((mult.x + 0.11, mult.y), (cand.x - 0.2, cand.y + cand.h / 2), rad=-0.2)
    else:
        d.arrow((x_cand - 0.3, bus), (x_cand - 0.3, cand.y - cand.h / 2))
    d.arrow((x_cand - 0.3, bus), (x_cand - 0.3, cand.y - cand.h / 2))
    # the update: c<t> = Γu ⊙ c~ + (1 − Γu) ⊙ c<t-1>
    keep = d.circle(x_gate.get("u", 2.3), top, "×", colour=VERMILLION)
    add = d.circle(x_cand, top, "+", colour=VERMILLION)
    write = d.circle(x_cand, 1.62, "×")
    d.line([(0.6, top), keep.left], colour=VERMILLION, lw=1.8)
    d.arrow(keep.right, add.left, colour=VERMILLION, lw=1.8)
    d.arrow(add.right, (5.2, top), colour=VERMILLION, lw=1.8)
    d.text(5.15, top + 0.2, C_NEXT, size=10)
    d.arrow(cand.top, write.bottom)
    d.arrow(write.top, add.bottom)
    if "u" in boxes:
        d.arrow(boxes["u"].top, keep.bottom)
        d.text(keep.x - 0.3, (top + 1.15) / 2 + 0.2, r"$1-\Gamma_u$", size=8)
        d.elbow((boxes["u"].x + 0.2, boxes["u"].y + boxes["u"].h / 2), write.left, via="y")
    d.text(4.6, 1.62, r"$a^{\langle t\rangle} = c^{\langle t\rangle}$", size=9)
    return d.done()
