"""The site's notebooks as Markdown pages, for a generator that runs Python-Markdown
extensions but not MkDocs plugins (Zensical: see CONTRIBUTING.md, "Building with another
generator").

MkDocs publishes ``docs/**/*.ipynb`` with mkdocs-jupyter (hooks/notebooks.py). Without it a
notebook would be copied as JSON. ``page`` writes the same content as a Markdown page, which the
site's extensions then render like any other (math typeset by KaTeX, code highlighted):

* Markdown cells as they are (their links to ``x.md`` pages resolve as on any page);
* each code cell as a ``python`` block, its text output (streams, ``text/plain`` results) as an
  ``output`` block after it, and its images embedded, with the alt text stored in the cell's
  metadata (``"alt"``), as on the MkDocs site;
* headings with the ids the MkDocs site gives them: the ASCII slug of their text, or ``_1``,
  ``_2``... where the text has none (a Chinese heading).

``scripts/notebook_pages.py`` runs it on a copy of the repository before that build.
"""

from __future__ import annotations

import html
import json
import re
from itertools import count
from pathlib import Path

from markdown.extensions.toc import slugify

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)


def _text_output(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append("".join(out["text"]))
        elif out["output_type"] in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "text/plain" in data and not {"image/png", "text/html"} & data.keys():
                parts.append("".join(data["text/plain"]))
        elif out["output_type"] == "error":
            parts.append(f"{out['ename']}: {out['evalue']}")
    return "".join(parts)


def _images(cell: dict) -> list[str]:
    alt = html.escape(cell.get("metadata", {}).get("alt", ""), quote=True)
    images = []
    for out in cell.get("outputs", []):
        png = out.get("data", {}).get("image/png")
        if png:
            data = "".join(png).replace("\n", "")
            images.append(f'<p><img alt="{alt}" src="data:image/png;base64,{data}"></p>')
    return images


def _fence(lang: str, text: str) -> str:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks}{lang}\n{text.rstrip(chr(10))}\n{ticks}"


def page(notebook: dict) -> str:
    """The Markdown page of a notebook (its JSON, nbformat 4, as stored)."""
    numbers = count(1)

    def heading(m: re.Match) -> str:
        anchor = slugify(m.group(2), "-") or f"_{next(numbers)}"
        return f"{m.group(1)} {m.group(2)} {{ #{anchor} }}"

    blocks = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            blocks.append(_HEADING.sub(heading, source))
        elif cell["cell_type"] == "code":
            blocks.append(_fence("python", source))
            text = _text_output(cell)
            if text:
                blocks.append(_fence("output", text))
            blocks += _images(cell)
    return "\n\n".join(blocks) + "\n"


def page_path(notebook_path: Path) -> Path:
    """``x.ipynb`` -> ``x.md``, ``x.zh.ipynb`` -> ``x.zh.md`` (the same language suffix)."""
    return notebook_path.with_suffix(".md")


def write_pages(docs: Path) -> list[Path]:
    """Write the page of every notebook under ``docs`` beside it; the pages written."""
    written = []
    for path in sorted(docs.rglob("*.ipynb")):
        target = page_path(path)
        target.write_text(page(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")
        written.append(target)
    return written


_NAV_NOTEBOOK = re.compile(r"^(\s*- (?:[^:\n]+: )?[\w./-]+)\.ipynb[ \t]*$", re.M)
_JUPYTER_PLUGIN = re.compile(r"^  - mkdocs-jupyter:\n(?:    .*\n|[ \t]*#.*\n)*", re.M)


def config_for_pages(config_text: str) -> str:
    """``mkdocs.yml`` with its nav pointing at the notebooks' pages and without the
    mkdocs-jupyter plugin."""
    text, notebooks = _NAV_NOTEBOOK.subn(r"\1.md", config_text)
    text, plugins = _JUPYTER_PLUGIN.subn("", text)
    if not notebooks or not plugins:
        raise ValueError("config_text: expected notebooks in the nav and the mkdocs-jupyter "
                         f"plugin, found {notebooks} and {plugins}")
    return text
