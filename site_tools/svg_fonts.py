"""Fonts inside the figures: each SVG carries, as ``@font-face`` rules with ``data:`` URIs, the
subset of every font its labels use, cut down to the characters they show.

A figure is an ``<img>``, which may not load anything from outside itself, and readers'
machines differ in their fonts: one without a Chinese font would draw the Chinese labels as
boxes, one without DejaVu Sans in another face whose widths overflow the diagrams' boxes. With
the glyphs inside the file, every reader sees the labels in the fonts that laid them out:
matplotlib's DejaVu Sans (and its STIX fonts for formulas) and the pinned Noto Sans SC for the
Chinese characters. Those are declared under the family name the labels ask for first, with a
``unicode-range`` each, so a label's Latin and Chinese characters both come from embedded faces.
Subsets are WOFF (zlib) without hinting, a few kilobytes each; the output is a pure function
of the characters, the fonts and fontTools' version, so a figure stays reproducible.
"""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from functools import cache

_SVG = "{http://www.w3.org/2000/svg}"
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_FACE = re.compile(r"@font-face\{[^}]*\}")


def _declarations(style: str) -> dict[str, str]:
    pairs = (d.split(":", 1) for d in style.split(";") if ":" in d)
    return {k.strip(): v.strip() for k, v in pairs}


def _stylesheet(svg: ET.Element) -> dict[str, dict[str, str]]:
    """Selector -> declarations of the figure's stylesheet (``text,tspan`` and ``.sN`` rules)."""
    sheet: dict[str, dict[str, str]] = {}
    for style in svg.iter(f"{_SVG}style"):
        for selectors, body in _RULE.findall(_FACE.sub("", style.text or "")):
            for selector in selectors.split(","):
                sheet.setdefault(selector.strip(), {}).update(_declarations(body))
    return sheet


def used_faces(svg_text: str) -> dict[tuple[str, str, str], set[str]]:
    """``(first family, style, weight)`` -> the characters the labels set in that face."""
    root = ET.fromstring(svg_text.encode("utf-8"))
    sheet = _stylesheet(root)
    faces: dict[tuple[str, str, str], set[str]] = defaultdict(set)

    def visit(node: ET.Element, inherited: dict[str, str]) -> None:
        tag = node.tag.removeprefix(_SVG)
        props = dict(inherited)
        if tag in ("text", "tspan"):
            props.update(sheet.get(tag, {}))
        for name in (node.get("class") or "").split():
            props.update(sheet.get(f".{name}", {}))
        props.update(_declarations(node.get("style") or ""))
        is_text = tag in ("text", "tspan")
        if is_text:
            faces[_face_of(props)].update(node.text or "")
        for child in node:
            visit(child, props)
            if is_text:
                faces[_face_of(props)].update(child.tail or "")

    visit(root, {})
    faces = {k: {c for c in v if not c.isspace()} for k, v in faces.items()}
    return {k: v for k, v in faces.items() if v}


def _face_of(props: dict[str, str]) -> tuple[str, str, str]:
    family = props.get("font-family", "sans-serif").split(",")[0].strip(" '\"")
    style = "normal" if props.get("font-style", "normal") == "normal" else "oblique"
    weight = "700" if props.get("font-weight", "400") in ("700", "bold") else "400"
    return family, style, weight


@cache
def _font_file(family: str, style: str, weight: str) -> str:
    """Path of the font matplotlib lays out ``family`` with (its own DejaVu and STIX fonts)."""
    from matplotlib import font_manager

    props = font_manager.FontProperties(family=family, style=style, weight=int(weight))
    return font_manager.findfont(props, fallback_to_default=False)


@cache
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


def _cjk_file() -> str:
    import pylopdf_fonts_zh_cn

    return str(pylopdf_fonts_zh_cn.sans_path())


def _subset_woff(path: str, codepoints: frozenset[int]) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = []  # labels are set glyph by glyph; no ligatures, no kerning
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a browser reads
    font = subset.load_font(path, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def _ranges(codepoints: frozenset[int]) -> str:
    return ",".join(f"U+{c:X}" for c in sorted(codepoints))


def face_rules(svg_text: str) -> str:
    """The ``@font-face`` rules that make the figure's labels independent of installed fonts:
    per face, the characters its own font has, and the rest from the pinned Chinese font,
    declared under the same family, style and weight (a browser fills in characters only from
    faces whose descriptors are equal, so a bold label's Chinese needs a face of its own)."""
    rules = []
    for (family, style, weight), chars in sorted(used_faces(svg_text).items()):
        wanted = frozenset(map(ord, chars))
        path = _font_file(family, style, weight)
        own = wanted & _cmap(path)
        cjk = (wanted - own) & _cmap(_cjk_file())
        for source, points in ((path, own), (_cjk_file(), cjk)):
            if points:
                rules.append(_rule(family, style, weight, source, frozenset(points)))
    return "\n".join(rules)


def _rule(family: str, style: str, weight: str, path: str, points: frozenset[int]) -> str:
    data = base64.b64encode(_subset_woff(path, points)).decode("ascii")
    return (f"@font-face{{font-family:'{family}';font-style:{style};font-weight:{weight};"
            f"unicode-range:{_ranges(points)};src:url(data:font/woff;base64,{data})}}")


def cjk_rule(family: str, text: str) -> str:
    """An ``@font-face`` rule that gives ``family`` the characters of ``text`` from U+2E80 up
    (CJK ideographs and punctuation, fullwidth forms) that the pinned Chinese font has, as a
    subset of it limited to them by ``unicode-range``; empty when there are none. Listed first
    in a font stack, it sets the Chinese and leaves every other character to the fonts after
    it (a browser does not reliably fall back from a Latin font to a web font listed later)."""
    points = frozenset(ord(c) for c in text if ord(c) >= 0x2E80) & _cmap(_cjk_file())
    return _rule(family, "normal", "normal", _cjk_file(), points) if points else ""


def without_faces(svg_text: str) -> str:
    """The SVG with its embedded ``@font-face`` rules taken out (what :func:`embed` added)."""
    return re.sub(r"\n?@font-face\{[^}]*\}", "", svg_text)


def uncovered(svg_text: str) -> dict[tuple[str, str, str], set[str]]:
    """Per face, the characters of the labels that no embedded ``@font-face`` rule covers
    (empty when the file is self-contained); read from the rules' ``unicode-range``."""
    have: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for rule in _FACE.findall(svg_text):
        d = _declarations(rule[len("@font-face{"):-1])
        key = (d["font-family"].strip("'"), d["font-style"], d["font-weight"])
        have[key].update(chr(int(u[2:], 16)) for u in d["unicode-range"].split(","))
    return {k: v - have[k] for k, v in used_faces(svg_text).items() if v - have[k]}


def embed(svg_text: str) -> str:
    """The SVG with its fonts' subsets in its stylesheet (see the module's docstring)."""
    rules = face_rules(svg_text)
    if not rules or svg_text.count("</style>") != 1:
        return svg_text
    return svg_text.replace("</style>", f"\n{rules}</style>")
