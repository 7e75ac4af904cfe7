"""Every snippet runs standalone (imports included), in about a second, and is quiet on stderr."""

import contextlib
import io
import runpy
import time

import pytest

from site_tools.doc_examples import ROOT

SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_snippet_runs_standalone(path, monkeypatch, tmp_path):
    # the benchmark snippets read the committed results, from the root of a clone as their
    # comment says; every other snippet runs in an empty folder
    monkeypatch.chdir(ROOT if path.parent.name == "benchmarks" else tmp_path)
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        runpy.run_path(str(path), run_name="__main__")
    elapsed = time.perf_counter() - start
    assert out.getvalue().strip() or path.name.startswith(("fig_", "diagram_")), \
        "a snippet should print"
    assert elapsed < 10, f"{path.name} took {elapsed:.1f} s; snippets should take about a second"
