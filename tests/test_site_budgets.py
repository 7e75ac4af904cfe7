"""Speed budgets of the built site, as deterministic sizes (no timings).

A page's weight is what a browser downloads to show it, uncompressed: the page's HTML (inline
``data:`` URIs included) plus every stylesheet, script and image it references on the site's
own host, plus the files those stylesheets reference with ``url(...)`` (fonts, images). Of a
``@font-face`` rule's alternatives only the ``woff2`` files are counted: every current browser
takes that first format and fetches no other. The search index is left aside (it is fetched
only when the reader searches). Requests to other hosts are tested in tests/test_site.py.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

BUDGET = 1_000_000  # bytes per page, the page and everything it loads

# Pages over the budget today, each with the weight it may not exceed while it is cut down
# (the limit is the measured weight rounded up, so that any growth fails the test).
OVER_BUDGET = {
    # 390 KB of HTML (about 100 KaTeX formulas, each as HTML and MathML, and the code tabs)
    # plus three matplotlib SVG figures of 43-54 KB on top of the ~550 KB every page loads
    "sequence/attention/index.html": 1_230_000,
    "zh/sequence/attention/index.html": 1_230_000,
    # 470 KB of HTML and a 210 KB SVG of detections drawn over images (embedded bitmaps)
    "cnn/object-detection/index.html": 1_290_000,
    "zh/cnn/object-detection/index.html": 1_290_000,
    # a 125 KB similarity heat map and a three-panel projection
    "sequence/word-embeddings/index.html": 1_130_000,
    "zh/sequence/word-embeddings/index.html": 1_130_000,
    # the whole NumPy API on one page (516 KB of HTML); split per chapter when it grows
    "reference/numpy/index.html": 1_110_000,
    "zh/reference/numpy/index.html": 1_110_000,
}

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
    """The files a stylesheet pulls in: url() targets (woff2 only among fonts), @imports."""
    found = set()
    for ref in _CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
        if ref.lower().split("?")[0].endswith(_SKIPPED_FONTS):
            continue
        target = _local(ref, css.parent, root)
        if target is None:
            continue
        found.add(target)
        if target.suffix == ".css":
            found |= _css_assets(target, root)
    return frozenset(found)


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
    return assets


def page_weight(page: Path, root: Path) -> int:
    return page.stat().st_size + sum(a.stat().st_size for a in page_assets(page, root))


@pytest.fixture(scope="module")
def weights(built_site):
    root = Path(built_site).resolve()
    return {p.relative_to(root).as_posix(): page_weight(p, root)
            for p in sorted(root.rglob("*.html"))}


def test_every_page_is_under_one_megabyte(weights):
    heavy = {p: w for p, w in weights.items() if w > OVER_BUDGET.get(p, BUDGET)}
    assert not heavy, f"pages over {BUDGET:,} bytes with their assets: {heavy}"


def test_the_exceptions_are_still_needed(weights):
    """An exception is removed once its page is back under the budget."""
    back = [p for p in OVER_BUDGET if p in weights and weights[p] <= BUDGET]
    assert not back, f"now under {BUDGET:,} bytes, remove from OVER_BUDGET: {back}"


def test_report_the_heaviest_pages(weights, capsys):
    with capsys.disabled():
        print("\nheaviest pages (bytes with their assets):")
        for page, w in sorted(weights.items(), key=lambda kv: -kv[1])[:5]:
            print(f"  {w:>9,}  {page}")


def test_weights_count_the_assets(built_site, weights):
    """The measure is not vacuous: a page's weight includes its stylesheets and KaTeX fonts."""
    root = Path(built_site).resolve()
    page = root / "index.html"
    assets = page_assets(page, root)
    assert any(a.suffix == ".css" for a in assets)
    assert any(a.suffix == ".js" for a in assets)
    katex = [p for p in weights if "notation" in p]
    fonts = page_assets(root / katex[0], root)
    assert any(a.suffix == ".woff2" for a in fonts), "the KaTeX fonts are not counted"
    assert weights["index.html"] > page.stat().st_size


def test_notebook_pages_share_one_jupyter_stylesheet(built_site):
    """Notebook pages link the shared stylesheet instead of inlining JupyterLab's CSS."""
    root = Path(built_site).resolve()
    pages = [p for p in root.rglob("*notebook*/index.html")]
    assert pages, "no notebook page found"
    shared = root / "assets" / "stylesheets" / "jupyter.css"
    assert shared.is_file()
    for page in pages:
        assert shared in page_assets(page, root), page
        assert "--jp-" not in "".join(re.findall(r"<style[^>]*>(.*?)</style>",
                                                 page.read_text(encoding="utf-8"), re.S)), page
