"""Every chapter page as a Jupyter notebook, made from the page when the site is built.

A chapter page (``docs/<part>/<slug>.md`` and ``.zh.md``) becomes ``<slug>.ipynb`` /
``<slug>.zh.ipynb`` beside the page's ``index.html`` in the built site, and the page gets a
link to it under its title (hooks/chapter_notebooks.py). The conversion, in page order:

* the first cell: the title, where the page lives, and how to get the package (``make serve``
  in a clone of the repository: ``dlnotes`` is not installed from PyPI, where another project
  holds the name);
* prose -> Markdown cells (one per section), math kept as ``$...$`` / ``$$...$$`` for Jupyter
  to typeset, heading ids ``{ #id }`` dropped, links made absolute (``site_url``), figures
  embedded as cell attachments so that a downloaded notebook shows them offline, captions in
  italics;
* every ``python`` fence, ``--8<--`` includes expanded -> a code cell with exactly the code the
  page shows (and runs under the tests); an ``output`` fence right after it -> that cell's
  stored output, as the page shows it (the tests keep it equal to what the code prints);
* content tabs (``=== "NumPy"`` / ``=== "PyTorch"``) -> their cells one after the other, each
  tab under a small heading (``#### NumPy``);
* admonitions and collapsed blocks (``!!! note``, ``??? success "Solution"``) -> Markdown
  quotes headed by their title; one that holds code (an exercise's solution) becomes a quoted
  title cell, then its code cells, its prose quoted as well;
* any other fence (a shell command) -> a fenced block inside the Markdown.

Pages are parsed with site_tools/markdown_blocks.py, the same include expansion and fence
finder that the doc-example tests use. Nothing here needs the test extra (no nbformat: the
JSON is written directly, nbformat 4.5).
"""

from __future__ import annotations

import base64
import html
import json
import posixpath
import re
from pathlib import Path

from site_tools.markdown_blocks import ROOT, expand_snippets, fenced_blocks, mkdocs_config

DOCS = ROOT / "docs"
#: folders of docs/ whose pages are not chapters (generated API reference, benchmark tables)
NOT_CHAPTERS = ("reference", "performance")

LINK_TEXT = {"en": "Download this chapter as a notebook", "zh": "下载本章 Notebook"}
# Material Design Icons "download" (the icon Material for MkDocs ships as material/download)
_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
         '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg>')

_INTRO = {
    "en": (
        "This notebook is the page [{title}]({url}) of *Deep Learning Notes*, made from it when "
        "the site was built: the same text and the same code, in the same order.\n\n"
        "> **Getting the package.** The code imports `dlnotes`, the package of this project. "
        "Install it from a clone of the project's repository: `make serve` (run in the clone) "
        "installs it with everything the code needs into `.venv` and serves the site. Then run "
        "this notebook with that environment's Python as its kernel (`.venv/bin/python`; "
        "Jupyter's kernel is installed with it). Do not install `dlnotes` from PyPI: that name "
        "belongs to another project."
    ),
    "zh": (
        "本 Notebook 就是《深度学习笔记》的页面 [{title}]({url})，在构建网站时由该页面生成："
        "文字和代码与页面相同，顺序也相同。\n\n"
        "> **获取代码包。** 代码导入的 `dlnotes` 是本项目自己的代码包。请从本项目仓库的克隆中安装："
        "在克隆目录里运行 `make serve`，它会把 `dlnotes` 及代码所需的一切装进 `.venv` 并启动网站。"
        "然后用这个环境的 Python（`.venv/bin/python`，Jupyter 内核已随之装好）作为内核运行本 "
        "Notebook。不要从 PyPI 安装 `dlnotes`：那个名字属于另一个项目。"
    ),
}

_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg", ".gif": "image/gif"}


# --- which pages, and where their notebooks go ---------------------------------------------


def lang_of(src_uri: str) -> str:
    """``"zh"`` for ``x.zh.md`` / ``x.zh.ipynb``, else ``"en"``."""
    return "zh" if Path(src_uri).stem.endswith(".zh") else "en"


