"""The site's pages as files: language pairs, and what their built HTML shows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup

from site_tools.markdown_blocks import ROOT, normalize

DOCS = ROOT / "docs"
LANGS = ("en", "zh")


def parse(html_path: Path) -> BeautifulSoup:
    """A built page parsed once per test session (lxml); callers only read the tree."""
    stat = html_path.stat()
    return _parse(html_path.resolve(), stat.st_mtime_ns, stat.st_size)


@cache
def _parse(html_path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(html_path.read_text(encoding="utf-8"), "lxml")


def source_pages() -> list[Path]:
    """Every Markdown page and notebook of the site (both languages)."""
    return sorted(p for p in DOCS.rglob("*") if p.suffix in (".md", ".ipynb"))


def lang_of(path: Path) -> str:
    return "zh" if path.stem.endswith(".zh") else "en"


def twin(path: Path) -> Path:
    """The other-language file of a page: ``x.md`` <-> ``x.zh.md``."""
    if lang_of(path) == "zh":
        return path.with_name(path.name.replace(".zh.", ".", 1))
    return path.with_name(f"{path.stem}.zh{path.suffix}")


def built_html(site: Path, source: Path) -> Path:
    """Where MkDocs writes a source page (directory URLs; Chinese under /zh/)."""
    rel = source.relative_to(DOCS)
    stem = rel.name.split(".")[0]
    parts = list(rel.parent.parts) + ([] if stem == "index" else [stem])
    base = site / "zh" if lang_of(source) == "zh" else site
    return base.joinpath(*parts, "index.html")


def site_paths() -> list[str]:
    """The URL path of every page on the site, both languages (``/``, ``/zh/notation/``...)."""
    root = Path("/")
    return sorted({str(built_html(root, source).parent).rstrip("/") + "/"
                   for source in source_pages()})


@dataclass(frozen=True)
class ShownCode:
    lang: str  # "python", "output", "bash", ... ("notebook" for a notebook's code cell)
    text: str
    run: bool = False  # an output block marked .run (the numbers of one training run)


def shown_code(html_path: Path) -> list[ShownCode]:
    """The code blocks a reader sees on a built page, in order, as normalized text."""
    soup = parse(html_path)
    article = soup.find("article") or soup
    shown = []
    for div in article.select("div.highlight, div.highlight-ipynb"):
        if "highlight-ipynb" in div.get("class", []):
            # a notebook code cell (inputs only: outputs are checked against execution)
            if div.find_parent(class_="jp-InputArea") is not None:
                shown.append(ShownCode("notebook", normalize(div.get_text())))
            continue
        langs = [c[len("language-"):] for c in div.get("class", []) if c.startswith("language-")]
        code = div.find("code")
        shown.append(ShownCode(langs[0] if langs else "", normalize(code.get_text()),
                               "run" in div.get("class", [])))
    return shown
