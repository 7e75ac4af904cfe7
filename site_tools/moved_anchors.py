"""Sections that moved to another page keep their old links working.

When a long chapter is split in two, links to the sections that moved
(``.../attention/#multi-head-attention``, from bookmarks, other sites, or an older copy of this
one) would land at the top of the old page.
``MOVED`` is the one list of such sections: for each old page, the page the sections went to
and their heading ids, which stay the same on both languages' pages. The hook
``hooks/moved_anchors.py`` puts a small inline script on the old page of each language (served
with the page: nothing is fetched) that sends a reader who arrives with, or follows, one of
these ids to the same section of the new page. A link inside the site points at the new page
directly; ``mkdocs build --strict`` checks those anchors.
"""

from __future__ import annotations

import json
import posixpath

#: old page -> (new page, heading ids that moved from the old page to the new one)
MOVED: dict[str, tuple[str, tuple[str, ...]]] = {
    "cnn/object-detection.md": (
        "cnn/region-based-detection.md",
        ("region-based", "r-cnn", "fast-r-cnn", "faster-r-cnn"),
    ),
    "sequence/attention.md": (
        "sequence/multi-head-attention.md",
        ("self-attention", "multi-head-attention", "speed", "positional-encoding"),
    ),
}


def page_of(src_uri: str) -> str:
    """The page a source file is, without its language: ``x.zh.md`` -> ``x.md``."""
    return src_uri[: -len(".zh.md")] + ".md" if src_uri.endswith(".zh.md") else src_uri


def _directory(page: str) -> str:
    """The folder a page is served from (directory URLs): ``cnn/object-detection/``."""
    return page.removesuffix(".md") + "/"


def target_url(old: str) -> str:
    """The new page's URL relative to the old page's (the same in every language)."""
    new, _ = MOVED[old]
    return posixpath.relpath(_directory(new), _directory(old)) + "/"


def script(src_uri: str) -> str | None:
    """The ``<script>`` for the page built from ``src_uri``, or None if nothing moved off it."""
    old = page_of(src_uri)
    if old not in MOVED:
        return None
    ids = json.dumps(list(MOVED[old][1]))
    url = json.dumps(target_url(old))
    return (
        "<script>(function(){"
        f"var moved={ids},to={url};"
        "function go(){var id=decodeURIComponent(location.hash.slice(1));"
        "if(moved.indexOf(id)>=0)location.replace(to+'#'+id);}"
        "go();window.addEventListener('hashchange',go);"
        "})();</script>"
    )
