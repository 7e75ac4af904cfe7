"""Every chapter's chain is complete: page pair -> modules -> snippets -> tests -> glossary.

A chapter is ``docs/<part>/<slug>.md`` (+ ``.zh.md``). By name it has the modules
``dlnotes/{numpy,torch}/<module>.py`` (``module`` = slug with ``-`` -> ``_``; at least one of
the two), the folder ``snippets/<slug>/``, the test file ``tests/test_<module>.py`` and the
glossary file ``glossary/<slug>.yml``. A page that computes nothing is listed in PROSE_ONLY
with the reason.
"""

import re

import pytest

from site_tools import pages
from site_tools.doc_examples import ROOT

#: slug -> why the chapter has no code of its own
PROSE_ONLY: dict[str, str] = {}

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
    module = slug.replace("-", "_")
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
