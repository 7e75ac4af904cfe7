"""Render LaTeX to HTML at build time with KaTeX, so that no math script runs in the browser.

Python-Markdown's arithmatex extension (generic mode) leaves ``\\(...\\)`` inside
``<span class="arithmatex">`` and ``\\[...\\]`` inside ``<div class="arithmatex">``;
``render_arithmatex`` replaces each with KaTeX's HTML. ``render_dollar_math`` does the same for
``$...$`` / ``$$...$$`` in the HTML of notebook Markdown cells. The page then needs only
``katex.min.css`` and its fonts, which the site serves itself.

``MathExtension`` is the Python-Markdown extension that does it for every page
(``site_tools.math:MathExtension`` in ``mkdocs.yml``, after ``pymdownx.arithmatex`` with
``generic: true``): any generator that runs Python-Markdown extensions typesets the math.
"""

from __future__ import annotations

import html
import re

import pykatex
from markdown import Extension
from markdown.postprocessors import Postprocessor

_SPAN = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>', re.S)
_DIV = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.S)
_DOLLAR_BLOCK = re.compile(r"\$\$(.+?)\$\$", re.S)
_DOLLAR_INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$(?!\$)", re.S)


def tex_to_html(tex: str, *, display: bool) -> str:
    """KaTeX HTML (with MathML for screen readers) for one formula; raises on bad LaTeX."""
    try:
        return pykatex.renderToString(tex, displayMode=display, throwOnError=True)
    except pykatex.ParseError as err:
        raise ValueError(f"KaTeX cannot render {tex!r}: {err}") from None


def render_arithmatex(page_html: str) -> str:
    """Replace arithmatex's delimited TeX in a page's HTML by rendered KaTeX."""
    page_html = _DIV.sub(
        lambda m: tex_to_html(html.unescape(m.group(1)), display=True), page_html
    )
    return _SPAN.sub(lambda m: tex_to_html(html.unescape(m.group(1)), display=False), page_html)


def render_dollar_math(fragment: str) -> str:
    """Replace ``$$...$$`` and ``$...$`` in an HTML fragment (a notebook Markdown cell)."""
    fragment = _DOLLAR_BLOCK.sub(
        lambda m: tex_to_html(html.unescape(m.group(1)), display=True), fragment
    )
    return _DOLLAR_INLINE.sub(
        lambda m: tex_to_html(html.unescape(m.group(1)), display=False), fragment
    )

_NB_MARKDOWN = re.compile(r'(<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)


def render_notebook_math(page_html: str) -> str:
    """Typeset the ``$``-delimited math of every Markdown cell of a notebook page."""
    return _NB_MARKDOWN.sub(
        lambda m: m.group(1) + render_dollar_math(m.group(2)) + m.group(3), page_html
    )


class _TypesetMath(Postprocessor):
    def run(self, text: str) -> str:
        return render_arithmatex(text)


class MathExtension(Extension):
    """Typeset arithmatex's math in the converted HTML. Registered below the built-in
    postprocessors, so it sees the final HTML, stashed blocks (mkdocstrings' output) included."""

    def extendMarkdown(self, md):
        md.postprocessors.register(_TypesetMath(md), "katex_math", 5)
