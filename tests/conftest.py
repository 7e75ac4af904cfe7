"""Shared fixtures: the torch device(s) and the built site; the run's summary of the property
tests and the bad-input sweep."""

import functools
import http.server
import threading
from pathlib import Path

import pytest
from public_api import summary_lines
from site_build import build, finished

from site_tools import editions, pages
from site_tools.page_weight import first_visits

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "site"
CHROMIUM = editions.chromium()  # the one the editions' scripts use too, with the same flags


def _devices():
    try:
        import torch
    except ImportError:
        return ["cpu"]
    return ["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]


@pytest.fixture(params=_devices())
def device(request):
    """Every torch test runs on the CPU, and again on CUDA when a GPU is present.

    On CUDA, TF32 (10 mantissa bits; PyTorch uses it for cuDNN convolutions by default) is
    switched off for the test, so that the float32 tolerances the tests state hold on the GPU
    as on the CPU; the float64 comparisons are unaffected either way."""
    if request.param != "cuda":
        yield request.param
        return
    import torch

    saved = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    try:
        yield request.param
    finally:
        torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = saved


@pytest.fixture(scope="session")
def built_site():
    """The site built once per test run with ``mkdocs build --strict`` (both languages)."""
    finished(build(SITE))
    return SITE


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site served over HTTP on 127.0.0.1 (a free port); yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Playwright), one for all the browser tests; they skip, saying why,
    only where no Chromium can be found (`make test` installs Debian's chromium package)."""
    if CHROMIUM is None:
        pytest.skip("no Chromium found (make test installs Debian's chromium package)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=editions.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site_visits(browser, served_site):
    """The first visit of every page of the site (both languages), by path: what it downloaded
    (site_tools/page_weight.py) and, as ``inspected``, its layout problems at a phone's and a
    laptop's width (tests/page_layout.py), checked on the same load."""
    from page_layout import layout_problems

    found = first_visits(browser, [served_site + path for path in pages.site_paths()],
                         inspect=layout_problems)
    return {url[len(served_site):]: visit for url, visit in found.items()}


@pytest.fixture
def recording_page(browser):
    """A page in a fresh browser context (no shared cache or storage) that records the URLs
    it requests in ``pg.requests`` and its uncaught script errors in ``pg.errors``."""
    context = browser.new_context()
    pg = context.new_page()
    pg.requests, pg.errors = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def pytest_collection_modifyitems(config, items):
    """The editions' tests read what `make offline` and `make pdf` wrote: they run only when
    asked for by marker (`make test-editions`: ``-m editions``), never in `make test`."""
    if "editions" in (config.getoption("markexpr") or ""):
        return
    kept = [item for item in items if item.get_closest_marker("editions") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def pytest_terminal_summary(terminalreporter):
    """How many public callables the property tests covered and how many examples they ran;
    how many functions and cases the bad-input sweep ran (tests/public_api.py)."""
    for line in summary_lines():
        terminalreporter.write_sep("-", line)
