#!/usr/bin/env bash
# Create .venv (Python 3.11) and install dlnotes with everything the site and the tests need.
#
# torch: a torch that is already importable in .venv (CPU or CUDA build) is kept. Otherwise
# torch==2.13.0 is installed first, so that no later requirement pulls a different build. On a
# machine whose pip would fetch the multi-GB CUDA wheel, point pip at the CPU wheels first:
#   PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu make test
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
"$PYTHON" - <<'PY'
import sys
if sys.version_info[:2] < (3, 11):
    sys.exit(f"Python 3.11 or newer is needed, found {sys.version.split()[0]}")
PY

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
# Nothing to do when this environment was installed from the same pyproject.toml and
# constraints.txt (the package itself is installed editable: source changes need no reinstall).
STAMP=.venv/.dlnotes-installed
WANT="$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] \
        && .venv/bin/python -c "import dlnotes, torch, mkdocs, pytest" >/dev/null 2>&1; then
    exit 0
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check -q)
"${PIP[@]}" install --upgrade pip >/dev/null
if ! .venv/bin/python -c "import torch" >/dev/null 2>&1; then
    echo "installing torch 2.13.0 (CPU build where available)"
    "${PIP[@]}" install "torch==2.13.0"
fi
# constraints.txt pins every other dependency, so that two machines build the same site
"${PIP[@]}" install -c constraints.txt -e ".[docs,test]"
echo "$WANT" > "$STAMP"
