"""Figures made from the package's own code: ``snippets/<slug>/fig_<name>.py`` (plots) and
``snippets/<slug>/diagram_<name>.py`` (architecture diagrams, see ``site_tools.diagrams``)
define ``make(lang) -> matplotlib Figure``; it is saved as ``<part>/figures/<name>.svg``
(English) and ``<name>.zh.svg`` (Chinese labels) next to the chapter page. SVG output is
reproducible (fixed hash salt, no date, and the fonts that lay out the labels come from pinned
packages, matplotlib's DejaVu Sans and the Noto Sans SC of ``pylopdf-fonts-zh-cn``, never from
whatever the machine has installed), and :func:`svg_mismatch` compares a committed figure with
a fresh one to a tolerance, so that the last bits another CPU computes differently do not make
a figure stale, while a changed curve, label or colour does.
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

from site_tools import svg_fonts
from site_tools.markdown_blocks import ROOT

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


def render(script: Path, lang: str, fonts: bool = True) -> bytes:
    """The SVG bytes of one figure in one language; ``fonts``: with the subsets of its fonts
    embedded (``site_tools.svg_fonts``; what is committed), or without (enough to compare a
    fresh rendering with the committed file, and a second faster)."""
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
        "font.family": ["DejaVu Sans", _cjk_family(), "sans-serif"],
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
    svg = _round_coordinates(compact_markup(svg))
    return (svg_fonts.embed(svg) if fonts else svg).encode("utf-8")


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


def _cjk_family() -> str:
    """Register the pinned Chinese font with matplotlib; return its family name."""
    import pylopdf_fonts_zh_cn
    from matplotlib import font_manager

    path = str(pylopdf_fonts_zh_cn.sans_path())
    if path not in {f.fname for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


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


#: Largest difference of a coordinate or other number of a figure's markup (in pt, a
#: 72nd of an inch), and of an embedded image's pixel (in levels of 255), that counts as
#: float noise rather than a change.
COORDINATE_TOLERANCE = 0.5
PIXEL_TOLERANCE = 3
_ID = re.compile(r'\bid="([^"]+)"')
_SVG_NUMBER = re.compile(r"(?<![A-Za-z_\d.#])-?(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")


def _canonical(svg: str) -> tuple[str, list]:
    """The SVG with matplotlib's hashed ids (they hash coordinates) renamed in order of
    appearance, its embedded images taken out as pixel arrays and its embedded fonts left out
    (they follow from its text: ``tests/test_figures.py`` checks that they cover it)."""
    import numpy as np
    from PIL import Image

    images = []
    svg = svg_fonts.without_faces(svg)

    def take(m: re.Match) -> str:
        images.append(np.asarray(Image.open(io.BytesIO(base64.b64decode(m[1]))).convert("RGBA"),
                                 dtype=np.int16))
        return "data:image/png;base64,IMAGE"

    svg = _PNG.sub(take, svg)
    for k, name in enumerate(dict.fromkeys(_ID.findall(svg))):
        svg = re.sub(rf"(?<=[\"#]){re.escape(name)}(?=[\")])", f"id{k}", svg)
    return svg, images


def svg_mismatch(committed: str, fresh: str) -> str | None:
    """``None`` when two renderings of a figure draw the same thing; else the first change.

    Text (labels, tick labels, legends) and markup must be equal; the numbers in the markup
    (coordinates, sizes) may differ by :data:`COORDINATE_TOLERANCE`, the pixels of embedded
    images by :data:`PIXEL_TOLERANCE`.
    """
    (a, images_a), (b, images_b) = _canonical(committed), _canonical(fresh)
    parts_a, parts_b = _TAG_OR_TEXT.findall(a), _TAG_OR_TEXT.findall(b)
    if len(parts_a) != len(parts_b):
        return f"{len(parts_a)} elements and text runs committed, {len(parts_b)} made now"
    for (tag_a, text_a), (tag_b, text_b) in zip(parts_a, parts_b, strict=True):
        if text_a != text_b:
            return f"text {text_a.strip()[:80]!r} is now {text_b.strip()[:80]!r}"
        nums_a, nums_b = _SVG_NUMBER.findall(tag_a), _SVG_NUMBER.findall(tag_b)
        if _SVG_NUMBER.sub("#", tag_a) != _SVG_NUMBER.sub("#", tag_b) or len(nums_a) != len(
                nums_b):
            return f"markup {tag_a[:120]!r} is now {tag_b[:120]!r}"
        for x, y in zip(nums_a, nums_b, strict=True):
            if abs(float(x) - float(y)) > COORDINATE_TOLERANCE:
                return f"{x} is now {y} in {tag_a[:120]!r}"
    if len(images_a) != len(images_b):
        return f"{len(images_a)} embedded images committed, {len(images_b)} made now"
    for k, (x, y) in enumerate(zip(images_a, images_b, strict=True)):
        if x.shape != y.shape:
            return f"embedded image {k} is {x.shape[1]}x{x.shape[0]}, now {y.shape[1]}x{y.shape[0]}"
        if abs(x - y).max() > PIXEL_TOLERANCE:
            return f"embedded image {k}: pixels differ by up to {abs(x - y).max()} levels"
    return None
