#!/usr/bin/env bash
# Make sure a Chromium is available for the browser tests (Debian's package, as root).
# Where it cannot be installed, the browser tests skip and say why; nothing else changes.
set -uo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
   || [ -n "${CHROMIUM:-}" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
        || echo "WARNING: could not install chromium; the browser tests will be skipped"
else
    echo "WARNING: chromium not found and cannot be installed here (needs root and apt-get);"
    echo "         the browser tests will be skipped. Set CHROMIUM=/path/to/chromium to use one."
fi
exit 0
