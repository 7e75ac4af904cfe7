"""MkDocs hook: lighter highlighted code (see site_tools/code_html.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import code_html  # noqa: E402


def on_page_content(html, page, config, files):
    return code_html.unwrap_plain_tokens(html)
