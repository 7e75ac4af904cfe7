"""Speed budgets of the built site, as deterministic sizes (no timings): no page loads more
than 1 MB with what it references (site_tools/page_weight.py says what is counted: KaTeX fonts
as a browser fetches them, the search index aside). Requests to other hosts are tested in
tests/test_site.py."""

import re
from pathlib import Path

import pytest

from site_tools.page_weight import page_assets, page_weight
from site_tools.pages import parse

BUDGET = 1_000_000  # bytes per page, the page and everything it loads


@pytest.fixture(scope="module")
def weights(built_site):
    root = Path(built_site).resolve()
    return {p.relative_to(root).as_posix(): page_weight(p, root)
            for p in sorted(root.rglob("*.html"))}


def test_every_page_is_under_one_megabyte(weights):
    heavy = {p: w for p, w in weights.items() if w > BUDGET}
    assert not heavy, f"pages over {BUDGET:,} bytes with their assets: {heavy}"


def test_report_the_heaviest_pages(weights, capsys):
    with capsys.disabled():
        print("\nheaviest pages (bytes with their assets):")
        for page, w in sorted(weights.items(), key=lambda kv: -kv[1])[:5]:
            print(f"  {w:>9,}  {page}")


def test_weights_count_the_assets(built_site, weights):
    """The measure is not vacuous: a page's weight includes its stylesheets and scripts."""
    root = Path(built_site).resolve()
    page = root / "index.html"
    assets = page_assets(page, root)
    assert any(a.suffix == ".css" for a in assets)
    assert any(a.suffix == ".js" for a in assets)
    assert weights["index.html"] > page.stat().st_size


def test_the_katex_fonts_counted_are_those_the_formulas_use(built_site):
    """Every page with formulas counts KaTeX's regular face, bold formulas count a bold face,
    and a page without formulas counts none (though it loads the KaTeX stylesheet)."""
    root = Path(built_site).resolve()
    css = root / "assets" / "katex" / "katex.min.css"
    fonts = {}
    for page in sorted(root.rglob("*.html")):
        assets = page_assets(page, root)
        assert css in assets, page
        fonts[page] = {a.name for a in assets if a.name.startswith("KaTeX_")}
    math = [p for p in fonts if "katex-html" in p.read_text(encoding="utf-8")
            and parse(p).select_one(".katex-html") is not None]
    assert math and len(math) < len(fonts)
    for page in fonts:
        assert ("KaTeX_Main-Regular.woff2" in fonts[page]) == (page in math), page
    for selector, face in ((".mathbf", "KaTeX_Main-Bold.woff2"),
                           (".boldsymbol", "KaTeX_Math-BoldItalic.woff2")):
        bold = [p for p in math if parse(p).select_one(f".katex-html {selector}") is not None]
        assert bold, f"no formula set in {selector}"
        assert all(face in fonts[p] for p in bold), face


def test_a_face_no_formula_uses_is_not_counted(built_site):
    """Only a big delimiter (``.delimsizing.size3``) is set in KaTeX_Size3; a superscript is a
    ``.sizing.size3`` element, set in the formula's font. Pages with superscripts and no big
    delimiter do not count KaTeX_Size3."""
    root = Path(built_site).resolve()
    css = (root / "assets" / "katex" / "katex.min.css").read_text(encoding="utf-8")
    assert re.findall(r"([^{}]+)\{[^}]*font-family:KaTeX_Size3[;}]", css) == [
        "@font-face", ".katex .delimsizing.size3"]
    pages = [p for p in sorted(root.rglob("*.html"))
             if "katex-html" in p.read_text(encoding="utf-8")
             and parse(p).select_one(".katex-html .sizing.size3") is not None
             and parse(p).select_one(".delimsizing.size3") is None]
    assert pages, "no page with superscripts only"
    for page in pages:
        assert "KaTeX_Size3-Regular.woff2" not in {a.name for a in page_assets(page, root)}, page


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
