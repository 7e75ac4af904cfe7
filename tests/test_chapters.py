"""Every chapter's chain is complete: page pair -> modules -> snippets -> tests -> glossary.

A chapter is ``docs/<part>/<slug>.md`` (+ ``.zh.md``). By name it has the modules
``dlnotes/{numpy,torch}/<module>.py`` (``module`` = slug with ``-`` -> ``_``; at least one of
the two), the folder ``snippets/<slug>/``, the test file ``tests/test_<module>.py`` and the
glossary file ``glossary/<slug>.yml``. A page that computes nothing is listed in PROSE_ONLY
with the reason; a page that continues another chapter and shares its modules is listed in
SHARED_MODULE.
"""

import re

import pytest

from site_tools import pages
from site_tools.doc_examples import ROOT

#: slug -> why the chapter has no code of its own
PROSE_ONLY: dict[str, str] = {}

#: slug -> the module of the chapter it continues (a long chapter split into two pages)
SHARED_MODULE: dict[str, str] = {
    "region-based-detection": "object_detection",
    "multi-head-attention": "attention",
}

CHAPTERS = [
    p for p in pages.source_pages()
    if p.suffix == ".md" and pages.lang_of(p) == "en" and p.parent != pages.DOCS
    and p.parent.name != "reference"  # the API reference pages are generated, not chapters
]


def test_there_are_chapters():
    assert CHAPTERS


@pytest.mark.parametrize("page", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_chain_is_complete(page):
    slug = page.stem
    module = SHARED_MODULE.get(slug, slug.replace("-", "_"))
    assert pages.twin(page).exists(), "Chinese twin missing"
    assert (ROOT / "glossary" / f"{slug}.yml").exists(), "glossary file missing"
    if slug in PROSE_ONLY:
        return
    halves = [ROOT / "src" / "dlnotes" / h / f"{module}.py" for h in ("numpy", "torch")]
    assert any(h.exists() for h in halves), f"no module {module}.py in dlnotes.numpy/torch"
    assert list((ROOT / "snippets" / slug).glob("*.py")), f"no snippets/{slug}/*.py"
    assert (ROOT / "tests" / f"test_{module}.py").exists(), f"no tests/test_{module}.py"
    text = page.read_text(encoding="utf-8") + pages.twin(page).read_text(encoding="utf-8")
    assert f"snippets/{slug}/" in text, "the pages include none of their snippets"


def test_every_snippet_is_shown_on_a_page():
    shown = "".join(p.read_text(encoding="utf-8") for p in pages.source_pages()
                    if p.suffix == ".md")
    included = set(re.findall(r'--8<--\s+"(snippets/[^":]+)', shown))
    orphans = [p.relative_to(ROOT).as_posix() for p in (ROOT / "snippets").rglob("*.py")
               if p.relative_to(ROOT).as_posix() not in included
               and not p.name.startswith(("fig_", "diagram_"))]
    assert not orphans, f"snippets no page shows: {orphans}"


ERRORS = pages.DOCS / "reference" / "errors.md"


def test_bad_input_is_shown_on_the_errors_page_not_on_the_chapters():
    """Each chapter's refused calls live in one section of the reference page "Errors and bad
    input" (id = the chapter's slug, in the order of the chapters); no chapter keeps its own."""
    kept = [p.relative_to(ROOT).as_posix() for c in CHAPTERS for p in (c, pages.twin(c))
            if "{ #bad-input }" in p.read_text(encoding="utf-8")]
    assert not kept, f"chapter pages that still have a bad-input section: {kept}"
    slugs = [c.stem for c in CHAPTERS if (ROOT / "snippets" / c.stem / "bad_input.py").exists()]
    nav = re.findall(r"^\s*- (?:[^:\n]+: )?(\w+/[\w-]+)\.md$",
                     (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), flags=re.MULTILINE)
    in_nav_order = [rel.split("/")[1] for rel in nav if rel.split("/")[1] in slugs]
    assert sorted(in_nav_order) == sorted(slugs), "a chapter with bad_input.py is not in nav"
    for page in (ERRORS, pages.twin(ERRORS)):
        text = page.read_text(encoding="utf-8")
        ids = re.findall(r"^## .*\{ #([\w-]+) \}$", text, flags=re.MULTILINE)
        assert ids[:-1] == in_nav_order and ids[-1] == "api", page.name
        for slug in in_nav_order:
            section = text.split(f"{{ #{slug} }}", 1)[1].split("\n## ", 1)[0]
            assert f'--8<-- "snippets/{slug}/bad_input.py"' in section, (page.name, slug)
            assert f"/{slug}.md)" in section, f"{page.name} #{slug}: no link back to the chapter"
