"""One language of the site as one printable page: the PDF edition's source (scripts/build_pdf.py
prints it with headless Chromium).

The page is made from the offline copy's built pages (site_tools/editions.py), so formulas are
the KaTeX the site shows, code is the site's highlighted code and figures are the site's SVGs:

* a title page (with the build date and commit), a table of contents by part, then every page
  of the navigation in its order, each starting on a new page;
* each page's ids get a prefix of their own (``p12-momentum``) and links between pages of the
  book become links inside it; other relative links and image sources are rewritten for the
  book's place in the copy;
* figures are inlined as SVG (ids made unique), so that their labels are set in the fonts the
  book embeds (an SVG shown through ``<img>`` could only use the machine's fonts);
* solutions (``details``) are open, every tab of a tabbed block is shown under its label, and
  the print stylesheet (``book.css``) wraps long code lines instead of cutting them and sets
  Chinese in the pinned Noto Sans SC.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from site_tools import editions, svg_fonts

CSS = Path(__file__).resolve().parent / "offline" / "book.css"
TITLES = {"en": ("Deep Learning Notes", "Contents"), "zh": ("深度学习笔记", "目录")}
# what a printed page does not need: buttons, permalinks, the notebook download link
_DROP = ("a.headerlink", "a.anchor-link", ".md-content__button", ".md-source-file",
         "p.dl-notebook", ".md-feedback", "nav.md-tags")


@dataclass(frozen=True)
class Chapter:
    path: str  # the built page, relative to the copy ("zh/improving/batch-norm.html")
    part: str  # the navigation section it is in ("" for top-level pages)


def nav(lang: str) -> list[Chapter]:
    """The pages of the navigation in order, with the section each is in (in the language)."""
    from mkdocs.utils.yaml import yaml_load

    with (editions.ROOT / "mkdocs.yml").open("rb") as f:
        config = yaml_load(f)
    translations = {}
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                if language["locale"] == lang:
                    translations = language.get("nav_translations", {})
    chapters = []

    def walk(items, part):
        for item in items:
            if isinstance(item, str):
                chapters.append(Chapter(built_path(item, lang), part))
                continue
            for title, value in item.items():
                if isinstance(value, str):
                    chapters.append(Chapter(built_path(value, lang), part))
                else:
                    walk(value, translations.get(title, title))

    walk(config["nav"], "")
    return chapters


def built_path(src: str, lang: str) -> str:
    """Where the offline copy has a source page: ``improving/x.md`` -> ``zh/improving/x.html``."""
    stem = src.rsplit(".", 1)[0]
    return ("" if lang == "en" else f"{lang}/") + stem + ".html"


def _relative(target: str, start_dir: str) -> str:
    return posixpath.relpath(target, start_dir or ".")


class _Book:
    def __init__(self, site: Path, lang: str):
        self.site = site
        self.lang = lang
        self.chapters = nav(lang)
        self.number = {c.path: i for i, c in enumerate(self.chapters, 1)}
        self.home_dir = "" if lang == "en" else lang  # where the book's page sits in the copy
        self.stylesheets: list[str] = []
        self.svg_count = 0

    # -- links and sources ---------------------------------------------------------------
    def href(self, value: str, page_dir: str, prefix: str) -> str:
        if not value or re.match(r"[a-z][a-z0-9+.-]*:", value):
            return value  # empty, or another scheme (https:, mailto:, data:)
        if value.startswith("#"):
            return f"#{prefix}-{value[1:]}" if len(value) > 1 else f"#{prefix}"
        path, _, fragment = value.partition("#")
        target = posixpath.normpath(posixpath.join(page_dir, path))
        if target in self.number:
            other = f"p{self.number[target]}"
            return f"#{other}-{fragment}" if fragment else f"#{other}"
        return _relative(target, self.home_dir) + (f"#{fragment}" if fragment else "")

    def inline_svg(self, img, page_dir: str, soup: BeautifulSoup):
        src = img.get("src", "")
        file = self.site / posixpath.normpath(posixpath.join(page_dir, src))
        if not src.endswith(".svg") or not file.exists():
            return False
        self.svg_count += 1
        svg = file.read_text(encoding="utf-8")
        svg = svg[svg.index("<svg"):]
        tag = f"f{self.svg_count}-"
        svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{tag}{m.group(1)}"', svg)
        svg = re.sub(r'(href=")#([^"]+)"', lambda m: f'{m.group(1)}#{tag}{m.group(2)}"', svg)
        svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{tag}{m.group(1)})", svg)
        node = BeautifulSoup(svg, "lxml-xml").find("svg")
        node["id"] = f"f{self.svg_count}"
        for style in node.find_all("style"):  # an inlined <style> applies to the whole book
            style.string = scoped_css(style.get_text(), f"#f{self.svg_count}")
        alt = img.get("alt")
        if alt:
            node["role"] = "img"
            node["aria-label"] = alt
        node["class"] = "book-figure"
        img.replace_with(node)
        return True

    # -- one page of the site -------------------------------------------------------------
    def chapter_html(self, chapter: Chapter) -> tuple[str, str]:
        """The page's title, and its article as a section of the book."""
        n = self.number[chapter.path]
        prefix = f"p{n}"
        page_dir = posixpath.dirname(chapter.path)
        soup = BeautifulSoup((self.site / chapter.path).read_text(encoding="utf-8"), "lxml")
        for link in soup.select('link[rel="stylesheet"]'):
            href = _relative(posixpath.normpath(posixpath.join(page_dir, link["href"])),
                             self.home_dir)
            if href not in self.stylesheets:
                self.stylesheets.append(href)
        article = soup.select_one("article.md-content__inner")
        if article is None or article.find("h1") is None:
            raise ValueError(f"{chapter.path}: no article with a title")
        for selector in _DROP:
            for node in article.select(selector):
                node.decompose()
        for node in article.select("link, script"):
            node.decompose()
        title = article.find("h1").get_text(" ", strip=True)
        for details in article.find_all("details"):
            details["open"] = ""
        for tabbed in article.select(".tabbed-set"):
            labels = [label.get_text(" ", strip=True) for label in tabbed.select(
                ".tabbed-labels > label")]
            for label, block in zip(labels, tabbed.select(".tabbed-content > .tabbed-block"),
                                    strict=False):
                caption = soup.new_tag("p", attrs={"class": "book-tab-label"})
                caption.string = label
                block.insert(0, caption)
        for node in article.find_all(id=True):
            node["id"] = f"{prefix}-{node['id']}"
        for node in article.find_all("a", href=True):
            node["href"] = self.href(node["href"], page_dir, prefix)
        for img in article.find_all("img"):
            if not self.inline_svg(img, page_dir, soup):
                src = img.get("src", "")
                if src and not re.match(r"[a-z]+:", src):
                    img["src"] = _relative(posixpath.normpath(posixpath.join(page_dir, src)),
                                           self.home_dir)
            if img.get("loading"):
                del img["loading"]
        return title, (f'<section class="book-chapter" id="{prefix}">'
                       f"{article.decode_contents()}</section>")

    def contents(self, titles: list[str]) -> str:
        rows, part = [], None
        for chapter, title in zip(self.chapters, titles, strict=True):
            if chapter.part != part:
                part = chapter.part
                if part:
                    rows.append(f'<li class="book-toc-part">{html.escape(part)}</li>')
            rows.append(f'<li><a href="#p{self.number[chapter.path]}">{html.escape(title)}'
                        "</a></li>")
        return (f'<nav class="book-toc" id="book-contents"><h1 class="book-toc-title">'
                f'{TITLES[self.lang][1]}</h1><ol>{"".join(rows)}</ol></nav>')


