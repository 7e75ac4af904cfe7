"""Run the Python code blocks of the Markdown pages exactly as they render.

Two facts about the stack shape this module (see README, "How the examples are tested"):

* Sybil's own Markdown parser collects only fences whose info string is exactly ``python``
  and reads the raw file, so a titled block (```` ```python title="x.py" ````) or a block
  that includes a snippet (``--8<-- "snippets/..."``) would silently go untested.
* What the reader sees is the page after pymdownx.snippets has expanded its includes.

So a page is first expanded with pymdownx.snippets itself, configured from ``mkdocs.yml``,
and every fenced block whose language is ``python`` (any attributes, any indentation, e.g.
inside content tabs) becomes a Sybil example. A Python block directly followed by an
```` ```output ```` block must print that text (numbers to one unit in the last digit shown:
see ``site_tools.output_check``). Each run is recorded in ``EXECUTED`` so
that the site test can check every Python block of the built HTML against what ran.

A chapter page's examples run in an empty folder of their own, as its downloadable notebook
does once saved somewhere (site_tools/chapter_notebooks.py): code that reads a file of the
repository by a relative path fails here, not only in the reader's Jupyter. The other pages
(the benchmarks, the reference) run from the repository's root, as their text says.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sybil import Document, Region

# The Markdown side (includes, fences) needs no Sybil: the site build uses it too.
from site_tools.markdown_blocks import (  # noqa: F401  (public names of this module)
    ROOT,
    Block,
    expand_snippets,
    fenced_blocks,
)
from site_tools.output_check import mismatch, normalize

#: path relative to the repository root -> list of (code, printed output), in run order.
EXECUTED: dict[str, list[tuple[str, str]]] = {}


def record(path: str, code: str, output: str) -> None:
    rel = Path(path).resolve().relative_to(ROOT).as_posix()
    EXECUTED.setdefault(rel, []).append((normalize(code), normalize(output)))


@dataclass(frozen=True)
class Example:
    code: str
    expected_output: str | None
    numbers: bool = True  # compare the values of the numbers printed (False: a run's output)


def evaluate(example) -> None:
    """Sybil evaluator: run the block in the page's namespace; compare what it prints."""
    parsed: Example = example.parsed
    namespace = example.namespace
    namespace.setdefault("__name__", "__main__")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(parsed.code, example.path, "exec", dont_inherit=True), namespace)
    printed = buffer.getvalue()
    record(example.path, parsed.code, printed)
    if parsed.expected_output is None:
        return
    difference = mismatch(parsed.expected_output, printed, numbers=parsed.numbers)
    if difference is not None:
        raise AssertionError(
            f"the page shows an output that the code does not print: {difference}\n"
            f"--- shown on the page ---\n{parsed.expected_output}\n"
            f"--- printed now ---\n{printed}\n"
            "(scripts/refresh_outputs.py rewrites the output blocks from a fresh run)"
        )


def save_global_state(namespace: dict) -> None:
    """Remember process-wide settings an example may change (NumPy print options, torch's
    thread count, the working directory), so that one page cannot change what another page
    prints; a chapter page then moves to an empty folder of its own."""
    import numpy as np

    from site_tools.chapter_notebooks import is_chapter

    page = namespace.pop(_PAGE, None)
    folder = None
    if page is not None and is_chapter(Path(page).resolve().relative_to(ROOT / "docs")
                                       .as_posix()):
        folder = tempfile.mkdtemp(prefix="page-")
    namespace["__saved_state__"] = (np.get_printoptions(), _torch_threads(), os.getcwd(),
                                    folder)
    if folder is not None:
        os.chdir(folder)


def restore_global_state(namespace: dict) -> None:
    import numpy as np

    printoptions, threads, cwd, folder = namespace.pop("__saved_state__")
    os.chdir(cwd)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    np.set_printoptions(**printoptions)
    torch = sys.modules.get("torch")
    if torch is not None and threads is not None and torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def _torch_threads():
    torch = sys.modules.get("torch")
    return torch.get_num_threads() if torch is not None else None


def python_regions(document: Document, *, compare_output: bool = True):
    """Sybil parser: one region per ``python`` block, with its ``output`` block if any."""
    blocks = fenced_blocks(document.text)
    for k, block in enumerate(blocks):
        if block.lang != "python":
            continue
        expected, numbers = None, True
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if nxt and nxt.lang == "output" and not document.text[block.end : nxt.start].strip():
            expected = nxt.code if compare_output else None
            numbers = not nxt.is_run
        yield Region(block.start, block.end, Example(block.code, expected, numbers), evaluate)


#: the namespace key that tells ``save_global_state`` which page is about to run (removed
#: before the page's first example runs)
_PAGE = "__dlnotes_page__"


class ExpandedMarkdownDocument(Document):
    """A Markdown page as it renders: snippet includes expanded before parsing."""

    @classmethod
    def parse(cls, path: str, *parsers, encoding: str = "utf-8") -> Document:
        text = expand_snippets(Path(path).read_text(encoding=encoding))
        document = cls(text, path)
        document.namespace[_PAGE] = path
        for parser in parsers:
            for region in parser(document):
                document.add(region)
        return document


def run_document(path: Path, *, compare_output: bool = True) -> list[tuple[str, str]]:
    """Run every Python block of one page (outside pytest); return (code, output) pairs."""
    document = ExpandedMarkdownDocument.parse(
        str(path), partial(python_regions, compare_output=compare_output)
    )
    rel = path.resolve().relative_to(ROOT).as_posix()
    EXECUTED.pop(rel, None)
    save_global_state(document.namespace)
    try:
        for example in document.examples():
            example.evaluate()
    finally:
        restore_global_state(document.namespace)
    return EXECUTED.get(rel, [])


#: Lines the site test fills in and conftest prints at the end of the run.
COVERAGE_REPORT: list[str] = []
