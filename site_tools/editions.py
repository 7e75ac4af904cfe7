"""The site's two editions for reading without the server: an offline copy that opens from the
file system, and a PDF per language (``make offline``, ``make pdf``).

Both are made from one build of the site with file URLs (``use_directory_urls: false``: every
page is a ``.html`` file, so links work under ``file://``); nothing is added to the ordinary
build, so ``make serve`` is as fast as before. Each edition carries the date it was built and
the commit it was built from (``Stamp``).

The offline copy needs two things Material for MkDocs does not ship: its search runs in a Web
Worker, which browsers refuse to start from ``file://``, so the copy loads ``file-worker.js``
(our own shim, no CDN); and the search index is also written as a script,
``search/search_index.js`` (and ``zh/search/search_index.js``: one index per language), which
Material loads in place of the JSON under ``file://`` (what
Material's ``offline`` plugin does; that plugin would also add a polyfill from unpkg.com, a
request off the copy, so it is not used). scripts/build_offline.py and scripts/build_pdf.py
drive this module; tests/test_editions.py checks what they write.
"""

from __future__ import annotations

import datetime
import html
import logging
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = ROOT / "build" / "editions"
NAME = "deep-learning-notes"
SITE = EDITIONS / "offline" / NAME  # the offline copy (the folder the zip holds)
ZIP = EDITIONS / f"{NAME}-offline.zip"
LANGS = ("en", "zh")
SHIM = Path(__file__).resolve().parent / "offline" / "file-worker.js"
SHIM_URL = "assets/javascripts/file-worker.js"
ABOUT = "EDITION.txt"


def pdf_path(lang: str) -> Path:
    return EDITIONS / f"{NAME}-{lang}.pdf"


@dataclass(frozen=True)
class Stamp:
    """When and from what an edition was built."""

    date: str  # e.g. "2026-12-07 06:40 UTC"
    commit: str  # short hash of HEAD, "+" when the work tree had changes
    commit_date: str

    def line(self, lang: str, edition: str) -> str:
        """One sentence for a title page or a footer, in the edition's language."""
        if lang == "zh":
            kind = {"offline": "离线版", "pdf": "PDF 版"}[edition]
            return f"{kind}，构建于 {self.date}，源自提交 {self.commit}（{self.commit_date}）。"
        kind = {"offline": "Offline edition", "pdf": "PDF edition"}[edition]
        return f"{kind}, built {self.date} from commit {self.commit} ({self.commit_date})."


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def stamp() -> Stamp:
    commit = _git("rev-parse", "--short=10", "HEAD") or "unknown"
    if _git("status", "--porcelain", "--untracked-files=no"):
        commit += "+"  # built with changes not yet committed
    now = datetime.datetime.now(datetime.UTC)
    return Stamp(date=now.strftime("%Y-%m-%d %H:%M UTC"), commit=commit,
                 commit_date=_git("log", "-1", "--format=%cs") or "unknown date")


def build_site(dest: Path, the_stamp: Stamp) -> None:
    """Build both languages into ``dest`` with file URLs, strict (a warning fails it), then
    make the result work from the file system and stamp its home pages."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if dest.exists():
        shutil.rmtree(dest)
    previous = Path.cwd()
    os.chdir(ROOT)  # the snippets' base path is relative to the repository root
    try:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(dest),
                             use_directory_urls=False, strict=True)
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM_URL]
        log = logging.getLogger("mkdocs")  # what `mkdocs build` would print
        if not log.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
            log.addHandler(handler)
            log.setLevel(logging.WARNING)
        build(config)
    finally:
        os.chdir(previous)
    make_file_ready(dest)
    stamp_home_pages(dest, the_stamp)


def make_file_ready(site: Path) -> None:
    """What the copy needs beyond the build to run from ``file://``."""
    target = site / SHIM_URL
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, target)
    for index in site.glob("**/search/search_index.json"):  # one per language
        index.with_suffix(".js").write_text(
            "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")
    for page in (site / "zh").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = english_twin_link(text, page, site)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    # a 404 page links to the server's root; a sitemap lists server URLs: neither has a use
    for name in ("404.html", "zh/404.html", "sitemap.xml", "sitemap.xml.gz"):
        (site / name).unlink(missing_ok=True)


_ROOT_SWITCH = re.compile(r'<a href="/(?:index\.html)?" hreflang="en"')


def english_twin_link(page_html: str, page: Path, site: Path) -> str:
    """The language switcher of a Chinese notebook page leads to the server's root ("/"): the
    i18n plugin does not pair ``x.zh.ipynb`` with ``x.ipynb``. In the copy, point it at the
    English page of the same path (or the English home page)."""
    twin = site / page.relative_to(site / "zh")
    target = os.path.relpath(twin if twin.exists() else site / "index.html", page.parent)
    return _ROOT_SWITCH.sub(f'<a href="{Path(target).as_posix()}" hreflang="en"', page_html)


def stamp_home_pages(site: Path, the_stamp: Stamp) -> None:
    """The build date and commit under the title of each language's home page, and in
    ``EDITION.txt`` at the root of the copy."""
    for lang in LANGS:
        page = site / ("index.html" if lang == "en" else f"{lang}/index.html")
        text = page.read_text(encoding="utf-8")
        note = (f'<p class="edition-stamp"><em>{html.escape(the_stamp.line(lang, "offline"))}'
                f"</em></p>")
        head, sep, tail = text.partition("</h1>")
        if not sep:
            raise ValueError(f"{page}: no <h1> to put the edition stamp under")
        page.write_text(head + sep + note + tail, encoding="utf-8")
    (site / ABOUT).write_text(
        "Deep Learning Notes / 深度学习笔记 — offline edition / 离线版\n\n"
        f"Built / 构建于: {the_stamp.date}\n"
        f"Commit / 提交: {the_stamp.commit} ({the_stamp.commit_date})\n\n"
        "Open index.html (English) or zh/index.html (中文) in a browser.\n"
        "用浏览器打开 zh/index.html（中文）或 index.html（English）。\n",
        encoding="utf-8")


def zip_site(site: Path, target: Path) -> None:
    """The copy as one zip (both languages: they share assets, search index and links)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                archive.write(path, Path(site.name) / path.relative_to(site))
    partial.replace(target)


def chromium() -> str | None:
    """The Chromium the browser tests use (``CHROMIUM`` or Debian's ``chromium``)."""
    return (os.environ.get("CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))


CHROMIUM_ARGS = [  # as root, offline: no sandbox, and none of Chromium's background traffic
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-domain-reliability", "--metrics-recording-only",
]


def file_of(url: str) -> Path:
    """The file a ``file://`` URL names (query and fragment dropped)."""
    from urllib.parse import unquote, urlsplit

    return Path(unquote(urlsplit(url).path))
