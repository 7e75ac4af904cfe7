"""MkDocs hook: typeset every formula at build time (see site_tools/math.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import math as site_math  # noqa: E402


def on_page_content(html, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        return site_math.render_notebook_math(html)
    return site_math.render_arithmatex(html)
