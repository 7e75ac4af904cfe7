"""The weight of a first visit: what a browser downloads to show a page, measured in Chromium.

Each page is opened in a laptop-sized window with the browser's cache switched off (what
DevTools' "Disable cache" does: every response comes from the server, none from the HTTP or the
memory cache) and its storage emptied, and it is not scrolled. What it downloads is what
Chromium asks the server for: the HTML, the stylesheets, scripts and images it loads, the web
fonts its text is set in (KaTeX's fonts only where formulas use them), the search worker and,
where the page fetches it, the search index. A response counts with its body as served (the
test server does not compress), so the figures are uncompressed bytes.

A visit is over when the page has fired ``load``, its fonts are loaded (after a layout of the
whole page, which is what starts a web font's download) and no request has been open for
``QUIET`` seconds.

``first_visits`` keeps ``parallel`` tabs in one browser context and takes each through its
share of the pages, one page after the other: a tab with the cache off downloads on each visit
what a fresh browser profile downloads (tests/test_site_budgets.py compares the two on a few
pages), at a fraction of the cost of a new context per page. Once a visit is over, an
``inspect`` function may look at the page as loaded (the layout tests do: one load of each
page serves both).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

QUIET = 0.3  # seconds without an open request, once the page has settled, that end a visit
TIMEOUT = 60.0  # seconds a visit may take at most
VIEWPORT = {"width": 1280, "height": 900}
SETTLE = """async () => {
    document.body.getBoundingClientRect();  // lay the whole page out: fonts start loading
    await document.fonts.ready;
}"""


@dataclass
class Visit:
    """One first visit: the body bytes of each response, by the path it was asked for."""

    url: str
    responses: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    inspected: Any = None  # what ``inspect`` returned for the page, if one was given

    @property
    def total(self) -> int:
        return sum(self.responses.values())

    def bytes_of(self, suffix: str) -> int:
        """The bytes of the responses whose path ends with ``suffix``."""
        return sum(n for path, n in self.responses.items() if path.endswith(suffix))


def _body_size(request) -> int:
    """A finished request's body as served: its declared length, else what Chromium counted
    (a dedicated worker's script is fetched outside the page's own network log, which then
    counts nothing)."""
    response = request.response()
    if response is None:
        return 0
    declared = response.headers.get("content-length")
    return int(declared) if declared is not None else request.sizes()["responseBodySize"]


class _Tab:
    """A tab that visits one page after another, its cache off."""

    def __init__(self, context, cache: bool = False, inspect: Callable | None = None):
        self.page, self.inspect = context.new_page(), inspect
        if not cache:
            cdp = context.new_cdp_session(self.page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._ended)
        self.page.on("requestfailed", self._failed)
        self.page.on("load", self._loaded)
        self.visit = None

    def start(self, url: str) -> None:
        if self.page.url.startswith("http"):  # the last page's origin: forget what it stored
            self.page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        self.visit, self.open, self.finished = Visit(url), set(), []
        self.loaded = self.settled = False
        self.began = self.last = time.monotonic()
        self.page.goto(url, wait_until="commit")

    def _started(self, request):
        self.open.add(request)
        self.last = time.monotonic()

    def _ended(self, request):
        self.open.discard(request)
        self.finished.append(request)
        self.last = time.monotonic()

    def _failed(self, request):
        self.open.discard(request)
        self.visit.failed.append(request.url)
        self.last = time.monotonic()

    def _loaded(self, _page):
        self.loaded = True

    def done(self) -> bool:
        """Whether the visit is over; settles the page once it has loaded."""
        if time.monotonic() - self.began > TIMEOUT:
            raise TimeoutError(f"{self.visit.url} still loading after {TIMEOUT:.0f} s")
        if self.loaded and not self.settled:
            self.page.evaluate(SETTLE)
            self.settled, self.last = True, time.monotonic()
        return self.settled and not self.open and time.monotonic() - self.last >= QUIET

    def finish(self) -> Visit:
        for request in self.finished:
            parts = urlsplit(request.url)
            if parts.scheme in ("http", "https"):
                responses = self.visit.responses
                responses[parts.path] = responses.get(parts.path, 0) + _body_size(request)
        if self.inspect is not None:
            self.visit.inspected = self.inspect(self.page)
        return self.visit


def first_visits(browser, urls: list[str], parallel: int = 2, fresh: bool = False,
                 inspect: Callable | None = None) -> dict[str, Visit]:
    """Visit every URL once, ``parallel`` tabs at a time, each with its cache off; by URL.

    ``fresh=True`` opens each page in a new browser context instead (a new profile per page:
    slower, and the same bytes; kept to check that). ``inspect(page)``, if given, runs once a
    visit is over, before the tab moves on; its result is the visit's ``inspected``. It must
    leave the tab's viewport as it found it (``VIEWPORT``)."""
    waiting, visits = list(urls), {}
    if fresh:
        for url in urls:
            context = browser.new_context(viewport=VIEWPORT, service_workers="block")
            tab = _Tab(context, cache=True)
            tab.start(url)
            while not tab.done():
                tab.page.wait_for_timeout(50)
            visits[url] = tab.finish()
            context.close()
        return visits
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    try:
        tabs = [_Tab(context, inspect=inspect) for _ in range(min(parallel, len(urls)))]
        for tab in tabs:
            tab.start(waiting.pop(0))
        busy = list(tabs)
        while busy:
            busy[0].page.wait_for_timeout(50)  # the browser's events come through meanwhile
            for tab in [t for t in busy if t.done()]:
                visit = tab.finish()
                visits[visit.url] = visit
                if waiting:
                    tab.start(waiting.pop(0))
                else:
                    busy.remove(tab)
    finally:
        context.close()
    return visits
