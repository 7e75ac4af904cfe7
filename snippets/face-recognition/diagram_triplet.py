"""Left: the Siamese encoder, one network f with shared weights applied to an anchor, a
positive and a negative image; the layer strip and the encoding size come from
dlnotes.torch.face_recognition.Encoder and a forward pass of three posed 12x12 images. Right: the
triplet condition with the margin of triplet_loss's default: d(A, N) must exceed d(A, P) by
at least the margin."""

import inspect

import torch
from torch import nn

from dlnotes.torch import face_recognition
from site_tools.diagrams import (
    BLUE,
    GREEN,
    INK,
    PURPLE,
    VERMILLION,
    Diagram,
    term,
)


def encoder():
    torch.manual_seed(0)
    model = face_recognition.Encoder().eval()
    with torch.no_grad():
        out = model(torch.rand(3, 1, face_recognition.CANVAS, face_recognition.CANVAS))
    layers = [type(m).__name__ for m in model.modules()
              if not isinstance(m, nn.Sequential | face_recognition.Encoder)]
    margin = inspect.signature(face_recognition.triplet_loss).parameters["margin"].default
    return layers, out.shape[1], margin


def make(lang: str):
    layers, d_enc, margin = encoder()
    d = Diagram(6.8, 2.1, lang)
    names = (d.t("anchor A", "锚点 A"), d.t("positive P", "正例 P"), d.t("negative N", "负例 N"))
    colours = (BLUE, GREEN, VERMILLION)
    for i, (name, colour) in enumerate(zip(names, colours, strict=True)):
        y = 1.7 - 0.62 * i
        img = d.box(0.45, y, name, w=0.8, colour=colour, size=7.5)
        f = d.box(1.82, y, "f", sub=" · ".join(n.replace("Conv2d", "conv").replace("MaxPool2d",
                                                "pool").replace("Linear", "FC")
                                                for n in layers if n not in ("ReLU", "Flatten")),
                  w=1.66, colour=PURPLE, size=8)
        d.arrow(img.right, f.left)
        d.arrow(f.right, (2.85, y))
        d.text(2.9, y, rf"$f(\mathrm{{{'APN'[i]}}})\in\mathbb{{R}}^{{{d_enc}}}$", ha="left",
               size=8, colour=colour)
    d.text(1.82, 0.1, d.t("one network f, shared weights", "同一个网络 f，共享权重"), size=7.5,
           colour=PURPLE)
    # the margin: on a distance axis, d(A,P) + margin <= d(A,N)
    x0, scale, y = 4.3, 1.9, 0.95
    d_ap, d_an = 0.35, 0.85
    d.arrow((x0, y), (x0 + scale + 0.2, y), colour=INK)
    d.text(x0 + scale + 0.25, y, d.t("dist.", "距离"), ha="left", size=7.5)
    d.text(x0 + 1.0, 0.3, d.t("loss 0 once d(A, N) ≥ d(A, P) + α", "d(A, N) ≥ d(A, P) + α 时损失为 0"),
           size=7.5)
    for value, label, colour in ((d_ap, "d(A, P)", GREEN), (d_an, "d(A, N)", VERMILLION)):
        x = x0 + value * scale
        d.line([(x, y - 0.08), (x, y + 0.08)], colour=colour, lw=1.6)
        d.text(x, y - 0.25, label, colour=colour, size=8)
    d.bracket(x0 + d_ap * scale, x0 + (d_ap + margin) * scale, y + 0.25,
              rf"$\alpha$ = {margin:g}", below=False, colour=BLUE)
    d.text(x0 + 1.0, 1.85, term("face-recognition", "triplet loss", lang), weight="bold")
    d.text(x0 + 1.0, 1.6, r"$\max(d(A,P) - d(A,N) + \alpha,\ 0)$", size=8)
    return d.done()
