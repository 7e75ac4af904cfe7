"""The glossary: one YAML file per chapter in ``glossary/``, merged into the Glossary pages.

Each file reads::

    chapter: improving/optimization        # the page pair, without .md / .zh.md
    terms:
      - en: momentum                       # as the English page writes it
        zh: 动量                            # as the Chinese page writes it
        anchor: momentum                   # heading id on both pages ({ #momentum })
        also: [...]                        # optional: other accepted Chinese forms
        avoid: [...]                       # optional: forms that drifted from it (tested)

A chapter adds its own file, so chapters never edit a shared list. The Glossary pages hold the
marker ``<!-- glossary-table: en -->`` (``zh`` on the Chinese page) where the table goes;
``GlossaryExtension`` (``site_tools.glossary:GlossaryExtension`` in ``mkdocs.yml``) writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown import Extension
from markdown.preprocessors import Preprocessor

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY_DIR = ROOT / "glossary"
MARKER = re.compile(r"^<!-- glossary-table: (en|zh) -->$")


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    chapter: str
    anchor: str
    also: tuple[str, ...] = ()  # other accepted Chinese forms, e.g. a term kept in English
    avoid: tuple[str, ...] = ()  # Chinese forms that no page may use for it


def load_terms(directory: Path = GLOSSARY_DIR) -> list[Term]:
    """All terms of all chapters, sorted by their English name."""
    terms = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for t in data["terms"]:
            terms.append(Term(t["en"], t["zh"], data["chapter"], t["anchor"],
                              tuple(t.get("also", ())), tuple(t.get("avoid", ()))))
    return sorted(terms, key=lambda t: t.en.lower())


def table(lang: str, terms: list[Term]) -> str:
    """The Markdown table for the glossary page of ``lang`` ("en" or "zh")."""
    header = {
        "en": "| English | 中文 | Explained in |\n| --- | --- | --- |",
        "zh": "| 中文 | English | 讲解位置 |\n| --- | --- | --- |",
    }[lang]
    rows = []
    for t in terms:
        link = f"[{t.zh if lang == 'zh' else t.en}]({t.chapter}.md#{t.anchor})"
        first, second = (t.zh, t.en) if lang == "zh" else (t.en, t.zh)
        rows.append(f"| {first} | {second} | {link} |")
    return "\n".join([header, *rows])


class _Table(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            m = MARKER.match(line.strip())
            out += table(m.group(1), load_terms()).split("\n") if m else [line]
        return out


class GlossaryExtension(Extension):
    """Replace the marker line by the table. Registered above Python-Markdown's HTML-block
    preprocessor (20), which would otherwise keep the marker as a raw HTML comment."""

    def extendMarkdown(self, md):
        md.preprocessors.register(_Table(md), "glossary_table", 25)
