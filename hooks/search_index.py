"""MkDocs hook: one search index per language (see site_tools/search_index.py; the pages are
marked for the search by its SearchExcludeExtension)."""

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import search_index  # noqa: E402


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language (tested)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return
    default = i18n.default_language
    others = [lang for lang in i18n.build_languages if lang != default]
    search_index.split(Path(config.site_dir), default, others)
