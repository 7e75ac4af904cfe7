"""Every notebook of the site runs top to bottom offline, and shows what it prints now.

The English notebooks run in a Jupyter kernel. A Chinese notebook is its English twin with the
prose translated: the same code cells, storing the same printed text. That is checked here,
so the English run stands for both (a kernel run of each Chinese twin ran the same code a
second time, about 50 s of the suite)."""

import nbformat
import pytest

from site_tools import notebooks, pages
from site_tools.doc_examples import ROOT
from site_tools.output_check import agree

NOTEBOOKS = [p for p in pages.source_pages() if p.suffix == ".ipynb"]
ENGLISH = [p for p in NOTEBOOKS if not p.name.endswith(".zh.ipynb")]
CHINESE = [p for p in NOTEBOOKS if p.name.endswith(".zh.ipynb")]


def _code(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def _twin(path):
    return path.with_name(path.name.replace(".zh.ipynb", ".ipynb"))


def _executed_in_order(code) -> bool:
    return [c.execution_count for c in code] == list(range(1, len(code) + 1))


@pytest.mark.slow  # the notebooks train small models
@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_runs_and_its_stored_outputs_are_current(path):
    code = _code(path)
    ran = notebooks.execute(path)
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
    assert _executed_in_order(code), "store the notebook executed, in order"


def twin_problems(path, twin) -> list[str]:
    """How the Chinese notebook ``path`` differs from its English ``twin`` in what it runs and
    shows: its code cells, their printed text, their order of execution."""
    shown, english = notebooks.stored_cells(path), notebooks.stored_cells(twin)
    problems = []
    if [source for source, _ in shown] != [source for source, _ in english]:
        problems.append(f"{path.name}: its code cells differ from {twin.name}'s")
    elif shown != english:
        problems.append(f"{path.name} shows other outputs than {twin.name}: re-run both with "
                        "scripts/refresh_notebooks.py")
    if not _executed_in_order(_code(path)):
        problems.append(f"{path.name}: store the notebook executed, in order")
    return problems


@pytest.mark.parametrize("path", CHINESE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chinese_notebook_is_its_twin_with_the_same_code_and_outputs(path):
    assert _twin(path) in ENGLISH, f"{path.name} has no English twin"
    assert twin_problems(path, _twin(path)) == []


def test_the_twin_check_sees_a_changed_output_and_a_changed_cell(tmp_path):
    english = ENGLISH[0]
    nb = nbformat.read(english, as_version=4)
    printing = [c for c in nb.cells if c.cell_type == "code" and notebooks.text_output(c)]
    printing[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="other\n")]
    changed = tmp_path / english.name.replace(".ipynb", ".zh.ipynb")
    nbformat.write(nb, changed)
    assert twin_problems(changed, english) == [
        f"{changed.name} shows other outputs than {english.name}: re-run both with "
        "scripts/refresh_notebooks.py"]
    printing[-1].source += "\nprint(1)"
    nbformat.write(nb, changed)
    assert twin_problems(changed, english) == [
        f"{changed.name}: its code cells differ from {english.name}'s"]
