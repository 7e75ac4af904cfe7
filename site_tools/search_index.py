"""The search index, one per language and lighter (``SearchExcludeExtension`` in ``mkdocs.yml``
marks the pages, hooks/search_index.py splits the index).

Material's search plugin writes one index, ``search/search_index.json``, and mkdocs-static-i18n
fills it with the pages of every language: a reader of either language would download both.

* When a page is converted (before the plugin reads it), ``mark_unindexed`` marks what the
  index leaves out with Material's ``data-search-exclude`` attribute (the plugin drops the
  marked element with its content, then strips the attribute from the page): code blocks and
  their output (``<pre>``), and the MathML copy of each formula (``<math>``, with its TeX
  source), so that a formula is indexed once, as the text KaTeX shows, not three times.
* After the build, ``split`` divides the index by language: ``search/search_index.json`` keeps
  the default language's pages, ``<lang>/search/search_index.json`` gets the pages of language
  ``<lang>``, with their locations relative to ``<lang>/`` (overrides/main.html makes that the
  search's base on those pages). Each is written as UTF-8, not ``\\uXXXX`` escapes, and the API
  reference's headings keep a function's name but not its parameters (``conv_forward()``).

The theme fetches a page's index when the reader first opens the search (overrides/main.html).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor

# (not one already marked: mkdocstrings converts docstrings with the same extensions, and
# the page that holds them is converted again)
_UNINDEXED = re.compile(r"<(pre|math)(?=[\s>])(?! data-search-exclude=)")
_SIGNATURE = re.compile(r"^(<code>[\w.]+)\([^<]*\)(</code>)$")
INDEX = Path("search") / "search_index.json"


def mark_unindexed(html: str) -> str:
    """The page's HTML with its code blocks and MathML marked for the search to skip.

    Neither element nests inside one of its own kind, which the plugin's exclusion needs (it
    tells elements apart by their tag only)."""
    return _UNINDEXED.sub(r'<\1 data-search-exclude="unindexed"', html)


class _MarkUnindexed(Postprocessor):
    def run(self, text: str) -> str:
        return mark_unindexed(text)


class SearchExcludeExtension(Extension):
    """Mark the converted HTML for the search; registered after ``MathExtension`` (5) and
    ``CodeHtmlExtension`` (4), whose output it marks."""

    def extendMarkdown(self, md):
        md.postprocessors.register(_MarkUnindexed(md), "search_exclude", 3)


def lighten(entry: dict) -> dict:
    """An entry with an API heading's parameters left out of its title."""
    title = _SIGNATURE.sub(r"\1()\2", entry["title"])
    return {**entry, "title": title} if title != entry["title"] else entry


def language_of(location: str, default: str, others: list[str]) -> str:
    """The language of the page at ``location``: the other language whose folder holds it,
    else the default language."""
    return next((lang for lang in others if location.startswith(f"{lang}/")), default)


def _write(path: Path, index: dict, script: bool) -> None:
    """Write an index, and its copy as a script (which a page opened from a file:// URL loads)
    where the build made one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    if script:
        path.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")


def split(site_dir: Path, default: str, others: list[str]) -> dict[str, Path]:
    """Divide the site's search index by language; the path of each language's index.

    The default language's index asks for its own stemmer only; another language's asks for
    the default language's too (its pages quote English names), where the plugin has both.
    An index that holds the default language's pages only is left as it is (split already)."""
    combined = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))
    config, docs = combined["config"], combined["docs"]
    if all(language_of(e["location"], default, others) == default for e in docs):
        return {default: site_dir / INDEX}
    script = (site_dir / INDEX.with_suffix(".js")).exists()
    written = {}
    for lang in [default, *others]:
        own = [lighten(e) for e in docs if language_of(e["location"], default, others) == lang]
        if lang != default:
            own = [{**e, "location": e["location"][len(lang) + 1:]} for e in own]
        lunr = [x for x in config["lang"] if x in (default, lang)] or config["lang"]
        path = site_dir / INDEX if lang == default else site_dir / lang / INDEX
        _write(path, {"config": {**config, "lang": lunr}, "docs": own}, script)
        written[lang] = path
    return written
