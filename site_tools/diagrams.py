"""Drawing primitives for the architecture diagrams (``snippets/<slug>/diagram_<name>.py``).

A diagram script defines ``make(lang) -> matplotlib Figure`` like a figure script, and
``site_tools.figures`` renders both kinds. The difference is in what they are for: a diagram
shows a structure (boxes, arrows, shapes), and where a module of the package implements it, the
script reads the content from that module (layer list, parameter names, shapes from a forward
pass, the output of a real call) and only the layout is written by hand.

Why matplotlib: it is already in the stack (the figures use it), it writes SVG with no browser
and no network, its output is reproducible byte for byte, and its mathtext sets the notes'
symbols. A graph-layout tool (Graphviz) or a JavaScript renderer (mermaid) would add a system
dependency or a script fetched when the page is viewed.

Conventions that make a diagram the same on every machine and legible in both themes:

- Coordinates are inches, origin bottom left; the figure is exactly ``width x height`` (no tight
  bounding box, which would depend on the fonts installed on the rendering machine).
- Text is set as text (``svg.fonttype: none``) in the family list ``FONTS``; every label is
  placed on its baseline with ``text-anchor`` alignment, so its position does not depend on the
  metrics of the font that matplotlib finds. Box sizes come from :func:`text_width`, an estimate
  from character classes (a CJK character is one em wide), not from installed fonts.
- The background is transparent and every text and stroke colour has a contrast of at least 3:1
  against both Material's light background (white) and its dark ``slate`` background
  (``#1e2129``): the palette is the part of Okabe and Ito's colour-blind-safe palette that
  meets this, plus a neutral grey ``INK``. Fills are the same colours, mostly transparent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# Okabe & Ito (2008), the members with 3:1 contrast on white and on #1e2129
BLUE = "#0072b2"
VERMILLION = "#d55e00"
GREEN = "#009e73"
PURPLE = "#cc79a7"
INK = "#6e6e6e"  # neutral text and strokes: 5.0:1 on white, 3.2:1 on the slate background
# for fills only (too light for lines on white)
ORANGE = "#e69f00"
SKY = "#56b4e9"

LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#1e2129"  # Material's slate scheme, --md-default-bg-color

FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
         "Microsoft YaHei", "sans-serif"]
SIZE = 8.5  # points, the default label size


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@cache
def _glossary(slug: str) -> dict[str, str]:
    data = yaml.safe_load((ROOT / "glossary" / f"{slug}.yml").read_text(encoding="utf-8"))
    return {t["en"]: t["zh"] for t in data["terms"]}


def term(slug: str, en: str, lang: str) -> str:
    """A glossary term of chapter ``slug`` in ``lang`` (KeyError if the glossary lacks it)."""
    zh = _glossary(slug)[en]
    return zh if lang == "zh" else en


def text_width(s: str, size: float = SIZE) -> float:
    """Estimated width in inches of ``s`` at ``size`` points, from character classes: wide
    (CJK) characters one em, others 0.58 em (mathtext markup counted roughly)."""
    if s.count("$") >= 2:
        s = s.replace("$", "").replace("\\", "").replace("{", "").replace("}", "").replace("_", "")
    ems = sum(1.0 if ord(c) >= 0x2E80 else 0.58 for c in s)
    return ems * size / 72


@dataclass
class Box:
    x: float  # centre
    y: float
    w: float
    h: float

    @property
    def left(self):
        return (self.x - self.w / 2, self.y)

    @property
    def right(self):
        return (self.x + self.w / 2, self.y)

    @property
    def top(self):
        return (self.x, self.y + self.h / 2)

    @property
    def bottom(self):
        return (self.x, self.y - self.h / 2)


class Diagram:
    """A ``width x height`` inch canvas in language ``lang`` with the drawing primitives."""

    def __init__(self, width: float, height: float, lang: str):
        import logging

        import matplotlib.pyplot as plt

        # the CJK families are for the reader's browser; here only their absence is reported
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        plt.rcParams["font.family"] = FONTS
        plt.rcParams["mathtext.fontset"] = "dejavusans"
        self.lang = lang
        self.fig = plt.figure(figsize=(width, height))
        self.fig.patch.set_alpha(0)
        self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, width)
        self.ax.set_ylim(0, height)
        self.ax.set_axis_off()
        self.ax.patch.set_alpha(0)

    def t(self, en: str, zh: str) -> str:
        """The label in the diagram's language."""
        return zh if self.lang == "zh" else en

    def text(self, x, y, s, *, size=SIZE, colour=INK, ha="center", va="center", weight="normal",
             rotation=0):
        """A label; ``va`` "center" puts the middle of the line's x-height at ``y``."""
        if va == "center":
            y -= 0.36 * size / 72
        elif va == "top":
            y -= 0.75 * size / 72
        return self.ax.text(x, y, s, fontsize=size, color=colour, ha=ha, va="baseline",
                            fontweight=weight, rotation=rotation, rotation_mode="anchor")

    def box(self, x, y, label="", *, w=None, h=0.32, colour=BLUE, size=SIZE, sub=None,
            fill=0.14, dashed=False, rounded=True, lw=1.1) -> Box:
        """A box centred at ``(x, y)`` with ``label`` (and a smaller line ``sub`` below it);
        its width fits the text unless ``w`` is given."""
        from matplotlib.patches import FancyBboxPatch

        lines = [label] + ([sub] if sub else [])
        if w is None:
            w = max(text_width(s, size) for s in lines) + 0.2
        if sub and h < 0.44:
            h = 0.44
        style = "round,pad=0,rounding_size=0.06" if rounded else "square,pad=0"
        self.ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle=style,
                                         facecolor=colour if fill else "none", alpha=None,
                                         edgecolor=colour, lw=lw, ls="--" if dashed else "-"))
        if fill:
            self.ax.patches[-1].set_facecolor(_with_alpha(colour, fill))
        if sub:
            self.text(x, y + 0.08, label, size=size)
            self.text(x, y - 0.1, sub, size=size - 1.5)
        elif label:
            self.text(x, y, label, size=size)
        return Box(x, y, w, h)

    def circle(self, x, y, label, *, r=0.11, colour=INK, size=SIZE, fill=0.0) -> Box:
        """A small circle, e.g. an elementwise operation (+, ×, σ)."""
        from matplotlib.patches import Circle

        self.ax.add_patch(Circle((x, y), r, facecolor=_with_alpha(colour, fill) if fill else "none",
                                 edgecolor=colour, lw=1.0))
        if label:
            self.text(x, y, label, size=size, colour=colour)
        return Box(x, y, 2 * r, 2 * r)

    def arrow(self, a, b, *, colour=INK, dashed=False, rad=0.0, lw=1.0, head=True,
              shrink=0.0):
        """An arrow from point ``a`` to point ``b`` (curved when ``rad`` is not 0)."""
        from matplotlib.patches import FancyArrowPatch

        style = "-|>,head_length=4,head_width=2.2" if head else "-"
        self.ax.add_patch(FancyArrowPatch(a, b, arrowstyle=style, color=colour, lw=lw,
                                          ls=(0, (3, 2)) if dashed else "-",
                                          connectionstyle=f"arc3,rad={rad}",
                                          shrinkA=shrink, shrinkB=shrink, mutation_scale=1.6))

    def line(self, points, *, colour=INK, dashed=False, lw=1.0):
        xs, ys = zip(*points, strict=True)
        self.ax.plot(xs, ys, color=colour, lw=lw, ls=(0, (3, 2)) if dashed else "-",
                     solid_capstyle="butt")

    def elbow(self, a, b, *, colour=INK, dashed=False, lw=1.0, via="x"):
        """An arrow from ``a`` to ``b`` going first along ``via`` ("x" or "y"), then the other."""
        corner = (b[0], a[1]) if via == "x" else (a[0], b[1])
        self.line([a, corner], colour=colour, dashed=dashed, lw=lw)
        self.arrow(corner, b, colour=colour, dashed=dashed, lw=lw)

    def bracket(self, x0, x1, y, label, *, below=True, colour=INK, size=SIZE - 0.5):
        """A square bracket from ``x0`` to ``x1`` at height ``y`` with ``label`` outside it."""
        d = -0.06 if below else 0.06
        self.line([(x0, y - d), (x0, y), (x1, y), (x1, y - d)], colour=colour, lw=0.9)
        self.text((x0 + x1) / 2, y + (-0.14 if below else 0.14), label, size=size, colour=colour)

    def strip(self, layers, *, x0, y, gap=0.22, h=0.5, colours=None, size=SIZE - 0.5) -> list[Box]:
        """A left-to-right strip of layer boxes joined by arrows; ``layers`` are
        ``(title, detail)`` pairs (``detail`` e.g. a shape, smaller, under the title)."""
        boxes, x = [], x0
        for i, (title, detail) in enumerate(layers):
            w = max(text_width(title, size), text_width(detail, size - 1.5)) + 0.16
            colour = colours[i] if colours else BLUE
            boxes.append(self.box(x + w / 2, y, title, sub=detail, w=w, h=h, colour=colour,
                                  size=size))
            if i:
                self.arrow(boxes[-2].right, boxes[-1].left)
            x += w + gap
        return boxes

    def resize(self, width: float | None = None, height: float | None = None):
        """Change the canvas size (e.g. to what a strip needed); the origin stays."""
        w, h = self.fig.get_size_inches()
        w, h = width or w, height or h
        self.fig.set_size_inches(w, h)
        self.ax.set_xlim(0, w)
        self.ax.set_ylim(0, h)

    def done(self):
        """The figure, with nothing clipped (a clip path per element only adds bytes)."""
        for artist in [*self.ax.patches, *self.ax.texts, *self.ax.lines]:
            artist.set_clip_on(False)
        return self.fig


def _with_alpha(colour: str, alpha: float):
    from matplotlib.colors import to_rgba

    return to_rgba(colour, alpha)
