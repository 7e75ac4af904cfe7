"""MkDocs hook: list every module of the package on the API reference pages
(see site_tools/api_reference.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import api_reference  # noqa: E402


def on_page_markdown(markdown, page, config, files):
    return api_reference.expand(markdown)
