"""Faster R-CNN anchors on one cell of a 3x3 feature map with stride 16: the boxes are the
output of dlnotes.torch.object_detection.generate_anchors for that cell (3 ratios x 2
scales), drawn in image pixels."""

from dlnotes.torch import object_detection
from site_tools.diagrams import BLUE, GREEN, INK, VERMILLION, Diagram, term

GRID, STRIDE = 3, 16
SCALES, RATIOS = (16, 32), (0.5, 1.0, 2.0)
PX = 0.045  # inches per image pixel


def anchors_of_centre_cell():
    boxes = object_detection.generate_anchors((GRID, GRID), STRIDE, scales=SCALES,
                                              ratios=RATIOS)
    per_cell = len(SCALES) * len(RATIOS)
    centre = (GRID // 2) * GRID + GRID // 2
    return boxes[centre * per_cell:(centre + 1) * per_cell].tolist()


def make(lang: str):
    boxes = anchors_of_centre_cell()
    size = GRID * STRIDE
    margin = 0.45
    d = Diagram(size * PX + 2 * margin + 2.1, size * PX + 2 * margin, lang)

    def at(x, y):  # image pixels (y down) to inches
        return margin + x * PX, margin + (size - y) * PX

    for i in range(GRID + 1):
        d.line([at(i * STRIDE, 0), at(i * STRIDE, size)], colour=INK, lw=0.6)
        d.line([at(0, i * STRIDE), at(size, i * STRIDE)], colour=INK, lw=0.6)
    colours = dict(zip(RATIOS, (VERMILLION, GREEN, BLUE), strict=True))
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        ratio = RATIOS[k // len(SCALES)]
        d.line([at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)],
               colour=colours[ratio], lw=1.2, dashed=k % len(SCALES) == 1)
    cx, cy = at(size / 2, size / 2)
    d.circle(cx, cy, "", r=0.03, colour=INK, fill=1)
    x = margin * 2 + size * PX
    d.text(x, size * PX + margin - 0.05, term("object-detection", "anchor box", lang)
           + d.t(" of one cell", "（一个格子）"), ha="left", weight="bold")
    for j, ratio in enumerate(RATIOS):
        d.text(x, size * PX + margin - 0.35 - 0.25 * j, f"h/w = {ratio:g}", ha="left",
               colour=colours[ratio])
    d.text(x, margin + 0.5, d.t(f"scales {SCALES[0]} (solid), {SCALES[1]} (dashed)",
                                f"尺度 {SCALES[0]}（实线）、{SCALES[1]}（虚线）"), ha="left", size=7.5)
    d.text(x, margin + 0.25, d.t(f"stride {STRIDE} px per cell", f"每格步幅 {STRIDE} 像素"),
           ha="left", size=7.5)
    return d.done()
