"""The weight of a built page: what a browser downloads to show it, uncompressed.

That is the page's HTML (inline ``data:`` URIs included) plus every stylesheet, script and image
it references on the site's own host, plus the files those stylesheets reference with
``url(...)`` (fonts, images). Of a ``@font-face`` rule's alternatives only the ``woff2`` files
are counted: every current browser takes that first format and fetches no other.

A browser fetches a web font only when text on the page is set in it, so KaTeX's fonts (the
``@font-face`` families ``KaTeX_*``) are counted per page: the text of each formula's
``.katex-html`` element gets its font family, style and weight from the rules of the KaTeX
stylesheet the page links (parsed from that file, with the cascade: specificity, then source
order, inherited from the nearest ancestor that sets the property), and each (family, style,
weight) is matched to its ``@font-face`` as CSS font matching does. The MathML copy of a formula
(``.katex-mathml``) is visually hidden and set in no KaTeX font; a page without formulas loads
no KaTeX font. Other fonts are counted whenever their stylesheet is loaded. The search index is
left aside (it is fetched only when the reader searches).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import Comment, Tag

from site_tools.pages import parse

_REF = re.compile(
    r'<(?:link|script|img|source|image|use)\b[^>]*?\s(?:href|src|srcset|xlink:href)="([^"]+)"',
    re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_SKIPPED_FONTS = (".woff", ".ttf", ".eot", ".otf")


def _local(ref: str, base: Path, root: Path) -> Path | None:
    """The file a reference names on this site, or None (other host, data: URI, anchor)."""
    parts = urlsplit(ref.strip().split(" ")[0])
    if parts.scheme or parts.netloc or not parts.path or ref.startswith("data:"):
        return None
    path = unquote(parts.path)
    target = (root / path.lstrip("/")) if path.startswith("/") else (base / path)
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() and root in target.parents else None


@cache
def _css_assets(css: Path, root: Path) -> frozenset[Path]:
    """The files a stylesheet pulls in: url() targets (woff2 only among fonts), @imports.

    KaTeX's fonts are left out here: ``page_assets`` adds those the page's formulas use."""
    found = set()
    text = _KATEX_FACE.sub("", css.read_text(encoding="utf-8", errors="replace"))
    for ref in _CSS_URL.findall(text):
        if ref.lower().split("?")[0].endswith(_SKIPPED_FONTS):
            continue
        target = _local(ref, css.parent, root)
        if target is None:
            continue
        found.add(target)
        if target.suffix == ".css":
            found |= _css_assets(target, root)
    return frozenset(found)


_KATEX_FACE = re.compile(r"@font-face\s*\{[^}]*font-family:\s*['\"]?KaTeX_[^}]*\}")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_FONT_SHORTHAND = re.compile(r"(.*?)[\d.]+(?:[a-z]+|%)(?:/\S+)?\s+(.+)")
_WEIGHTS = {"normal": 400, "bold": 700}
_UNSTYLED = {"font-family": (), "font-style": "normal", "font-weight": 400}

Face = tuple[str, str, int]  # font family, style, weight
Element = tuple[str, frozenset[str]]  # element name, classes ("" as a name: any element)
Selector = list[tuple[Element, str]]  # compounds right to left, each with its left combinator


def _weight(value: str) -> int:
    return _WEIGHTS.get(value) or int(value)


def _declarations(body: str) -> dict[str, str]:
    pairs = (d.split(":", 1) for d in body.split(";") if ":" in d)
    return {k.strip().lower(): v.strip() for k, v in pairs}


def _font(decls: dict[str, str]) -> dict:
    """The font family (the list, first choice first), style and weight a rule sets."""
    font = {}
    if "font" in decls:  # the shorthand resets style and weight; size, then the families
        m = _FONT_SHORTHAND.fullmatch(decls["font"])
        if m is None:
            raise ValueError(f"the budget cannot read the font shorthand {decls['font']!r}")
        font = {"font-family": m[2], "font-style": "normal", "font-weight": "normal"}
        for word in m[1].split():
            if word != "normal":
                font["font-style" if word in ("italic", "oblique") else "font-weight"] = word
    font.update({k: v for k, v in decls.items()
                 if k in ("font-family", "font-style", "font-weight")})
    if "font-weight" in font:
        font["font-weight"] = _weight(font["font-weight"])
    if "font-family" in font:
        font["font-family"] = tuple(f.strip().strip("'\"") for f in font["font-family"].split(","))
    return font


def _selector(text: str) -> Selector:
    tokens = re.sub(r"\s*>\s*", " > ", text.strip()).split()
    parts: Selector = []
    for token in reversed(tokens):
        if token == ">":
            parts[-1] = (parts[-1][0], ">")
            continue
        m = re.fullmatch(r"([\w-]*)((?:\.[\w-]+)*)", token)
        if m is None:
            raise ValueError(f"the budget cannot tell which elements {text!r} selects")
        parts.append(((m[1], frozenset(m[2].split(".")[1:])), " "))
    return parts


def _matches(selector: Selector, chain: list[Element]) -> bool:
    """Whether a selector matches the last element of a chain of ancestors (root first)."""
    (name, classes), combinator = selector[0]
    if (name and name != chain[-1][0]) or not classes <= chain[-1][1]:
        return False
    if len(selector) == 1:
        return True
    if combinator == ">":
        return len(chain) > 1 and _matches(selector[1:], chain[:-1])
    return any(_matches(selector[1:], chain[:i]) for i in range(len(chain) - 1, 0, -1))


@cache
def _katex_css(css: Path, root: Path) -> tuple[dict[Face, Path], list[tuple[Selector, dict]]]:
    """A stylesheet's KaTeX faces (the woff2 file of each) and, where it has some, its rules
    that set a font, in the order they apply (specificity, then source order)."""
    blocks = [(selectors.strip(), _declarations(body)) for selectors, body in
              _RULE.findall(_COMMENT.sub("", css.read_text(encoding="utf-8")))]
    faces = {}
    for decls in (decls for selectors, decls in blocks if selectors == "@font-face"):
        family = decls.get("font-family", "").strip("'\"")
        woff2 = [r for r in _CSS_URL.findall(decls.get("src", "")) if r.endswith(".woff2")]
        if family.startswith("KaTeX_") and woff2:
            face = (family, decls.get("font-style", "normal"),
                    _weight(decls.get("font-weight", "normal")))
            faces[face] = _local(woff2[0], css.parent, root)
    rules = []
    for index, (selectors, decls) in enumerate(blocks):
        if faces and not selectors.startswith("@") and (font := _font(decls)):
            for text in selectors.split(","):
                selector = _selector(text)
                specificity = sum(len(classes) + bool(name) for (name, classes), _ in selector)
                rules.append(((specificity, index), selector, font))
    rules.sort(key=lambda rule: rule[0])
    return faces, [(selector, font) for _, selector, font in rules]


def _best_face(faces: dict[Face, Path], family: str, style: str, weight: int) -> Path:
    """The face of a family a browser picks for a style and weight (CSS font matching)."""
    own = {(s, w): path for (f, s, w), path in faces.items() if f == family}
    order = {"italic": ("italic", "oblique", "normal"),
             "oblique": ("oblique", "italic", "normal")}.get(style, ("normal", "oblique", "italic"))
    style = next(s for s in order if any(s == t for t, _ in own))

    def preference(w: int) -> tuple[int, int]:
        if weight > 500:  # the nearest heavier, else the nearest lighter
            return (0, w) if w >= weight else (1, -w)
        if weight < 400:  # the nearest lighter, else the nearest heavier
            return (0, -w) if w <= weight else (1, w)
        return (0, w) if weight <= w <= 500 else (1, -w) if w < weight else (2, w)

    return own[style, min((w for s, w in own if s == style), key=preference)]


def _katex_fonts(page: Path, css: Path, root: Path) -> set[Path]:
    """The KaTeX font files (of stylesheet ``css``) the text of the page's formulas is set in."""
    faces, rules = _katex_css(css, root)
    families = {family for family, _, _ in faces}
    used = set()

    def styled(chain: list[Element], inherited: dict) -> dict:
        font = dict(inherited)
        for selector, decls in rules:
            if _matches(selector, chain):
                font.update(decls)
        return font

    def walk(tag: Tag, chain: list[Element], inherited: dict) -> None:
        chain = [*chain, (tag.name, frozenset(tag.get("class", [])))]
        font = styled(chain, inherited)
        for child in tag.children:
            if isinstance(child, Tag):
                walk(child, chain, font)
            elif child and not isinstance(child, Comment):
                family = next((f for f in font["font-family"] if f in families), None)
                if family is not None:
                    used.add(_best_face(faces, family, font["font-style"], font["font-weight"]))

    if faces:
        for formula in parse(page).select(".katex-html"):  # .katex-mathml is left out
            chain, font = [], _UNSTYLED
            for ancestor in reversed(list(formula.parents)):
                chain.append((ancestor.name, frozenset(ancestor.get("class", []))))
                font = styled(chain, font)
            walk(formula, chain, font)
    return used


