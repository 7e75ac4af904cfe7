"""MkDocs hook: publish Jupyter notebooks as pages under the i18n plugin, offline (see
site_tools/jupyter_pages.py for what a notebook page gets).

With mkdocs-static-i18n enabled, mkdocs-jupyter's notebooks are otherwise copied as raw JSON
(ultrabug/mkdocs-static-i18n#198): the i18n plugin rebuilds the file list with plain ``File``
objects, which do not count ``.ipynb`` as a documentation page. Marking them again, after the
i18n plugin's ``on_files``, is enough: tests/test_build_events.py fails if that order changes,
tests/test_site.py if the notebook pages stop rendering as HTML.
"""

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import jupyter_pages  # noqa: E402


@event_priority(-200)  # after the i18n plugin's on_files (-100): tests/test_build_events.py
def on_files(files, config):
    for file in files:
        if file.src_uri.endswith(".ipynb"):
            file.is_documentation_page = lambda: True
    return files


def on_pre_build(config):
    jupyter_pages.reset()


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    return jupyter_pages.content(html)


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    return jupyter_pages.finish(output, page.file.abs_src_path, page.url,
                                config.use_directory_urls)


def on_post_build(config):
    jupyter_pages.write_stylesheet(Path(config.site_dir))
