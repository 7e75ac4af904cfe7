"""Every notebook of the site runs top to bottom offline, and shows what it prints now."""

import nbformat
import pytest

from site_tools import notebooks, pages
from site_tools.doc_examples import ROOT
from site_tools.output_check import agree

NOTEBOOKS = [p for p in pages.source_pages() if p.suffix == ".ipynb"]


@pytest.mark.slow  # the notebooks train small models
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_runs_and_its_stored_outputs_are_current(path):
    stored = nbformat.read(path, as_version=4)
    ran = notebooks.execute(path)
    code = [c for c in stored.cells if c.cell_type == "code"]
    shown = [notebooks.text_output(c) for c in code]
    now = [notebooks.text_output(c) for c in ran.cells if c.cell_type == "code"]
    # a cell tagged "run" shows one training run: its text is checked, its numbers are not
    # (site_tools/output_check.py); the tests of the chapter check what the run claims
    runs = ["run" in c.metadata.get("tags", []) for c in code]
    assert len(shown) == len(now) and all(
        agree(a, b, numbers=not run) for a, b, run in zip(shown, now, runs, strict=True)), (
        f"{path.name} shows outputs that its code no longer prints; "
        "re-run it with scripts/refresh_notebooks.py"
    )
    counts = [c.execution_count for c in stored.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "store the notebook executed, in order"
