"""Speed budgets of the built site: what a reader's first visit downloads, measured in headless
Chromium (site_tools/page_weight.py says how) for every page in both languages.

The home page stays within 800 kB, every other page within 1.3 MB, uncompressed. The search
index is not part of a first visit: each language has its own, fetched when the reader first
opens the search (tests/test_browser.py checks that searching works), and each stays within
1 MB. Requests to other hosts are tested in tests/test_site.py and tests/test_browser.py.
"""

import json
import re
from pathlib import Path

import pytest

from site_tools.page_weight import first_visits
from site_tools.pages import parse

HOME = 800_000  # bytes: the first visit of the home page, in either language
PAGE = 1_300_000  # bytes: the first visit of any other page
INDEX = 1_000_000  # bytes: one language's search index
HOMES = ("/", "/zh/")
# a \uXXXX escape in JSON text: a backslash-u after an even number of backslashes (the search
# separator's regex holds an escaped backslash before u200b, which is not one)
ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u[0-9a-fA-F]{4}")


def budget(path: str) -> int:
    return HOME if path in HOMES else PAGE


@pytest.fixture(scope="module")
def visits(site_visits):
    return site_visits


@pytest.mark.browser
def test_every_first_visit_is_within_its_budget(visits):
    over = {path: f"{v.total:,} > {budget(path):,}" for path, v in visits.items()
            if v.total > budget(path)}
    assert not over, f"first visits over their budget (bytes): {over}"


@pytest.mark.browser
def test_report_the_heaviest_first_visits(visits, capsys):
    with capsys.disabled():
        print("\nfirst visits (bytes, requests), the homes and the heaviest pages:")
        heaviest = sorted(visits, key=lambda path: -visits[path].total)[:5]
        for path in [*HOMES, *heaviest]:
            print(f"  {visits[path].total:>11,} {len(visits[path].responses):>3}  {path}")


@pytest.mark.browser
def test_a_tab_with_its_cache_off_downloads_what_a_new_profile_does(browser, served_site, visits):
    """The visits share tabs of one browser context (a new context per page costs twice the
    time); with the cache off, a visit still downloads what it downloads in a new context."""
    paths = ["/", "/zh/improving/optimization/", "/sequence/attention/"]
    fresh = first_visits(browser, [served_site + path for path in paths], fresh=True)
    for path in paths:
        assert fresh[served_site + path].responses == visits[path].responses, path


@pytest.mark.browser
def test_no_first_visit_downloads_a_search_index(visits):
    fetched = {path: [r for r in v.responses if "search_index" in r] for path, v in visits.items()}
    assert not {path: r for path, r in fetched.items() if r}, "the index waits for the search"


@pytest.mark.browser
def test_a_visit_counts_what_the_browser_loads(visits, built_site):
    """The measure is not vacuous: the page, its stylesheets, scripts and the search worker,
    the KaTeX fonts of a page with formulas (none on a page without), a figure in view."""
    root = Path(built_site)
    home = visits["/"]
    assert home.responses["/"] == (root / "index.html").stat().st_size
    assert any(p.endswith(".css") for p in home.responses)
    assert any(re.search(r"/bundle\.\w+\.min\.js$", p) for p in home.responses)
    assert any(re.search(r"/workers/search\.\w+\.min\.js$", p) for p in home.responses)
    assert all(n > 0 for n in home.responses.values()), home.responses
    assert not home.failed, home.failed
    math, plain = [], []
    for path in visits:
        html = (root / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        (math if 'class="katex-html"' in html else plain).append(path)
    assert math and plain
    for path in math:
        assert visits[path].bytes_of("/KaTeX_Main-Regular.woff2") > 0, path
    for path in plain:
        assert not any("/KaTeX_" in p for p in visits[path].responses), path
    chapter = visits["/improving/optimization/"]
    assert chapter.bytes_of("/improving/figures/paths.svg") > 0


def test_each_language_has_a_light_search_index_of_its_own(built_site):
    """/search/search_index.json holds the English pages, /zh/search/search_index.json the
    Chinese ones (with locations relative to /zh/), both UTF-8 and within the budget."""
    root = Path(built_site)
    for folder, heading in ((root, "momentum"), (root / "zh", "动量")):
        path = folder / "search" / "search_index.json"
        text = path.read_text(encoding="utf-8")
        assert len(text.encode("utf-8")) <= INDEX, (path, len(text.encode("utf-8")))
        assert not ESCAPE.search(text), f"{path}: characters escaped"
        index = json.loads(text)
        locations = [doc["location"] for doc in index["docs"]]
        assert not [loc for loc in locations if loc.startswith("zh/")], path
        assert "improving/optimization/#momentum" in locations, path
        titles = {doc["location"]: doc["title"] for doc in index["docs"]}
        assert heading in titles["improving/optimization/#momentum"], path
        assert titles["reference/numpy/#dlnotes.numpy.convolutions.conv_forward"] == \
            "<code>conv_forward()</code>"
        texts = " ".join(doc["text"] for doc in index["docs"])
        assert "<pre>" not in texts, f"{path}: code blocks indexed"
        assert "\\frac" not in texts, f"{path}: TeX source indexed"


def test_notebook_pages_share_one_jupyter_stylesheet(built_site):
    """Notebook pages link the shared stylesheet instead of inlining JupyterLab's CSS."""
    root = Path(built_site).resolve()
    pages = [p for p in root.rglob("*notebook*/index.html")]
    assert pages, "no notebook page found"
    assert (root / "assets" / "stylesheets" / "jupyter.css").is_file()
    for page in pages:
        links = [a["href"] for a in parse(page).select('link[rel="stylesheet"]')]
        assert any(h.endswith("assets/stylesheets/jupyter.css") for h in links), page
        assert "--jp-" not in "".join(re.findall(r"<style[^>]*>(.*?)</style>",
                                                 page.read_text(encoding="utf-8"), re.S)), page
