"""A reader's view: headless Chromium on the built site, served on 127.0.0.1.

On the Optimization page in both languages: formulas are typeset (no raw LaTeX visible), the
language switcher lands on the same chapter in the other language, a Chinese search term finds
the chapter from a Chinese page and an English term from an English page (each page with its own
language's index, fetched when the search opens), a function's name finds its API entry and its
chapter, and the page requests nothing from any other host. `make test` installs Debian's
chromium where it is missing; the tests skip, saying why, only where no Chromium can be found.
"""

import pytest

pytestmark = pytest.mark.browser

PAGES = {"en": "/improving/optimization/", "zh": "/zh/improving/optimization/"}


@pytest.fixture
def page(recording_page, served_site):
    recording_page.base = served_site
    return recording_page


def _visible_text(pg) -> str:
    return pg.evaluate("""() => {
        const clone = document.querySelector('article').cloneNode(true);
        clone.querySelectorAll('.katex, pre, code, script, style').forEach(e => e.remove());
        return clone.innerText;
    }""")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_formulas_are_typeset(page, lang):
    page.goto(page.base + PAGES[lang])
    assert page.locator("article .katex-display").count() >= 8
    box = page.locator("article .katex-display .katex-html").first.bounding_box()
    assert box and box["height"] > 10, "display math should render with height"
    font = page.evaluate("""() => getComputedStyle(
        document.querySelector('.katex .mathnormal')).fontFamily""")
    assert "KaTeX" in font
    fonts_loaded = page.evaluate("""async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.family.includes('KaTeX')
                                          && f.status === 'loaded').length; }""")
    assert fonts_loaded > 0, "KaTeX fonts should load from the site"
    text = _visible_text(page)
    for raw in ("$$", "\\frac", "\\beta", "\\hat"):
        assert raw not in text, f"raw LaTeX {raw!r} visible on the {lang} page"


@pytest.mark.parametrize("lang,other", [("en", "zh"), ("zh", "en")])
def test_language_switcher_reaches_the_same_chapter(page, lang, other):
    page.goto(page.base + PAGES[lang])
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f'a.md-select__link[hreflang="{other}"]').click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(PAGES[other].rstrip("/"))
    assert page.locator("h2#momentum").count() == 1


def _search(pg, term: str) -> list[str]:
    """Open the search, type ``term`` and return the links of the results."""
    search = pg.locator("input.md-search__input")
    search.click()
    search.fill(term)
    search.press("End")  # Material reacts to key events, which fill() alone does not send
    results = pg.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    return [results.nth(i).get_attribute("href") for i in range(results.count())]


def _indexes(pg) -> list[str]:
    """The search indexes the page has asked for, as site paths."""
    return [u[len(pg.base):] for u in pg.requests if u.endswith("search_index.json")]


INDEXES = {"en": "/search/search_index.json", "zh": "/zh/search/search_index.json"}


@pytest.mark.parametrize("lang,term", [("zh", "动量"), ("en", "momentum")])
def test_search_finds_the_chapter_in_its_language(page, lang, term):
    """A Chinese term from a Chinese page, an English one from an English page; each page
    loads its own language's index only, and only once the reader opens the search."""
    page.goto(page.base + PAGES[lang])
    page.wait_for_load_state("networkidle")
    assert _indexes(page) == [], "the index is fetched before the search is opened"
    hrefs = _search(page, term)
    assert any(f"{PAGES[lang]}?" in h or h.endswith(PAGES[lang]) for h in hrefs), hrefs
    assert all(h.startswith(page.base + ("/zh/" if lang == "zh" else "/")) for h in hrefs)
    assert lang == "zh" or not [h for h in hrefs if "/zh/" in h], hrefs
    assert _indexes(page) == [INDEXES[lang]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_search_finds_a_function_by_name(page, lang):
    page.goto(page.base + PAGES[lang])
    hrefs = _search(page, "conv_forward")
    prefix = page.base + ("/zh/" if lang == "zh" else "/")
    reference = f"{prefix}reference/numpy/"
    assert any(h.startswith(reference) and h.endswith("#dlnotes.numpy.convolutions.conv_forward")
               for h in hrefs), hrefs
    assert any(h.startswith(f"{prefix}cnn/convolutions/") for h in hrefs), hrefs
    assert all(h.startswith(prefix) for h in hrefs)
    assert lang == "zh" or not [h for h in hrefs if "/zh/" in h], hrefs


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_requests_nothing_off_the_site(page, lang):
    page.goto(page.base + PAGES[lang])
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 20000)  # let lazy images and fonts load
    page.wait_for_timeout(500)
    assert page.requests, "the page should have loaded its own assets"
    off_site = [u for u in page.requests
                if not u.startswith((page.base, "data:", "blob:"))]
    assert not off_site, f"requests off 127.0.0.1: {off_site}"
