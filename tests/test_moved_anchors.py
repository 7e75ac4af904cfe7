"""Sections that moved to another page (site_tools/moved_anchors.py): the list matches the
pages, the sources link to the new pages, and in a browser an old link lands on the section of
the new page, in both languages."""

import re

import pytest

from site_tools import moved_anchors, pages
from site_tools.doc_examples import ROOT

HEADING_ID = re.compile(r"^#{2,6} .*\{ #([\w-]+) \}$", re.MULTILINE)
CASES = [(old, new, anchor) for old, (new, ids) in moved_anchors.MOVED.items() for anchor in ids]


def _ids(page: str, lang: str) -> list[str]:
    path = pages.DOCS / page
    if lang == "zh":
        path = pages.twin(path)
    return HEADING_ID.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", pages.LANGS)
@pytest.mark.parametrize("old,new,anchor", CASES)
def test_each_moved_section_is_on_the_new_page_only(old, new, anchor, lang):
    assert anchor in _ids(new, lang), f"{new} ({lang}) has no section {anchor}"
    assert anchor not in _ids(old, lang), f"{old} ({lang}) still has the section {anchor}"


def test_no_page_links_to_a_moved_section_of_the_old_page():
    stale = []
    for source in pages.source_pages():
        if source.suffix != ".md":
            continue
        text = source.read_text(encoding="utf-8")
        for old, (_, ids) in moved_anchors.MOVED.items():
            name = old.rsplit("/", 1)[1]
            stale += [f"{source.relative_to(ROOT)}: {m[0]}" for m in re.finditer(
                rf"(?<![\w-]){re.escape(name)}#({'|'.join(map(re.escape, ids))})\b", text)]
    assert not stale, stale


def test_the_script_names_the_new_page_relative_to_the_old():
    assert moved_anchors.target_url("cnn/object-detection.md") == "../region-based-detection/"
    assert moved_anchors.script("cnn/object-detection.zh.md") == moved_anchors.script(
        "cnn/object-detection.md")
    assert moved_anchors.script("cnn/region-based-detection.md") is None


def test_the_browser_cases_cover_each_split_page_and_language():
    assert {old for old, *_ in BROWSER_CASES} == set(moved_anchors.MOVED)
    assert {lang for *_, lang in BROWSER_CASES} == set(pages.LANGS)


def test_the_built_old_pages_carry_the_script(built_site):
    for old in moved_anchors.MOVED:
        for lang in pages.LANGS:
            source = pages.DOCS / old
            html = pages.built_html(built_site, pages.twin(source) if lang == "zh" else source)
            assert moved_anchors.script(old) in html.read_text(encoding="utf-8"), html


# In a browser, one moved section of each split page, one in each language: the script and
# the ids are the same for every section (the tests above check the list against the pages).
BROWSER_CASES = [(*CASES[0], "en"), (*CASES[-1], "zh")]


@pytest.mark.browser
@pytest.mark.parametrize("old,new,anchor,lang", BROWSER_CASES,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_an_old_link_lands_on_the_new_section(recording_page, served_site, old, new, anchor,
                                              lang):
    prefix = "/zh/" if lang == "zh" else "/"
    url = served_site + prefix + old.removesuffix(".md") + "/"
    pg = recording_page
    pg.goto(f"{url}#{anchor}")
    pg.wait_for_url(f"**{prefix}{new.removesuffix('.md')}/#{anchor}", timeout=10000)
    pg.wait_for_load_state()
    assert pg.locator(f"article h2#{anchor}, article h3#{anchor}").count() == 1
    assert pg.evaluate("document.documentElement.lang") == lang
    # a section that stayed does not move
    pg.goto(f"{url}#exercises")
    pg.wait_for_load_state()
    assert pg.url == f"{url}#exercises"
    # following a moved id on the old page (a hash change, no new load) forwards too
    pg.evaluate(f"location.hash = '{anchor}'")
    pg.wait_for_url(f"**{prefix}{new.removesuffix('.md')}/#{anchor}", timeout=10000)