def page_assets(page: Path, root: Path) -> set[Path]:
    """Stylesheets, scripts, images and fonts ``page`` loads from the site (not the index)."""
    text = page.read_text(encoding="utf-8")
    assets = set()
    for tag in re.finditer(r"<(?:link|script|img|source|image|use)\b[^>]*>", text, re.I):
        t = tag.group(0)
        if t.lower().startswith("<link") and not re.search(
                r'rel="(?:stylesheet|icon|preload|modulepreload)"', t, re.I):
            continue  # navigation links (prev/next, alternate languages) load nothing
        for ref in _REF.findall(t):
            if ref.strip().startswith("data:"):
                continue  # inline: already counted with the HTML
            for candidate in ref.split(","):  # srcset lists
                target = _local(candidate, page.parent, root)
                if target is None or target.name == "search_index.json" or target == page:
                    continue
                assets.add(target)
                if target.suffix == ".css":
                    assets |= _css_assets(target, root)
    if "katex-html" in text:  # a page without formulas loads no KaTeX font
        for css in [a for a in assets if a.suffix == ".css"]:
            assets |= _katex_fonts(page, css, root)
    return assets


def page_weight(page: Path, root: Path) -> int:
    return page.stat().st_size + sum(a.stat().st_size for a in page_assets(page, root))
