"""Every chapter's chain is complete: page pair -> modules -> snippets -> tests -> glossary.

A chapter is ``docs/<part>/<slug>.md`` (+ ``.zh.md``). By name it has the modules
``dlnotes/{numpy,torch}/<module>.py`` (``module`` = slug with ``-`` -> ``_``; at least one of
the two), the folder ``snippets/<slug>/``, the test file ``tests/test_<module>.py`` and the
glossary file ``glossary/<slug>.yml``. A page that computes nothing is listed in PROSE_ONLY
with the reason; a page that continues another chapter and shares its modules is listed in
SHARED_MODULE.

Every module of ``dlnotes.numpy``, ``dlnotes.torch`` and ``dlnotes.checks`` is named after its
chapter: ``<module>.py`` holds the chapter's math, and a chapter whose module grows past
MAX_LINES (400) moves its experiment (synthetic data, training runs, evaluation, printed
results) to ``<module>_experiment.py`` in the same half, or, when the cut lies elsewhere, a
second aspect to ``<module>_<aspect>.py``. Code several chapters share lives in one of the
modules listed in SHARED, each with its reason. No module of ``src/dlnotes`` exceeds MAX_LINES.
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

#: half -> shared module -> why it belongs to no single chapter
SHARED: dict[str, dict[str, str]] = {
    "numpy": {
        "mlp": "the fully-connected layers, activations and passes that several chapters train",
    },
    "torch": {
        "training": "the training loop, accuracy and thread limits shared by the chapters",
        "benchmarks": "timing and reporting for the Benchmarks page, across chapters",
    },
    "checks": {},
}

#: the most lines a module of src/dlnotes may have
MAX_LINES = 400

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
    input" (id = the chapter's slug, in the order of the chapters, after the section that
    states the policy); no chapter keeps its own."""
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
        assert ids == ["policy", *in_nav_order, "api"], page.name
        for slug in in_nav_order:
            section = text.split(f"{{ #{slug} }}", 1)[1].split("\n## ", 1)[0]
            assert f'--8<-- "snippets/{slug}/bad_input.py"' in section, (page.name, slug)
            assert f"/{slug}.md)" in section, f"{page.name} #{slug}: no link back to the chapter"


PACKAGE = ROOT / "src" / "dlnotes"


def _chapter_modules() -> set[str]:
    slugs = {c.stem for c in CHAPTERS if c.stem not in PROSE_ONLY}
    return {SHARED_MODULE.get(slug, slug.replace("-", "_")) for slug in slugs}


def module_fits_the_rule(name: str, half: str, chapter_modules: set[str]) -> bool:
    """``name`` (a module of ``dlnotes.<half>``) is a chapter's module, a chapter's second
    module (``<module>_<aspect>``: its experiment, or another aspect) or a listed shared
    module."""
    if name in SHARED[half] or name in chapter_modules:
        return True
    return any(name.startswith(f"{m}_") and len(name) > len(m) + 1 for m in chapter_modules)


def test_the_naming_rule_tells_chapter_modules_from_others():
    chapters = {"rnn", "object_detection"}
    assert module_fits_the_rule("rnn", "numpy", chapters)
    assert module_fits_the_rule("object_detection_experiment", "torch", chapters)
    assert module_fits_the_rule("rnn_sampling", "numpy", chapters)
    assert module_fits_the_rule("training", "torch", chapters)
    assert not module_fits_the_rule("training", "checks", chapters)
    assert not module_fits_the_rule("rnn_", "numpy", chapters)
    assert not module_fits_the_rule("detection_experiment", "numpy", chapters)
    assert not module_fits_the_rule("helpers", "torch", chapters)


@pytest.mark.parametrize("half", sorted(SHARED))
def test_every_module_is_named_after_its_chapter_or_listed_as_shared(half):
    chapters = _chapter_modules()
    names = [p.stem for p in sorted((PACKAGE / half).glob("*.py"))
             if not p.stem.startswith("_")]
    assert names, f"no modules in dlnotes.{half}"
    missing = sorted(set(SHARED[half]) - set(names))
    assert not missing, f"SHARED[{half!r}] lists modules that do not exist: {missing}"
    strays = [n for n in names if not module_fits_the_rule(n, half, chapters)]
    assert not strays, (
        f"dlnotes.{half} modules that belong to no chapter: {strays}; name a module after its "
        f"chapter (<module>.py, <module>_experiment.py, <module>_<aspect>.py) or list it in "
        f"SHARED[{half!r}] with the reason")


def test_no_module_is_longer_than_the_limit():
    lengths = {p.relative_to(PACKAGE).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
               for p in sorted(PACKAGE.rglob("*.py"))}
    too_long = {path: n for path, n in lengths.items() if n > MAX_LINES}
    assert not too_long, (
        f"modules over {MAX_LINES} lines: {too_long}; move the chapter's experiment (data, "
        f"training, evaluation) to <module>_experiment.py, or another aspect to "
        f"<module>_<aspect>.py")
