"""A chapter page teaches: the idea, the math, the code of the idea, the result. What serves
maintainers lives elsewhere (the errors reference page, the Benchmarks page, CONTRIBUTING), so
no page, in either language, has a "Bad input" section, shows a private name in its code, or
talks about test files, CI, busy machines or internal goals."""

import io
import re
import tokenize

import pytest

from site_tools.markdown_blocks import ROOT, expand_snippets, fenced_blocks
from site_tools.pages import source_pages

PAGES = [p for p in source_pages() if p.suffix == ".md"]
CHAPTERS = [p for p in PAGES if "{ #api }" in p.read_text(encoding="utf-8")
            and p.parent.name != "reference"]

# a name that starts with one underscore (dunders like __init__ are Python's, `_` a throwaway)
PRIVATE = re.compile(r"_(?!_)\w+")
BAD_INPUT = re.compile(r"^#+ .*(bad input|错误输入|非法输入|坏输入)", re.I | re.M)
MAINTAINERS = re.compile(
    r"\btests?/|\btest_\w+\.py|\bCI\b|\bbusy\b|shared machine|\bgoals?\b"
    r"|by the tests\b|test suite|测试文件|测试套件|由测试|持续集成|繁忙|共享机器")


def _ids(paths):
    return [p.relative_to(ROOT / "docs").as_posix() for p in paths]


def private_names(code: str) -> set[str]:
    """The private names a piece of Python code uses (names, not words in strings/comments)."""
    try:
        tokens = [t.string for t in tokenize.generate_tokens(io.StringIO(code).readline)
                  if t.type == tokenize.NAME]
    except (tokenize.TokenError, SyntaxError):
        tokens = re.findall(r"\w+", code)
    return {t for t in tokens if PRIVATE.fullmatch(t)}


def maintainer_prose(markdown: str) -> list[str]:
    """The lines of prose (code blocks left out) that talk to maintainers, not to learners."""
    lines, inside = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
        elif not inside and MAINTAINERS.search(line):
            lines.append(line.strip())
    return lines


@pytest.mark.parametrize("page", CHAPTERS, ids=_ids(CHAPTERS))
def test_a_chapter_has_no_bad_input_section(page):
    assert not BAD_INPUT.search(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_shown_code_uses_no_private_name(page):
    text = expand_snippets(page.read_text(encoding="utf-8"))
    shown = {name for block in fenced_blocks(text) if block.lang in ("python", "pycon")
             for name in private_names(block.code)}
    assert not shown, f"{page.name} shows private names: {sorted(shown)}"


@pytest.mark.parametrize("page", CHAPTERS, ids=_ids(CHAPTERS))
def test_prose_talks_to_learners(page):
    found = maintainer_prose(page.read_text(encoding="utf-8"))
    assert not found, f"{page.name}: prose about tests, CI, machines or goals: {found}"


def test_the_checks_would_catch_what_they_look_for():
    assert private_names("from dlnotes.x import _helper\ny = obj._cache + __name__") == {
        "_helper", "_cache"}
    assert private_names("a, _ = f()  # ||W||_F\nprint('||W||_F')") == set()
    assert maintainer_prose("The suite (`tests/test_x.py`) checks it.\n```\ntests/\n```") == [
        "The suite (`tests/test_x.py`) checks it."]
    assert maintainer_prose("在一台繁忙的机器上") and not maintainer_prose("W = cI, the goalkeeper")
    assert BAD_INPUT.search("## Bad input { #bad-input }") and BAD_INPUT.search("## 错误输入")


# C0 control characters other than tab and newline: "\f" of "\frac" typed in a Python string
# without r"" becomes a form feed, which Markdown shows as nothing and KaTeX never sees
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_page_source_has_no_control_characters(page):
    text = page.read_text(encoding="utf-8")
    found = [(text.count("\n", 0, m.start()) + 1, repr(m.group())) for m in CONTROL.finditer(text)]
    assert not found, f"{page.name}: control characters at (line, char) {found}"
    assert CONTROL.search("$\frac{1}{m}$") and not CONTROL.search("$\\frac{1}{m}$\n\t")
