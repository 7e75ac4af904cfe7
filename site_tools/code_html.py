"""Lighter highlighted code: the spans Pygments wraps around plain names (``n``) and white
space (``w``) are dropped, their text kept.

Material colours a plain name with ``--md-code-hl-name-color``, which both of its schemes set
to the code's own foreground colour, and white space has no colour at all, so the page looks
the same; the copy button and the search index read the text, which does not change. About
a quarter of the bytes of a highlighted block are these two spans (30 KB on the attention
page).

``CodeHtmlExtension`` applies it to every page (``site_tools.code_html:CodeHtmlExtension`` in
``mkdocs.yml``).
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

_PRE = re.compile(r"<pre\b.*?</pre>", re.S)
_PLAIN = re.compile(r'<span class="[nw]">([^<]*)</span>')


def unwrap_plain_tokens(html: str) -> str:
    """``html`` with every ``<span class="n">`` and ``<span class="w">`` inside a ``<pre>``
    replaced by its text."""
    return _PRE.sub(lambda pre: _PLAIN.sub(r"\1", pre[0]), html)


class _Unwrap(Postprocessor):
    def run(self, text: str) -> str:
        return unwrap_plain_tokens(text)


class CodeHtmlExtension(Extension):
    """Unwrap the plain tokens of the converted HTML, highlighted blocks included (they are
    restored from the stash by the built-in postprocessors, which run before this one)."""

    def extendMarkdown(self, md):
        md.postprocessors.register(_Unwrap(md), "code_html", 4)
