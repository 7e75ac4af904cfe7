"""The RNN unrolled over four steps. The weights written on it are the entries of
dlnotes.numpy.rnn.init_params: every step uses the same ones. The dashed arrows are the paths of
backpropagation through time, from each step's loss back along the hidden states."""

from dlnotes.numpy import rnn
from site_tools.diagrams import BLUE, GREEN, PURPLE, VERMILLION, Diagram, term

STEPS = 4


def make(lang: str):
    weights = list(rnn.init_params(n_x=3, n_a=4, n_y=2))
    recurrent = [w for w in weights if w.startswith("Wa") and w.endswith("a")]
    into = [w for w in weights if w.startswith("Wa") and w not in recurrent]
    out = [w for w in weights if w.startswith("Wy")]
    d = Diagram(7.3, 2.75, lang)
    gap, x0 = 1.35, 0.95
    y_x, y_a, y_y, y_l = 0.3, 1.15, 1.85, 2.45
    d.text(0.3, y_a, r"$a^{\langle 0\rangle}$", size=10)
    prev = (0.5, y_a)
    for t in range(1, STEPS + 1):
        x = x0 + gap * (t - 1)
        cell = d.box(x, y_a, "tanh", w=0.55, colour=BLUE)
        d.text(x, y_x, rf"$x^{{\langle {t}\rangle}}$", size=10)
        d.arrow((x, y_x + 0.14), cell.bottom)
        d.text(x + 0.2, (y_x + y_a) / 2 - 0.02, ", ".join(into), size=7, colour=BLUE, ha="left")
        d.arrow(prev, cell.left)
        if t > 1:
            d.text((prev[0] + cell.left[0]) / 2, y_a + 0.12, ", ".join(recurrent), size=7,
                   colour=BLUE)
        y_hat = d.box(x, y_y, rf"$\hat y^{{\langle {t}\rangle}}$", w=0.5, colour=GREEN)
        d.arrow(cell.top, y_hat.bottom)
        d.text(x + 0.2, (y_a + y_y) / 2, ", ".join(out), size=7, colour=GREEN, ha="left")
        loss = d.box(x, y_l, rf"$L^{{\langle {t}\rangle}}$", w=0.5, colour=PURPLE, fill=0)
        d.arrow(y_hat.top, loss.bottom)
        # BPTT: from the loss down to the hidden state, and back to the previous step
        d.arrow((x - 0.32, y_l - 0.05), (x - 0.32, y_a + 0.2), colour=VERMILLION, dashed=True)
        if t > 1:
            d.arrow((x - 0.3, y_a - 0.22), (prev[0] + 0.04, y_a - 0.22), colour=VERMILLION,
                    dashed=True)
        prev = cell.right
    d.arrow(prev, (prev[0] + 0.4, y_a))
    d.text(5.85, y_a - 0.35, term("rnn", "backpropagation through time", lang), size=7.5,
           colour=VERMILLION, ha="left")
    d.text(5.85, y_a + 0.35, d.t("same weights", "各步共享权重"), size=7.5, colour=BLUE,
           ha="left")
    d.text(5.85, y_a + 0.2, d.t("at every step", ""), size=7.5, colour=BLUE, ha="left")
    return d.done()
