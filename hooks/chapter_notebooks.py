"""MkDocs hook: every chapter page links to a notebook made from it, written into the built
site beside the page (see site_tools/chapter_notebooks.py); the site's own notebooks link to
their source.

The notebooks are made at build time, so they cannot drift from the pages; they go into the
built site, not into docs/ (mkdocs-jupyter would publish them as pages). Under the i18n plugin
each language is a build of its own: each build writes the notebooks of its pages.
"""

import posixpath
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import chapter_notebooks  # noqa: E402

_pages: list[tuple[str, str]] = []  # (page source, folder of its index.html) in this build


def on_page_content(html, page, config, files):
    src_uri = page.file.src_uri
    if not chapter_notebooks.is_chapter(src_uri):
        return html
    _pages.append((src_uri, posixpath.dirname(page.file.dest_uri)))
    return chapter_notebooks.with_download_link(html, src_uri)


def on_post_build(config):
    chapter_notebooks.write_notebooks(Path(config.site_dir), _pages, config.site_url)
    _pages.clear()
