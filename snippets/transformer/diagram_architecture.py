"""The encoder-decoder Transformer as dlnotes.torch.transformer.Transformer builds it: the
sublayers of one encoder and one decoder block are read from the model's own modules (in
order, each followed by its add & norm), N is the number of blocks, and the widths come from a
real forward pass of a small batch (5 source and 4 target tokens)."""

import torch

from dlnotes.torch import transformer
from site_tools.diagrams import (
    BLUE,
    GREEN,
    INK,
    PURPLE,
    VERMILLION,
    Diagram,
    term,
)

NAMES = {
    "attention": ("self-attention", "自注意力", BLUE),
    "self_attention": ("causal self-attention", "因果自注意力", BLUE),
    "cross_attention": ("cross-attention", "交叉注意力", VERMILLION),
    "ffn": ("position-wise FFN", "逐位置前馈网络", GREEN),
}


def structure():
    torch.manual_seed(0)
    model = transformer.Transformer(src_vocab=20, tgt_vocab=15).eval()
    src, tgt = torch.randint(3, 20, (1, 5)), torch.randint(3, 15, (1, 4))
    with torch.no_grad():
        logits = model(src, tgt)

    def sublayers(block):
        names = [n for n, _ in block.named_children()]
        return [(n, next((m for m in names[i + 1:] if m.startswith("norm")), None))
                for i, n in enumerate(names) if n in NAMES]

    return {"N": len(model.encoder), "d": model.d_model,
            "encoder": sublayers(model.encoder[0]), "decoder": sublayers(model.decoder[0]),
            "logits": tuple(logits.shape[1:])}


def column(d, x, y, subs, lang, w=1.7):
    """Sublayer and add & norm boxes from ``y`` upwards; returns them by name and the top."""
    boxes = {}
    for i, (name, norm) in enumerate(subs):
        if i:
            d.arrow((x, y - 0.82 + 0.55), (x, y - 0.16))
        en, zh, colour = NAMES[name]
        b = d.box(x, y, d.t(en, zh), w=w, colour=colour)
        boxes[name] = b
        n = d.box(x, y + 0.42, d.t("add & norm", "相加与层归一化"), w=w, h=0.26, colour=INK,
                  fill=0.06, size=7.5) if norm else None
        d.arrow(b.top, (x, y + 0.29))
        d.line([(x - w / 2 - 0.08, y - 0.3), (x - w / 2 - 0.16, y - 0.3),
                (x - w / 2 - 0.16, y + 0.42), (x - w / 2, y + 0.42)], colour=INK, lw=0.8)
        boxes[f"{name}_norm"] = n
        y += 0.82
    return boxes, y - 0.82 + 0.55


def make(lang: str):
    s = structure()
    d = Diagram(6.2, 4.3, lang)
    xe, xd = 1.45, 4.3
    for x, side in ((xe, "src"), (xd, "tgt")):
        emb = d.box(x, 0.35, d.t("embedding × √d + positional encoding",
                                 "嵌入 × √d + 位置编码"), w=2.3, colour=PURPLE, size=7.5)
        d.text(x, 0.07, d.t("source tokens", "源序列词元") if side == "src"
               else d.t("target shifted right (<bos> …)", "右移的目标序列（<bos> …）"), size=7.5)
        d.arrow(emb.top, (x, 0.75 if side == "src" else 0.75))
    enc, enc_top = column(d, xe, 0.95, s["encoder"], lang)
    dec, dec_top = column(d, xd, 0.95, s["decoder"], lang)
    for x, top, label in ((xe, enc_top, term("transformer", "encoder block", lang)),
                          (xd, dec_top, term("transformer", "decoder block", lang))):
        from matplotlib.patches import Rectangle

        d.ax.add_patch(Rectangle((x - 1.15, 0.68), 2.3, top - 0.6, fill=False, ec=INK, lw=0.8,
                                 ls=(0, (4, 2))))
        d.text(x - 1.1, top + 0.2, f"{s['N']}× {label}", ha="left", size=8, weight="bold")
    # the encoder's output is the key and value of every decoder block's cross-attention
    cross = dec.get("cross_attention")
    if cross:
        turn = xd - 1.3
        d.line([(xe, enc_top - 0.2), (xe, enc_top + 0.35), (turn, enc_top + 0.35),
                (turn, cross.y)], colour=VERMILLION)
        d.arrow((turn, cross.y), cross.left, colour=VERMILLION)
        d.text(turn - 0.05, enc_top + 0.48, d.t("keys, values", "键、值"), size=7,
               colour=VERMILLION, ha="right")
    out = d.box(xd, dec_top + 0.55, d.t(f"linear → {s['logits'][-1]} logits, softmax",
                                        f"线性层 → {s['logits'][-1]} 个 logit，softmax"),
                w=2.3, colour=PURPLE, size=7.5)
    d.arrow((xd, dec_top + 0.05), out.bottom)
    d.text(xe, dec_top + 0.55, f"d_model = {s['d']}", size=7.5)
    return d.done()
