"""MkDocs hook: publish Jupyter notebooks as pages under the i18n plugin, offline.

* With mkdocs-static-i18n enabled, mkdocs-jupyter's notebooks are otherwise copied as raw JSON
  (ultrabug/mkdocs-static-i18n#198): the i18n plugin rebuilds the file list with plain ``File``
  objects, which do not count ``.ipynb`` as a documentation page. Marking them again is enough.
* An image a code cell draws gets the alt text stored in that cell's metadata (``"alt"``), in
  the notebook's language; nbconvert's placeholder is "No description has been provided".
* Links from a notebook's Markdown to other pages (``optimization.md``) are rewritten to the
  pages' URLs, as MkDocs does for Markdown pages; headings whose text yields no id (Chinese
  headings under nbconvert) get the ids ``_1``, ``_2``... that the page's table of contents uses.
* mkdocs-jupyter's template carries a MathJax loader and a dynamic import of mermaid from a
  CDN. The site typesets notebook math at build time (hooks/katex_math.py) and has no mermaid
  cells, so both scripts are removed: a page never asks another host for anything.

tests/test_site.py checks that the notebook pages render as HTML and load nothing external.
"""

import html
import json
import re

from mkdocs.plugins import event_priority

_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_MERMAID = re.compile(
    r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>', re.S
)


@event_priority(-200)  # after the i18n plugin's own on_files (priority -100)
def on_files(files, config):
    for file in files:
        if file.src_uri.endswith(".ipynb"):
            file.is_documentation_page = lambda: True
    return files


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


_PAGE_LINK = re.compile(r'href="(?![a-z]+:|/|#)([^"#]+?)\.(?:md|ipynb)(#[^"]*)?"')
_EMPTY_HEADING = re.compile(r'<h([1-6]) id="">(.*?)<a class="anchor-link" href="#">', re.S)


def _fix_links_and_ids(output: str) -> str:
    output = _PAGE_LINK.sub(lambda m: f'href="../{m.group(1)}/{m.group(2) or ""}"', output)
    counter = iter(range(1, 1000))

    def number(m):
        anchor = f"_{next(counter)}"
        return f'<h{m.group(1)} id="{anchor}">{m.group(2)}<a class="anchor-link" href="#{anchor}">'

    return _EMPTY_HEADING.sub(number, output)


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    output = _fix_links_and_ids(_with_alts(output, _image_alts(page.file.abs_src_path)))
    return _MERMAID.sub("", _MATHJAX.sub("", output))
