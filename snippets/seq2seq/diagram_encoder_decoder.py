"""The encoder-decoder without attention: a bidirectional GRU reads the source, a linear bridge
turns its final states into the decoder's first state, and the decoder, fed its previous output,
reads the same context vector c at every step. The modules and their widths are read from
dlnotes.torch.seq2seq.Seq2Seq(attention=False)."""

from torch import nn

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

SOURCE = ["J", "a", "n"]
TARGET = ["0", "1", "<eos>"]


def modules():
    model = seq2seq.Seq2Seq(20, 15, embed=32, hidden=64, attention=False)
    gru = model.encoder
    return {
        "encoder": f"{'bi-' if gru.bidirectional else ''}GRU {gru.hidden_size}",
        "bridge": f"{model.bridge.in_features}→{model.bridge.out_features}",
        "cell": f"GRU {model.cell.hidden_size}" if isinstance(model.cell, nn.GRUCell) else "cell",
        "context": 2 * gru.hidden_size if gru.bidirectional else gru.hidden_size,
        "out": f"{model.out.in_features}→{model.out.out_features}",
    }


def make(lang: str):
    m = modules()
    d = Diagram(7.4, 2.2, lang)
    y = 1.05
    prev = None
    for i, tok in enumerate(SOURCE):
        x = 0.5 + 0.9 * i
        b = d.box(x, y, m["encoder"], w=0.78, colour=BLUE, size=7.5)
        d.text(x, 0.3, f"“{tok}”")
        d.arrow((x, 0.42), b.bottom)
        if prev:
            d.arrow(prev.right, b.left)
        prev = b
    d.text(1.4, 1.55, d.t("encoder", "编码器"), weight="bold", colour=BLUE)
    c = d.box(3.5, y, f"{term('seq2seq', 'context vector', lang)} c",
              sub=f"{m['context']}, {d.t('bridge', '桥接')} {m['bridge']}", colour=VERMILLION)
    d.arrow(prev.right, c.left)
    prev = None
    for i, tok in enumerate(TARGET):
        x = 4.95 + 0.95 * i
        b = d.box(x, y, m["cell"], w=0.78, colour=GREEN, size=7.5)
        out = d.box(x, 1.75, f"“{tok}”", w=0.6, h=0.28, colour=PURPLE, fill=0)
        d.arrow(b.top, out.bottom)
        d.arrow((x - 0.1, 0.42), (x - 0.1, b.bottom[1]))
        d.text(x - 0.1, 0.3, "<bos>" if i == 0 else f"“{TARGET[i - 1]}”", size=7.5)
        if i:
            d.arrow((out.x - 0.95 + 0.3, 1.75), (x - 0.15, 0.45), colour=INK, dashed=True, rad=0)
        d.arrow(prev.right if prev else c.right, b.left)
        d.arrow((x + 0.25, 0.12), (x + 0.25, b.bottom[1]), colour=VERMILLION, dashed=True)
        prev = b
    d.line([(c.x, c.y - 0.22), (c.x, 0.12), (x + 0.25, 0.12)], colour=VERMILLION, dashed=True)
    d.text(5.9, 2.05, d.t("decoder (reads c at every step)", "解码器（每一步都读 c）"),
           weight="bold", colour=GREEN)
    return d.done()
