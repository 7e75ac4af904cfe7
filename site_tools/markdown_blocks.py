"""The Markdown of a page as MkDocs renders it: ``--8<--`` includes expanded, fenced code
blocks found at any indentation.

Shared by the doc-example runner (site_tools/doc_examples.py, under the tests) and by the
site build (the chapter notebooks, the API reference): it needs only what the docs build
installs (Markdown, pymdown-extensions, PyYAML), not the test extra.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
import yaml

from site_tools.output_check import normalize  # noqa: F401  (code and outputs compare so)

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


@cache
def mkdocs_config() -> dict:
    """``mkdocs.yml`` as plain data (its ``!!python/...`` and ``!ENV`` tags read as None)."""

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !!python/... tags (the slugify function); they are irrelevant here.
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    _Loader.add_constructor("!ENV", lambda loader, node: None)  # environment lookups
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def _mkdocs_snippet_config() -> dict:
    for ext in mkdocs_config()["markdown_extensions"]:
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

