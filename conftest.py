"""Collect the doc examples: every Python block of every page (both languages, snippets
expanded, titled blocks included) and the docstring examples of the package."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from sybil import Sybil  # noqa: E402
from sybil.parsers.rest import DocTestParser  # noqa: E402

from site_tools import doc_examples  # noqa: E402

pages = Sybil(
    parsers=[doc_examples.python_regions],
    setup=doc_examples.save_global_state,
    teardown=doc_examples.restore_global_state,
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
def _isolate_global_state(request):
    """A test or snippet may change NumPy's print options or torch's thread count; keep that
    from leaking into later tests. (A page's examples share state within the page: Sybil's
    setup/teardown above restore it between pages.)"""
    if type(request.node).__module__.startswith("sybil"):
        yield
        return
    namespace = {}
    doc_examples.save_global_state(namespace)
    yield
    doc_examples.restore_global_state(namespace)
