# The two commands of the README: `make serve` (install, then serve the site) and
# `make test` (install, then run every test, the slow tier included, and the strict build).
PY := .venv/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve test test-fast test-editions lint build figures bench offline pdf

install:
	@bash scripts/install.sh

serve: install
	$(PY) -m mkdocs serve -a 127.0.0.1:8000

lint:
	$(PY) -m ruff check src tests snippets site_tools hooks scripts benchmarks conftest.py

# Everything: unit tests, doc examples of every page in both languages, snippets, notebooks,
# figures, the strict bilingual build (tests/test_site.py) and the browser test, as two pytest
# sessions side by side (scripts/run_tests.py); then the doc examples, docstrings and figure
# data again under a numerical profile unlike this machine's (scripts/test_profiles.py), so
# that a page's output does not depend on the CPU.
test: install
	@bash scripts/install_chromium.sh
	$(MAKE) --no-print-directory lint
	$(PY) scripts/run_tests.py --profiles

# The fast tier: all of the above but the tests that train models (marked slow) and the
# profile tier.
test-fast: install
	$(MAKE) --no-print-directory lint
	$(PY) scripts/run_tests.py -m "not slow"

# The editions for reading without the server, in build/editions/ (see README, "Editions"):
# the whole site as files that open from the file system (a folder and its zip), and one PDF
# per language printed from it by headless Chromium. Neither is part of the served site.
offline: install
	$(PY) scripts/build_offline.py

pdf: install
	@bash scripts/install_chromium.sh
	$(PY) scripts/build_pdf.py

# The editions' tests (marked `editions`; `make test` leaves them out): build both, then
# open the offline copy from file:// in headless Chromium and read the PDFs; and build the
# site twice more, side by side, to check that a build is byte-for-byte reproducible.
test-editions: install
	@bash scripts/install_chromium.sh
	$(PY) scripts/build_offline.py
	$(PY) scripts/build_pdf.py --reuse-site
	$(PY) -m pytest -m editions tests/test_editions.py tests/test_reproducible.py

build: install
	$(PY) -m mkdocs build --strict

figures:
	$(PY) scripts/make_figures.py

# Timings of the from-scratch code against the built-ins (CPU, and CUDA when present);
# writes benchmarks/results/<device>.json, which the Benchmarks page renders.
bench: install
	$(PY) benchmarks/run.py