def is_chapter(src_uri: str) -> bool:
    """A chapter page (Markdown) or one of the site's notebooks, path relative to docs/."""
    parts = src_uri.split("/")
    return (len(parts) == 2 and parts[0] not in NOT_CHAPTERS
            and Path(src_uri).suffix in (".md", ".ipynb"))


def chapter_pages() -> list[Path]:
    """The Markdown chapter pages, both languages (the site's notebooks are not converted)."""
    return sorted(p for p in DOCS.glob("*/*.md") if is_chapter(p.relative_to(DOCS).as_posix()))


def page_url(src_uri: str) -> str:
    """The page's URL relative to the site root (directory URLs; Chinese under ``zh/``)."""
    stem = Path(src_uri).name.split(".")[0]
    parent = posixpath.dirname(src_uri)
    parts = [p for p in (parent, "" if stem == "index" else stem) if p]
    url = "/".join(parts) + "/" if parts else ""
    return ("zh/" + url) if lang_of(src_uri) == "zh" else url


def notebook_name(src_uri: str) -> str:
    """``dropout.md`` -> ``dropout.ipynb``, ``dropout.zh.md`` -> ``dropout.zh.ipynb``; a
    notebook keeps its own name."""
    name = Path(src_uri).name
    return name if name.endswith(".ipynb") else name[: -len(".md")] + ".ipynb"


def notebook_dest(src_uri: str) -> str:
    """Where the page's notebook is written in the built site (beside its index.html)."""
    return page_url(src_uri) + notebook_name(src_uri)


def site_url() -> str:
    url = mkdocs_config().get("site_url") or "/"
    return url if url.endswith("/") else url + "/"


def download_link(src_uri: str) -> str:
    """The line under a chapter's title that links to its notebook (relative link)."""
    name = notebook_name(src_uri)
    text = LINK_TEXT[lang_of(src_uri)]
    return (f'<p class="dl-notebook"><a href="{html.escape(name)}" '
            f'download="{html.escape(name)}"><span class="twemoji">{_ICON}</span> '
            f"{html.escape(text)}</a></p>\n")


_H1_END = re.compile(r"</h1>")


def with_download_link(page_html: str, src_uri: str) -> str:
    """The page's HTML with the download link right after its first ``<h1>``."""
    link = download_link(src_uri)
    m = _H1_END.search(page_html)
    if m is None:
        return link + page_html
    return page_html[: m.end()] + "\n" + link + page_html[m.end():]


# --- the conversion ---------------------------------------------------------------------------

