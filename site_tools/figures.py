"""Figures made from the package's own code: ``snippets/<slug>/fig_<name>.py`` (plots) and
``snippets/<slug>/diagram_<name>.py`` (architecture diagrams, see ``site_tools.diagrams``) define
``make(lang) -> matplotlib Figure``; it is saved as ``<part>/figures/<name>.svg`` (English) and
``<name>.zh.svg`` (Chinese labels) next to the chapter page. SVG output is byte-for-byte
reproducible (fixed hash salt, no date), so a test can tell when a committed figure is stale.
Four rewrites of matplotlib's SVG make the files smaller and draw the same: coordinates are
written to 1/100 pt (finer than any screen shows, where matplotlib writes six decimals), the
font family most labels name (matplotlib repeats its whole fallback list in every label) is
stated once, in the figure's stylesheet, and embedded PNG images are stored without their
alpha channel where it is all opaque, compressed harder; and the markup is compacted
(``compact_markup``: no metadata, comments or indentation, repeated styles as classes).
"""

from __future__ import annotations

import base64
import io
import re
import runpy
from collections import Counter
from pathlib import Path

from site_tools.doc_examples import ROOT

DOCS = ROOT / "docs"
_GEOMETRY = re.compile(r' (d|x|y|width|height|viewBox|transform)="([^"]*)"')
_LONG_DECIMAL = re.compile(r"-?\d+\.\d{3,}")
_STYLE = re.compile(r' style="([^"]*)"')
_PNG = re.compile(r"data:image/png;base64,\s*([A-Za-z0-9+/=]+)")


def figure_scripts() -> list[Path]:
    """Plots (``fig_*.py``) and architecture diagrams (``diagram_*.py``, drawn with
    ``site_tools.diagrams``) of every chapter."""
    snippets = ROOT / "snippets"
    return sorted([*snippets.glob("*/fig_*.py"), *snippets.glob("*/diagram_*.py")])


def is_diagram(script: Path) -> bool:
    return script.name.startswith("diagram_")


def target(script: Path, lang: str) -> Path:
    """Where a figure script's SVG goes: beside the page of the chapter it belongs to."""
    slug = script.parent.name
    page = next(DOCS.glob(f"*/{slug}.md"), None)
    if page is None:
        raise FileNotFoundError(f"{script}: no chapter page docs/*/{slug}.md")
    name = script.stem.removeprefix("fig_").removeprefix("diagram_")
    return page.parent / "figures" / (f"{name}.zh.svg" if lang == "zh" else f"{name}.svg")


def render(script: Path, lang: str) -> bytes:
    """The SVG bytes of one figure in one language."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcdefaults()
    plt.rcParams.update({
        "svg.hashsalt": "dlnotes",
        "svg.fonttype": "none",  # text stays text: small files, Chinese labels render
        # images go in at their own resolution and the browser scales them up pixelated
        # (image-rendering), rather than as bitmaps resampled at the figure's resolution
        "image.interpolation": "none",
        "font.family": ["DejaVu Sans", "Noto Sans CJK SC", "sans-serif"],
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    fig = runpy.run_path(str(script))["make"](lang)
    buffer = io.BytesIO()
    # a diagram is exactly its canvas: a tight box would depend on the installed fonts' metrics
    fig.savefig(buffer, format="svg", metadata={"Date": None},
                bbox_inches=None if is_diagram(script) else "tight")
    plt.close(fig)
    svg = buffer.getvalue().decode("utf-8")
    svg = _shared_font_family(_compact_images(svg), by_length=is_diagram(script))
    return _round_coordinates(compact_markup(svg)).encode("utf-8")


def _style_classes(svg: str) -> str:
    """The SVG with each inline style used more than once replaced by a class, defined once
    in its stylesheet (``.s0{...}``)."""
    counts = Counter(_STYLE.findall(svg))
    repeated = [style for style, n in counts.most_common() if n > 1]
    if not repeated or svg.count("</style>") != 1:
        return svg
    names = {style: f"s{i}" for i, style in enumerate(repeated)}
    svg = _STYLE.sub(lambda m: f' class="{names[m[1]]}"' if m[1] in names else m[0], svg)
    rules = "".join(f".{name}{{{style}}}" for style, name in names.items())
    return svg.replace("</style>", f"\n{rules}</style>")


def compact_markup(svg: str) -> str:
    """The SVG without its metadata block, comments and indentation, with path data on one
    line and repeated inline styles as classes: the same drawing in about two thirds of the
    bytes. A pure function of the text, so applying it to a committed figure gives what
    ``render`` writes on the machine that made it. A line break stays where one was: between
    the spans of a formula it reads as a space, which their x positions override."""
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = _style_classes(svg)
    svg = re.sub(r' d="[^"]*"', lambda m: re.sub(r"\s*\n\s*", " ", m[0]).replace(' "', '"'), svg)
    return re.sub(r"\n[ \t]+", "\n", svg)


def _compact_images(svg: str) -> str:
    """The SVG with each embedded PNG stored again, losslessly: RGB where matplotlib's RGBA
    is all opaque, and zlib's smallest output (Pillow's ``optimize``)."""
    from PIL import Image

    def smaller(m: re.Match) -> str:
        image = Image.open(io.BytesIO(base64.b64decode(m[1])))
        if image.mode == "RGBA" and image.getextrema()[3] == (255, 255):
            image = image.convert("RGB")
        png = io.BytesIO()
        image.save(png, format="png", optimize=True)
        return "data:image/png;base64,\n" + base64.b64encode(png.getvalue()).decode("ascii")

    return _PNG.sub(smaller, svg)


def _shared_font_family(svg: str, by_length: bool = False) -> str:
    """The SVG with the font family most labels name set by its stylesheet (on ``text`` and
    ``tspan``) instead of in each label's style; labels in another family keep their own.
    ``by_length``: the family whose repetitions take the most bytes instead (a diagram's
    labels name a long fallback list, its formulas a single family)."""
    families = Counter(re.findall(r"font-family: ([^;\"]+)", svg))
    if not families or svg.count("</style>") != 1:
        return svg
    if by_length:
        families = Counter({f: n * len(f) for f, n in families.items()})
    shared = f"font-family: {families.most_common(1)[0][0]}"

    def without(style: re.Match) -> str:
        kept = [d for d in style[1].split("; ") if d != shared]
        return f' style="{"; ".join(kept)}"' if kept else ""

    return _STYLE.sub(without, svg).replace("</style>", f" text,tspan{{{shared}}}</style>")


def _round_coordinates(svg: str) -> str:
    """The SVG with the numbers of its geometry attributes rounded to two decimals; text is
    left alone, and so are matrix transforms (they scale whole images)."""

    def short(number: re.Match) -> str:
        text = f"{float(number[0]):.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    def attribute(m: re.Match) -> str:
        if "matrix" in m[2]:
            return m[0]
        return f' {m[1]}="{_LONG_DECIMAL.sub(short, m[2])}"'

    return _GEOMETRY.sub(attribute, svg)
