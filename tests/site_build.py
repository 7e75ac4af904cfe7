"""Building the site for the tests: ``mkdocs build --strict`` in a process of its own."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(dest: Path, notebook_cache: Path | None = None) -> subprocess.Popen:
    """Start ``mkdocs build --strict`` of both languages into ``dest`` (with its own cache of
    rendered notebooks, if given: two builds must not share one)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if notebook_cache is not None:
        env["DLNOTES_NOTEBOOK_CACHE"] = str(notebook_cache)
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(dest)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def finished(proc: subprocess.Popen) -> None:
    """Wait for a build started by :func:`build`; fail on an error or a warning."""
    _, stderr = proc.communicate()
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{stderr[-5000:]}"
    assert "WARNING" not in stderr, stderr
