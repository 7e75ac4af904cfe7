"""MkDocs hook: publish Jupyter notebooks as pages under the i18n plugin, offline.

* With mkdocs-static-i18n enabled, mkdocs-jupyter's notebooks are otherwise copied as raw JSON
  (ultrabug/mkdocs-static-i18n#198): the i18n plugin rebuilds the file list with plain ``File``
  objects, which do not count ``.ipynb`` as a documentation page. Marking them again is enough.
* mkdocs-jupyter's template carries a MathJax loader and a dynamic import of mermaid from a
  CDN. The site typesets notebook math at build time (hooks/katex_math.py) and has no mermaid
  cells, so both scripts are removed: a page never asks another host for anything.

tests/test_site.py checks that the notebook pages render as HTML and load nothing external.
"""

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


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    return _MERMAID.sub("", _MATHJAX.sub("", output))
