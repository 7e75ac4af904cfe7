"""The editions for reading without the server (`make test-editions`, after `make offline` and
`make pdf`; marked ``editions``, so `make test` and a bare pytest leave them out).

* The offline copy, opened from ``file://`` in headless Chromium: its home page carries the
  build stamp, a link leads to a chapter with its formulas typeset, its figures and its copy
  buttons, search finds a chapter in either language, and no page asks for anything outside
  the copy's folder. The zip holds the same folder.
* The PDFs: one per language, more pages than chapters, the chapter headings in their outline,
  and every font embedded.
"""

from __future__ import annotations

import re
import zipfile

import pytest

from site_tools import book, editions, pdf_reader

pytestmark = pytest.mark.editions

SITE = editions.SITE
HEADINGS = {"en": "Batch normalization", "zh": "批归一化"}


def _need(path):
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make offline` and `make pdf` first")
    return path


@pytest.fixture(scope="module")
def copy_root():
    _need(SITE / "index.html")
    return SITE.resolve().as_uri() + "/"


@pytest.fixture
def page(recording_page, copy_root):
    pg = recording_page
    yield pg
    outside = [u for u in pg.requests if not u.startswith((copy_root, "data:", "blob:"))]
    assert not outside, f"requests outside the offline copy: {outside}"
    # (Material looks for a sitemap.xml beside the page when the language switcher opens;
    # under file:// that look-up cannot succeed, and the copy has no sitemap)
    missing = [u for u in pg.requests if u.startswith("file:") and not u.endswith(
        "/sitemap.xml") and not editions.file_of(u).exists()]
    assert not missing, f"requests for files the copy lacks: {missing}"
    assert not pg.errors, pg.errors


def test_the_copy_carries_its_stamp():
    about = _need(SITE / editions.ABOUT).read_text(encoding="utf-8")
    assert re.search(r"Built / 构建于: \d{4}-\d\d-\d\d \d\d:\d\d UTC", about), about
    assert re.search(r"Commit / 提交: [0-9a-f]{7,}", about), about
    for home in (SITE / "index.html", SITE / "zh" / "index.html"):
        assert 'class="edition-stamp"' in home.read_text(encoding="utf-8"), home


def test_no_link_points_at_a_folder_or_off_the_copy():
    """Under file:// a link to a folder shows its listing, not its page."""
    bad = {}
    for html_file in SITE.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        for href in re.findall(r'<a [^>]*href="([^"#]*)[#"]', text):
            if href and not href.startswith(("http:", "https:", "mailto:")) and (
                    href.endswith("/") or not (html_file.parent / href).exists()):
                bad.setdefault(str(html_file.relative_to(SITE)), []).append(href)
    assert not bad, bad


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reading_from_the_file_system(page, copy_root, lang):
    home = copy_root + ("index.html" if lang == "en" else "zh/index.html")
    page.goto(home)
    assert page.locator(".edition-stamp").count() == 1
    page.locator('a.md-nav__link[href$="improving/optimization.html"]').first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(("" if lang == "en" else "zh/") + "improving/optimization.html")
    assert page.locator("h2#momentum").count() == 1
    assert page.locator("article .katex-display").count() >= 8
    fonts = page.evaluate("""async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.family.includes('KaTeX')
                                          && f.status === 'loaded').length; }""")
    assert fonts > 0, "KaTeX fonts should load from the copy"
    copy = page.locator('article button.md-code__button[data-md-type="copy"]')
    assert copy.count() > 0, "code blocks have copy buttons"
    page.mouse.wheel(0, 40000)  # lazy figures
    page.wait_for_timeout(300)
    figures = page.evaluate("""() => [...document.querySelectorAll('article img')]
        .map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0])""")
    assert figures and all(ok for _, ok in figures), figures
    # the language switcher reaches the same chapter in the other language
    other = "zh" if lang == "en" else "en"
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f'a.md-select__link[hreflang="{other}"]').click()
    page.wait_for_load_state("load")
    assert page.url.endswith(("zh/" if other == "zh" else "/improving/")
                             + ("improving/optimization.html" if other == "zh"
                                else "optimization.html"))


@pytest.mark.parametrize("lang,term", [("en", "momentum"), ("zh", "动量")])
def test_search_works_offline(page, copy_root, lang, term):
    page.goto(copy_root + ("index.html" if lang == "en" else "zh/index.html"))
    search = page.locator("input.md-search__input")
    search.click()
    search.fill(term)
    search.press("End")  # Material reacts to key events, which fill() alone does not send
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    target = ("zh/" if lang == "zh" else "") + "improving/optimization.html"
    assert any(h.split("#")[0].split("?")[0].endswith(target) for h in hrefs), hrefs
    results.first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(copy_root)
    assert page.locator("article h1").count() >= 1


def test_the_zip_holds_the_copy():
    with zipfile.ZipFile(_need(editions.ZIP)) as archive:
        names = set(archive.namelist())
    top = editions.SITE.name
    for rel in ("index.html", "zh/index.html", "improving/optimization.html",
                "search/search_index.js", editions.SHIM_URL, editions.ABOUT):
        assert f"{top}/{rel}" in names, rel
    on_disk = {f"{top}/{p.relative_to(SITE).as_posix()}" for p in SITE.rglob("*") if p.is_file()}
    assert names == on_disk


# --- the PDFs ------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=editions.LANGS)
def pdf(request):
    return request.param, pdf_reader.Pdf(_need(editions.pdf_path(request.param)))


def test_pdf_has_more_pages_than_chapters(pdf):
    lang, document = pdf
    chapters = len(book.nav(lang))
    assert document.page_count() > chapters, (document.page_count(), chapters)


def test_pdf_outline_has_the_chapters(pdf):
    lang, document = pdf
    titles = document.outline_titles()
    assert HEADINGS[lang] in titles, titles[:40]
    assert len(titles) >= len(book.nav(lang))


def test_pdf_text_has_the_heading_and_the_stamp(pdf):
    """The page the bookmark leads to shows the heading; the title page shows the stamp."""
    lang, document = pdf
    page = next(n for title, n in document.outline() if title == HEADINGS[lang])
    assert HEADINGS[lang] in document.text([page])
    title_page = document.text([1])
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", title_page), title_page
    assert re.search(r"[0-9a-f]{10}", title_page), "commit on the title page"


def test_pdf_embeds_its_fonts(pdf):
    lang, document = pdf
    fonts = document.fonts()
    assert fonts, "no fonts found"
    not_embedded = [f.name for f in fonts if not f.embedded]
    assert not not_embedded, not_embedded
    if lang == "zh":
        # Chromium embeds the CFF outlines of the book's Noto Sans SC subset as Type 3 glyphs
        # (no font name to look for): the Chinese is there when the text of the first pages
        # reads back as Chinese, with 一 as U+4E00, not the Kangxi radical that shares its glyph
        text = document.text(list(range(1, 11)))
        assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 200 and "一" in text, text[:300]
