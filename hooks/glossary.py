"""MkDocs hook: fill the Glossary pages from glossary/*.yml (see site_tools/glossary.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import glossary  # noqa: E402


def on_page_markdown(markdown, page, config, files):
    if glossary.MARKER not in markdown:
        return markdown
    lang = "zh" if page.file.src_uri.endswith(".zh.md") else "en"
    return markdown.replace(glossary.MARKER, glossary.table(lang, glossary.load_terms()))
