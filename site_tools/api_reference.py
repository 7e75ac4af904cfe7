"""The API reference pages list every module of a half of the package, found on disk, so that
a new chapter's module appears there without editing the pages. A page asks for one half with
the marker ``<!-- api-reference: numpy -->`` (or ``torch``); ``ApiReferenceExtension``
(``site_tools.api_reference:ApiReferenceExtension`` in ``mkdocs.yml``) replaces it by one
``::: module`` line per module, which mkdocstrings renders."""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

from site_tools.markdown_blocks import ROOT

MARKER = re.compile(r"<!-- api-reference: (numpy|torch) -->")


def modules(half: str) -> list[str]:
    """Dotted names of the public modules of ``dlnotes.<half>``; the NumPy half's page also
    lists the shared top-level modules (``dlnotes.checks``, ``dlnotes.data``, ...), which have
    no torch dependency."""
    package = ROOT / "src" / "dlnotes"
    names = [f"dlnotes.{half}.{p.stem}" for p in sorted((package / half).glob("*.py"))
             if not p.stem.startswith("_")]
    shared = [f"dlnotes.{p.stem}" for p in sorted(package.glob("*.py"))
              if not p.stem.startswith("_")]
    shared += ["dlnotes.checks"] + [f"dlnotes.checks.{p.stem}"
                                    for p in sorted((package / "checks").glob("*.py"))
                                    if not p.stem.startswith("_")]
    return names + (sorted(shared) if half == "numpy" else [])


def expand(markdown: str) -> str:
    return MARKER.sub(lambda m: "\n\n".join(f"::: {name}" for name in modules(m.group(1))),
                      markdown)


class _Expand(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return expand("\n".join(lines)).split("\n")


class ApiReferenceExtension(Extension):
    """Expand the marker before Python-Markdown's HTML-block preprocessor (20) stashes it as
    a raw HTML comment, and before mkdocstrings' block processor reads the ``:::`` lines."""

    def extendMarkdown(self, md):
        md.preprocessors.register(_Expand(md), "api_reference", 25)
