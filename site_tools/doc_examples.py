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
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import markdown
import yaml
from sybil import Document, Region

from site_tools.output_check import mismatch, normalize

ROOT = Path(__file__).resolve().parents[1]

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")


@dataclass(frozen=True)
class Block:
    """One fenced code block: ``lang`` is the first word of the info string."""

    start: int  # character offsets in the (expanded) text
    end: int
    lang: str
    info: str
    code: str  # content with the fence's indentation removed, ending in a newline

    @property
    def is_run(self) -> bool:
        """An output block marked ``.run``: the numbers of one training run (see
        ``site_tools.output_check``)."""
        return self.lang == "output" and ".run" in self.info.split()


def _mkdocs_snippet_config() -> dict:
    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !!python/... tags (the slugify function); they are irrelevant here.
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    _Loader.add_constructor("!ENV", lambda loader, node: None)  # environment lookups
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            return dict(ext["pymdownx.snippets"])
    raise RuntimeError("mkdocs.yml does not configure pymdownx.snippets")


@cache
def _snippet_preprocessor():
    config = _mkdocs_snippet_config()
    config["base_path"] = [str(ROOT / p) for p in config.get("base_path", ["."])]
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={
        "pymdownx.snippets": config})
    return md.preprocessors["snippet"]


def expand_snippets(text: str) -> str:
    """The page's Markdown with every ``--8<--`` include expanded, as MkDocs renders it."""
    return "\n".join(_snippet_preprocessor().run(text.split("\n")))


def _language(info: str) -> str:
    """``python`` of ``python title="x.py"``, ``output`` of ``{ .output .run title="..." }``."""
    if info.startswith("{"):
        classes = [w for w in info.strip("{}").split() if w.startswith(".")]
        return classes[0][1:] if classes else ""
    return info.split()[0] if info else ""


def fenced_blocks(text: str) -> list[Block]:
    """All fenced code blocks of a Markdown text, in order (nested indentation allowed)."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    blocks, i = [], 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i].rstrip("\n"))
        if not m:
            i += 1
            continue
        indent, fence, info = m.group("indent"), m.group("fence"), m.group("info").strip()
        close = re.compile(rf"^{re.escape(indent)}{fence[0]}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j].rstrip("\n")):
            j += 1
        if j == len(lines):
            raise ValueError(f"unclosed code fence at line {i + 1}")
        body = [ln[len(indent):] if ln.startswith(indent) else ln.lstrip(" \t")
                for ln in lines[i + 1 : j]]
        lang = _language(info)
        blocks.append(Block(offsets[i], offsets[j + 1], lang, info, "".join(body)))
        i = j + 1
    return blocks



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
        exec(compile(parsed.code, example.path, "exec"), namespace)
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
    thread count), so that one page cannot change what another page prints."""
    import numpy as np

    namespace["__saved_state__"] = (np.get_printoptions(), _torch_threads())


def restore_global_state(namespace: dict) -> None:
    import numpy as np

    printoptions, threads = namespace.pop("__saved_state__")
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


class ExpandedMarkdownDocument(Document):
    """A Markdown page as it renders: snippet includes expanded before parsing."""

    @classmethod
    def parse(cls, path: str, *parsers, encoding: str = "utf-8") -> Document:
        text = expand_snippets(Path(path).read_text(encoding=encoding))
        document = cls(text, path)
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