_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def scoped_css(css: str, scope: str) -> str:
    """``css`` with each rule's selectors limited to the element ``scope`` (``#f3``): the
    classes a figure's stylesheet defines (``.s2``) would otherwise restyle the book's code,
    whose highlighter uses the same names. At-rules (``@font-face``) stay global."""
    def rule(m: re.Match) -> str:
        selectors, body = m.group(1).strip(), m.group(2)
        if selectors.startswith("@"):
            return f"{selectors}{{{body}}}"
        return ",".join(f"{scope} {sel.strip()}" for sel in selectors.split(",")) + f"{{{body}}}"
    return _RULE.sub(rule, css)


class Book:
    """One language's book, read from the built pages."""

    def __init__(self, site: Path, lang: str, stamp: editions.Stamp):
        self.lang = lang
        self.stamp = stamp
        self.book = _Book(site, lang)
        self.titles, self.sections = [], []
        for chapter in self.book.chapters:
            title, section = self.book.chapter_html(chapter)
            self.titles.append(title)
            self.sections.append(section)
        home = "index.html" if lang == "en" else f"{lang}/index.html"
        meta = BeautifulSoup((site / home).read_text(encoding="utf-8"), "lxml").select_one(
            'meta[name="description"]')
        self.subtitle = meta["content"] if meta else ""

    def html(self) -> str:
        """The whole book as one HTML page, to be written into the language's home folder of
        the site (beside its ``index.html``): its links are relative to that folder."""
        links = "".join(f'<link rel="stylesheet" href="{html.escape(h)}">'
                        for h in self.book.stylesheets)
        title = TITLES[self.lang][0]
        body = (
            '<body class="book" dir="ltr" data-md-color-scheme="default" '
            'data-md-color-primary="indigo"><div class="md-container"><main class="md-main">'
            '<div class="md-content"><article class="md-content__inner md-typeset">'
            f'<section class="book-title"><h1 class="book-title-name">{html.escape(title)}</h1>'
            f'<p class="book-title-subtitle">{html.escape(self.subtitle)}</p>'
            f'<p class="book-title-stamp">{html.escape(self.stamp.line(self.lang, "pdf"))}</p>'
            f"</section>{self.book.contents(self.titles)}"
            f'{"".join(self.sections)}</article></div></main></div></body>')
        # the Chinese of the book (title included), embedded as a subset of the pinned font
        chinese = svg_fonts.cjk_rule("Book CJK", title + body)
        return (
            f'<!doctype html><html lang="{"zh-Hans" if self.lang == "zh" else "en"}"><head>'
            f'<meta charset="utf-8"><title>{html.escape(title)}</title>{links}'
            f"<style>{chinese}\n{CSS.read_text(encoding='utf-8')}</style></head>{body}</html>")
