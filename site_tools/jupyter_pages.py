"""Notebook pages as mkdocs-jupyter renders them (nbconvert's HTML), made to fit the site
offline; hooks/notebooks.py calls this for every ``.ipynb`` page.

* ``content``: nbconvert does not run the site's Markdown extensions, so a notebook page gets
  what they do for the other pages: the math of its Markdown cells is typeset
  (site_tools/math.py), its code loses its plain-token spans (site_tools/code_html.py) and its
  code and MathML are marked for the search (site_tools/search_index.py).
* ``finish`` (the whole page):

  * an image a code cell draws gets the alt text stored in that cell's metadata (``"alt"``), in
    the notebook's language; nbconvert's placeholder is "No description has been provided";
  * links from a notebook's Markdown to other pages (``optimization.md``) are rewritten to the
    pages' URLs, as MkDocs does for Markdown pages (not the link to the notebook's own file,
    which has a ``download`` attribute: hooks/chapter_notebooks.py); headings whose text yields
    no id (Chinese headings under nbconvert) get the ids ``_1``, ``_2``... that the page's
    table of contents uses;
  * the template's MathJax loader and its dynamic import of mermaid from a CDN are removed (the
    site has no mermaid cells): a page never asks another host for anything;
  * the template inlines about 590 KB of JupyterLab CSS (<style> blocks) into every notebook
    page. They are moved into one shared stylesheet, ``assets/stylesheets/jupyter.css``, which
    ``write_stylesheet`` writes once after the build and each notebook page links; rules
    whose classes no notebook page uses and custom properties (``--jp-*``, ``--md-*``) that
    nothing reads are dropped from it (a page's first visit has a budget:
    tests/test_site_budgets.py).

site_tools/notebook_pages.py is the other way to publish the notebooks, as Markdown pages, for
a generator without mkdocs-jupyter.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import tinycss2
from mkdocs.utils import get_relative_url

from site_tools import code_html, search_index
from site_tools import math as site_math

JUPYTER_CSS = "assets/stylesheets/jupyter.css"
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_styles: list[str] = []  # the notebook pages' <style> blocks, in order, each once
_classes: set[str] = set()  # every class a notebook page uses

_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_MERMAID = re.compile(
    r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>', re.S
)


_PLACEHOLDER_ALT = 'alt="No description has been provided for this image"'


def _image_alts(notebook_path: str) -> list[str]:
    """The alt text of each image output, in order, from its cell's ``metadata.alt``."""
    with open(notebook_path, encoding="utf-8") as f:
        cells = json.load(f)["cells"]
    alts = []
    for cell in cells:
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}) or "image/svg+xml" in out.get("data", {}):
                alts.append(cell.get("metadata", {}).get("alt"))
    return alts


def _with_alts(output: str, alts: list[str]) -> str:
    parts = output.split(_PLACEHOLDER_ALT)
    if len(parts) - 1 != len(alts):
        return output  # leave nbconvert's placeholder: the site test reports it
    out = [parts[0]]
    for alt, rest in zip(alts, parts[1:], strict=True):
        attr = _PLACEHOLDER_ALT if alt is None else f'alt="{html.escape(alt, quote=True)}"'
        out += [attr, rest]
    return "".join(out)


# (a link with a download attribute is a file, not a page: the link to the notebook itself)
_PAGE_LINK = re.compile(
    r'href="(?![a-z]+:|/|#)([^"#]+?)\.(?:md|ipynb)(#[^"]*)?"(?![^<>]*\sdownload[\s=>])')
_EMPTY_HEADING = re.compile(r'<h([1-6]) id="">(.*?)<a class="anchor-link" href="#">', re.S)


def _fix_links_and_ids(output: str, directory_urls: bool = True) -> str:
    if directory_urls:  # the page is <name>/index.html: its neighbour is ../<other>/
        output = _PAGE_LINK.sub(lambda m: f'href="../{m.group(1)}/{m.group(2) or ""}"', output)
    else:  # file URLs (the offline edition): the page is <name>.html beside <other>.html
        output = _PAGE_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', output)
    counter = iter(range(1, 1000))

    def number(m):
        anchor = f"_{next(counter)}"
        return f'<h{m.group(1)} id="{anchor}">{m.group(2)}<a class="anchor-link" href="#{anchor}">'

    return _EMPTY_HEADING.sub(number, output)