_ATTRS = r"(?:\{[ \t]*[#.][^{}]*\})?"  # an attribute list: { #id } or { .class }
_HEADING = re.compile(rf"^(#{{1,6}})[ \t]+(.*?)[ \t]*{_ATTRS}[ \t]*$")
_TAB = re.compile(r'^===[+!]*[ \t]+"(?P<title>[^"]*)"[ \t]*$')
_ADMONITION = re.compile(
    r'^(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+[\w-]+)*'
    r'(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
_BLOCK_OPEN = re.compile(r"^///[ \t]*(?P<name>[\w-]+)")
_BLOCK_CLOSE = re.compile(r"^///[ \t]*$")
_LINK = re.compile(r'(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]'
                   r'\((?P<target>[^()\s]+)(?P<title>[ \t]+"[^"]*")?\)')
_PROTECT = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|`[^`\n]*`", re.S)


class _Page:
    """What the conversion of one page needs to know: where it is and its attachments."""

    def __init__(self, src_uri: str, base_url: str):
        self.src_uri = src_uri
        self.lang = lang_of(src_uri)
        self.base_url = base_url
        self.url = base_url + page_url(src_uri)
        self.attachments: dict[str, dict[str, str]] = {}

    def resolve(self, target: str) -> str:
        """A link or image target of the page as an absolute URL of the site."""
        if re.match(r"[a-z][a-z0-9+.-]*:|//", target):
            return target
        path, _, fragment = target.partition("#")
        fragment = "#" + fragment if fragment else ""
        if not path:
            return self.url + fragment
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), path))
        if rel.endswith((".md", ".ipynb")):
            rel = re.sub(r"(\.zh)?\.(md|ipynb)$", ".md", rel)
            if self.lang == "zh":
                rel = rel[: -len(".md")] + ".zh.md"
            return self.base_url + page_url(rel) + fragment
        return self.base_url + rel + fragment  # a file of the site (both languages share it)

    def image(self, alt: str, target: str, title: str) -> str:
        """An image: embedded as an attachment when it is a file of the site, else linked."""
        path = (DOCS / posixpath.dirname(self.src_uri) / target).resolve()
        mime = _MIME.get(path.suffix.lower())
        if "://" in target or mime is None or not path.is_file():
            return f"![{alt}]({self.resolve(target)}{title})"
        name = path.name
        self.attachments[name] = {mime: base64.b64encode(path.read_bytes()).decode("ascii")}
        return f"![{alt}](attachment:{name}{title})"

    def prose(self, text: str) -> str:
        """Links absolute, images embedded; math and inline code untouched."""
        kept: list[str] = []

        def protect(m):
            kept.append(m.group(0))
            return f"\x00{len(kept) - 1}\x00"

        def link(m):
            title = m.group("title") or ""
            if m.group("bang"):
                return self.image(m.group("text"), m.group("target"), title)
            return f"[{m.group('text')}]({self.resolve(m.group('target'))}{title})"

        text = _LINK.sub(link, _PROTECT.sub(protect, text))
        return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _markdown_cell(text: str, page: _Page) -> dict:
    source = text.strip("\n")
    cell = {"cell_type": "markdown", "metadata": {}, "source": source}
    used = {n: page.attachments[n] for n in re.findall(r"\(attachment:([^)\s]+)", source)
            if n in page.attachments}
    if used:
        cell["attachments"] = used
    return cell


def _code_cell(code: str, output: str | None, title: str | None) -> dict:
    outputs = []
    if output is not None and output.strip():
        outputs.append({"output_type": "stream", "name": "stdout",
                        "text": output if output.endswith("\n") else output + "\n"})
    return {"cell_type": "code", "execution_count": None,
            "metadata": {"title": title} if title else {},
            "outputs": outputs, "source": code.rstrip("\n")}


def _title_of(info: str) -> str | None:
    m = re.search(r'title="([^"]*)"', info)
    return m.group(1) if m else None


def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.strip("\n").split("\n"))


def _body(lines: list[str], i: int, fences: dict[int, int]) -> tuple[str, int]:
    """The indented body of a tab or an admonition that opens at line ``i - 1``, dedented by
    four spaces; returns it and the index of the first line after it."""
    out, j = [], i
    while j < len(lines):
        line = lines[j]
        if line.strip() and not line.startswith(("    ", "\t")):
            break
        end = fences.get(j, j + 1)  # a fence inside the body is taken whole
        out += lines[j:end]
        j = end
    while out and not out[-1].strip():  # trailing blank lines belong to what follows
        out.pop()
        j -= 1
    dedented = [ln[4:] if ln.startswith("    ") else ln[1:] if ln.startswith("\t")
                else ln.lstrip(" \t") for ln in out]
    return "".join(dedented), j


def _convert(text: str, page: _Page) -> list[dict]:
    """Cells of a Markdown text (a page, or the body of a tab or an admonition)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    line_at = {offset: k for k, offset in enumerate(starts)}
    blocks = fenced_blocks(text)
    fences = {line_at[b.start]: line_at[b.end] for b in blocks}
    by_line = {line_at[b.start]: (k, b) for k, b in enumerate(blocks)}

    cells: list[dict] = []
    prose: list[str] = []

    def flush():
        body = "".join(prose).strip("\n")
        prose.clear()
        if body.strip():
            cells.append(_markdown_cell(page.prose(body), page))

    def add(sub: list[dict], heading: str | None, quoted: bool = False):
        """Cells of a tab or an admonition, with a heading merged into the first one; the
        Markdown cells of an admonition are quoted."""
        flush()
        if heading is not None:
            if sub and sub[0]["cell_type"] == "markdown":
                sub[0]["source"] = heading + "\n\n" + sub[0]["source"]
            else:
                sub.insert(0, _markdown_cell(heading, page))
        for c in sub:
            if quoted and c["cell_type"] == "markdown":
                c["source"] = _quote(c["source"])
        cells.extend(sub)

    i, skip_output = 0, -1
    while i < len(lines):
        line = lines[i].rstrip("\n")
        if i in by_line:
            k, block = by_line[i]
            i = fences[i]
            if k == skip_output:
                continue
            if block.lang == "python":
                flush()
                output = None
                nxt = blocks[k + 1] if k + 1 < len(blocks) else None
                if nxt and nxt.lang == "output" and not text[block.end : nxt.start].strip():
                    output, skip_output = nxt.code, k + 1
                cells.append(_code_cell(block.code, output, _title_of(block.info)))
            else:  # a shell command, or an output with no code before it: shown as text
                prose.append(f"```{block.lang}\n{block.code}```\n")
            continue
        m_tab, m_adm = _TAB.match(line), _ADMONITION.match(line)
        if m_tab or m_adm:
            body, i = _body(lines, i + 1, fences)
            sub = _convert(body, page)
            if m_tab:
                add(sub, f"#### {m_tab.group('title')}")
                continue
            title = m_adm.group("title")
            if title is None:
                title = m_adm.group("kind").capitalize()
            head = f"**{title}**" if title else None
            if all(c["cell_type"] == "markdown" for c in sub):  # a quote within the prose
                parts = ([head] if head else []) + [c["source"] for c in sub]
                prose.append("\n" + _quote("\n\n".join(parts)) + "\n")
                continue
            add(sub, head, quoted=True)
            continue
        m_block = _BLOCK_OPEN.match(line)
        if m_block:
            j = i + 1
            while j < len(lines) and not _BLOCK_CLOSE.match(lines[j]):
                j += 1
            inner = "".join(lines[i + 1 : j]).strip()
            if m_block.group("name") == "caption" and "*" not in inner:
                inner = "*" + " ".join(inner.split("\n")) + "*"
            prose.append(inner + "\n")
            i = j + 1
            continue
        m_head = _HEADING.match(line)
        if m_head:
            flush()
            prose.append(f"{m_head.group(1)} {m_head.group(2)}\n")
            i += 1
            continue
        prose.append(lines[i])
        i += 1
    flush()
    return cells


def convert(path: Path, base_url: str | None = None, src_uri: str | None = None) -> dict:
    """The notebook (nbformat 4.5, as a dict) made from the Markdown page ``path``.

    ``base_url`` is the site's URL (default: ``site_url`` of mkdocs.yml); ``src_uri`` where
    the page sits under docs/ (default: where ``path`` is; a test page outside docs/ says it).
    """
    src_uri = src_uri or path.resolve().relative_to(DOCS).as_posix()
    page = _Page(src_uri, base_url or site_url())
    text = expand_snippets(path.read_text(encoding="utf-8"))
    title = Path(src_uri).name.split(".")[0]
    m = re.search(rf"^#[ \t]+(.+?)[ \t]*{_ATTRS}[ \t]*$", text, re.M)
    if m:  # the page's title opens the first cell
        title = m.group(1)
        text = text[: m.start()] + text[m.end():]
    intro = _INTRO[page.lang].format(title=title, url=page.url)
    cells = [_markdown_cell(f"# {title}\n\n{intro}", page), *_convert(text, page)]
    for k, cell in enumerate(cells):
        cell["id"] = f"cell-{k + 1}"
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                           "name": "python3"},
            "language_info": {"name": "python"},
            "dlnotes": {"page": page.url, "language": page.lang},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def dumps(notebook: dict) -> str:
    """A notebook as the JSON text Jupyter writes (one-space indent, UTF-8 kept)."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def write_notebooks(site_dir: Path, pages: list[tuple[str, str]],
                    base_url: str | None = None) -> None:
    """Write the notebook of each page into the built site. ``pages``: (``src_uri`` relative
    to docs/, the folder of the page's index.html relative to the site). A chapter page is
    converted; a notebook page is copied as it is."""
    for src_uri, folder in pages:
        source = DOCS / src_uri
        dest = site_dir / folder / notebook_name(src_uri)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".ipynb":
            dest.write_bytes(source.read_bytes())
        else:
            dest.write_text(dumps(convert(source, base_url)), encoding="utf-8")
