"""Rewrite the "Functions used on this page" lists from the code each page shows.

    python scripts/refresh_api_lists.py                 # every chapter, both languages
    python scripts/refresh_api_lists.py docs/sequence/rnn.md docs/sequence/rnn.zh.md

Review the diff: tests/test_api_lists.py fails while a list and its page's code disagree.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import api_lists, pages  # noqa: E402

if __name__ == "__main__":
    chosen = [Path(a).resolve() for a in sys.argv[1:]] or [
        p for p in pages.source_pages()
        if p.suffix == ".md" and "{ #api }" in p.read_text(encoding="utf-8")]
    for page in chosen:
        if api_lists.refresh(page, pages.lang_of(page)):
            print(f"{page.relative_to(pages.DOCS.parent)}: list rewritten")
