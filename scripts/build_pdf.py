"""Build the PDF edition: one PDF per language, build/editions/deep-learning-notes-<lang>.pdf
(`make pdf`; see site_tools/book.py for what goes into it).

    python scripts/build_pdf.py [--reuse-site] [--lang en|zh]

The PDFs are printed from the offline copy's pages (build/editions/offline/), which this script
builds first unless --reuse-site says that `make offline` just did. The table of contents links
to the chapters, and the PDF's outline (bookmarks) lists every heading.
"""

from __future__ import annotations

import html
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import book, editions, pdf_reader  # noqa: E402

MARGIN = {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
BOOK_PAGE = "book-print.html"  # written beside the language's home page while printing


def footer(the_stamp: editions.Stamp) -> str:
    # the footer is drawn apart from the page and can only use the machine's fonts: ASCII only
    text = html.escape(f"Deep Learning Notes - built {the_stamp.date} from commit "
                       f"{the_stamp.commit}")
    return ('<div style="font-size:7pt;width:100%;margin:0 15mm;color:#666;display:flex;'
            'justify-content:space-between;font-family:Helvetica,Arial,sans-serif">'
            f'<span>{text}</span><span><span class="pageNumber"></span> / '
            '<span class="totalPages"></span></span></div>')


def print_book(browser, lang: str, the_stamp: editions.Stamp) -> tuple[Path, int]:
    folder = editions.SITE if lang == "en" else editions.SITE / lang
    source = folder / BOOK_PAGE
    target = editions.pdf_path(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(book.Book(editions.SITE, lang, the_stamp).html(), encoding="utf-8")
    try:
        page = browser.new_page()
        page.set_default_timeout(900_000)  # a book is one long page: minutes on a busy machine
        page.goto(source.resolve().as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        # tagged: Chromium makes the outline from the tagged headings
        page.pdf(path=str(target), format="A4", margin=MARGIN, print_background=True,
                 display_header_footer=True, header_template="<span></span>",
                 footer_template=footer(the_stamp), outline=True, tagged=True)
        page.close()
    finally:
        source.unlink(missing_ok=True)
    return target, pdf_reader.Pdf(target).page_count()


def main(args: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    langs = [args[args.index("--lang") + 1]] if "--lang" in args else list(editions.LANGS)
    began = time.perf_counter()
    the_stamp = editions.stamp()
    if "--reuse-site" not in args or not (editions.SITE / "index.html").exists():
        editions.build_site(editions.SITE, the_stamp)
        print(f"site for the PDFs built in {time.perf_counter() - began:.0f} s")
    executable = editions.chromium()
    if executable is None:
        print("no Chromium found: set CHROMIUM=/path/to/chromium", file=sys.stderr)
        return 1
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=editions.CHROMIUM_ARGS)
        try:
            for lang in langs:
                start = time.perf_counter()
                target, pages = print_book(browser, lang, the_stamp)
                print(f"{target.relative_to(editions.ROOT)}: {pages} pages, "
                      f"{target.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - start:.0f} s")
        finally:
            browser.close()
    print(the_stamp.line("en", "pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
