"""MkDocs hook: a page that sections moved away from forwards links to them (see
site_tools/moved_anchors.py, which holds the list)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import moved_anchors  # noqa: E402


def on_post_page(output, page, config):
    script = moved_anchors.script(page.file.src_uri)
    if script is None:
        return output
    # at the top of <head>, after the charset: it runs before the old page is laid out
    at = output.index("<head>") + len("<head>")
    charset = output.find(">", output.find("<meta charset", at)) + 1
    at = charset if charset > at else at
    return output[:at] + script + output[at:]
