"""Execute the site's notebooks and compare what they print with what the pages show."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from site_tools.markdown_blocks import ROOT, normalize

#: notebook path relative to the root -> list of (cell source, printed text), in run order.
EXECUTED: dict[str, list[tuple[str, str]]] = {}


def text_output(cell) -> str:
    """The text a code cell shows: its stream output and text/plain results, concatenated."""
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif out["output_type"] in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "text/plain" in data and "image/png" not in data and "text/html" not in data:
                parts.append(data["text/plain"])
        elif out["output_type"] == "error":
            parts.append(f"{out['ename']}: {out['evalue']}")
    return normalize("".join(parts))


def stored_cells(path: Path) -> list[tuple[str, str]]:
    """(cell source, shown text) of each code cell of a notebook as stored (as published)."""
    nb = nbformat.read(path, as_version=4)
    return [(normalize(c.source), text_output(c)) for c in nb.cells if c.cell_type == "code"]


def execute(path: Path, timeout: int = 300):
    """Run a notebook top to bottom in a fresh kernel (cwd: its folder); return the result."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    rel = path.resolve().relative_to(ROOT).as_posix()
    EXECUTED[rel] = [
        (normalize(c.source), text_output(c)) for c in nb.cells if c.cell_type == "code"
    ]
    return nb
