"""Left: a deep RNN, layers stacked so that layer l reads layer l-1's hidden states. Right: a
bidirectional RNN, a forward and a backward chain whose states are joined for each output."""

from site_tools.diagrams import BLUE, GREEN, INK, VERMILLION, Diagram, term

STEPS = 3
LAYERS = 3


def make(lang: str):
    d = Diagram(6.8, 2.6, lang)
    # deep RNN
    d.text(1.45, 2.45, term("rnn", "deep RNN", lang), weight="bold")
    for layer in range(1, LAYERS + 1):
        y = 0.35 + 0.6 * layer
        d.text(0.18, y, rf"$l={layer}$", size=8)
        for t in range(1, STEPS + 1):
            x = 0.3 + 0.85 * t
            d.box(x, y, rf"$a^{{[{layer}]\langle {t}\rangle}}$", w=0.62, h=0.3, colour=BLUE)
            if t > 1:
                d.arrow((x - 0.85 + 0.31, y), (x - 0.31, y))
            d.arrow((x, y - 0.45), (x, y - 0.15))
    for t in range(1, STEPS + 1):
        d.text(0.3 + 0.85 * t, 0.25, rf"$x^{{\langle {t}\rangle}}$", size=9)
    # bidirectional RNN
    x0 = 3.75
    d.text(x0 + 1.45, 2.45, term("rnn", "bidirectional RNN", lang), weight="bold")
    for t in range(1, STEPS + 1):
        x = x0 + 0.85 * t
        fwd = d.box(x - 0.15, 1.0, r"$\overrightarrow{a}$", w=0.42, h=0.28, colour=BLUE)
        bwd = d.box(x + 0.15, 1.45, r"$\overleftarrow{a}$", w=0.42, h=0.28, colour=VERMILLION)
        y = d.box(x, 2.0, rf"$\hat y^{{\langle {t}\rangle}}$", w=0.5, h=0.28, colour=GREEN)
        d.text(x, 0.25, rf"$x^{{\langle {t}\rangle}}$", size=9)
        d.arrow((x - 0.15, 0.42), fwd.bottom)
        d.arrow((x + 0.15, 0.42), (x + 0.15, 1.31), colour=INK)
        d.arrow((x - 0.15, 1.14), (x - 0.08, 1.86))
        d.arrow(bwd.top, (x + 0.08, 1.86))
        if t > 1:
            d.arrow((x - 0.85 + 0.06, 1.0), (x - 0.36, 1.0), colour=BLUE)
            d.arrow((x - 0.06, 1.45), (x - 0.85 + 0.36, 1.45), colour=VERMILLION)
    return d.done()