def _shared_stylesheet(output: str, page_url: str) -> str:
    """Replace the page's <style> blocks by one link to the shared stylesheet."""
    blocks = _STYLE.findall(output)
    if not blocks:
        return output
    for css in blocks:
        # the template also prints its Pygments styles as a Python list: not CSS, a duplicate
        if not css.lstrip().startswith("[") and css not in _styles:
            _styles.append(css)
    for value in _CLASS_ATTR.findall(output):
        _classes.update(value.split())
    href = get_relative_url(JUPYTER_CSS, page_url)
    first = True

    def replace(_m):
        nonlocal first
        link, first = (f'<link rel="stylesheet" href="{href}">\n' if first else ""), False
        return link

    return _STYLE.sub(replace, output)


_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
# the template's own custom properties: JupyterLab's and its Material colour palette; others
# (--md-code-bg-color...) are read by the theme's stylesheets and always kept
_OWN_VARIABLE = re.compile(r"--jp-|--md-[a-z]+-(?:A?[0-9]+)$")


_NOT = re.compile(r":not\([^()]*\)")


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside ``:is(...)``)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def _keep_selector(selector: str, used: set[str]) -> bool:
    """False when the selector needs a class that no notebook page has (``:not(.x)`` needs
    none; selectors with ``:is``/``:where``/``:has`` are kept as they are)."""
    if re.search(r":(?:is|where|has|matches)\(", selector):
        return True
    return all(c in used for c in _SELECTOR_CLASS.findall(_NOT.sub("", selector)))


def _prune_rules(rules, used: set[str]) -> list:
    """Qualified rules reduced to the selectors that can match; @media/@supports recursed."""
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(tinycss2.serialize(rule.prelude))
                         if _keep_selector(s, used)]
            if selectors:
                kept.append([",".join(selectors), rule.content])
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") \
                and rule.content is not None:
            inner = _prune_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                          skip_whitespace=True), used)
            if inner:
                kept.append([f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", inner])
        elif rule.type == "at-rule" and rule.lower_at_keyword != "charset":
            kept.append(rule.serialize())
    return kept


def _declarations(content) -> list[tuple[str, str]]:
    out = []
    for d in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if d.type == "declaration":
            value = tinycss2.serialize(d.value).strip()
            out.append((d.name, value + (" !important" if d.important else "")))
        elif d.type == "qualified-rule":  # nested rule (not used by the template): keep it
            out.append(("", d.serialize()))
    return out


def _render(kept, needed: set[str] | None) -> str:
    parts = []
    for item in kept:
        if isinstance(item, str):
            parts.append(item)
            continue
        head, body = item
        if body and isinstance(body[0], list | str):
            inner = _render(body, needed)
            if inner:
                parts.append(f"{head}{{{inner}}}")
            continue
        decls = [(n, v) for n, v in _declarations(body)
                 if needed is None or not _OWN_VARIABLE.match(n) or n in needed]
        if decls:
            parts.append(head + "{" + ";".join(v if not n else f"{n}:{v}" for n, v in decls)
                         + "}")
    return "".join(parts)


def trim_css(css: str, used_classes: set[str]) -> str:
    """``css`` without the rules no element with ``used_classes`` can match, and without the
    template's custom properties that no remaining ``var()`` reads (until nothing changes)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _prune_rules(rules, used_classes)
    text = _render(kept, None)
    needed = set(_VAR_USE.findall(text))
    while True:
        text = _render(kept, needed)
        now = set(_VAR_USE.findall(text))
        if now == needed:
            return text
        needed = now


def reset() -> None:
    """Forget the styles collected by a previous build (``mkdocs serve`` rebuilds)."""
    _styles.clear()
    _classes.clear()


def content(page_html: str) -> str:
    """A notebook page's content with what the site's Markdown extensions do to other pages."""
    return search_index.mark_unindexed(
        code_html.unwrap_plain_tokens(site_math.render_notebook_math(page_html)))


def finish(output: str, notebook_path: str, page_url: str, directory_urls: bool) -> str:
    """A notebook's whole page: alt texts, links and ids, no external scripts, and its styles
    collected for the shared stylesheet."""
    output = _fix_links_and_ids(_with_alts(output, _image_alts(notebook_path)), directory_urls)
    output = _MERMAID.sub("", _MATHJAX.sub("", output))
    return _shared_stylesheet(output, page_url)


def write_stylesheet(site_dir: Path) -> None:
    """Write the shared stylesheet of the notebook pages built (none: nothing)."""
    if not _styles:
        return
    path = site_dir / JUPYTER_CSS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(trim_css("\n".join(_styles), _classes) + "\n", encoding="utf-8")
