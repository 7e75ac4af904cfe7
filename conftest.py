"""Collect the doc examples: every Python block of every page (both languages, snippets
expanded, titled blocks included) and the docstring examples of the package."""

import os
import sys

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from sybil import Sybil  # noqa: E402
from sybil.parsers.rest import DocTestParser  # noqa: E402

from site_tools import doc_examples  # noqa: E402

pages = Sybil(
    parsers=[doc_examples.python_regions],
    path="docs",
    patterns=["*.md"],
    document_types={".md": doc_examples.ExpandedMarkdownDocument},
    name="pages",
)
docstrings = Sybil(parsers=[DocTestParser()], path="src", patterns=["*.py"], name="docstrings")

pytest_collect_file = (pages + docstrings).pytest()


def pytest_terminal_summary(terminalreporter):
    report = doc_examples.COVERAGE_REPORT
    if report:
        terminalreporter.section("doc-example coverage (built pages vs examples run)")
        for line in report:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _restore_torch_threads():
    """A page or snippet may call torch.set_num_threads; keep it from leaking into later tests."""
    torch = sys.modules.get("torch")
    before = torch.get_num_threads() if torch else None
    yield
    torch = sys.modules.get("torch")
    if torch is not None and before is not None and torch.get_num_threads() != before:
        torch.set_num_threads(before)
