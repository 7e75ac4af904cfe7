"""The site builds from a docs-only install (``pip install -e ".[docs]"``): nothing that the
build imports (the hooks, the Markdown extensions of ``mkdocs.yml``, the notebook pre-build
script, and the site_tools modules they import) may import a package of the test extra.

Each check imports the build's modules in a fresh interpreter in which every top-level module
of a test-extra distribution (pytest, sybil, nbclient, playwright, bs4...) fails to import.
"""

import importlib.metadata
import re
import subprocess
import sys
import tomllib

from site_tools.markdown_blocks import ROOT, mkdocs_config

_PROBE = r"""
import importlib, importlib.abc, importlib.util, sys
from pathlib import Path

BLOCKED = set(sys.argv[1].split(","))

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"test-only package imported by the build: {name}")
        return None

sys.meta_path.insert(0, Block())
sys.path[:0] = [sys.argv[2], str(Path(sys.argv[2]) / "src")]
failed = False
for target in sys.argv[3:]:
    try:
        if target.endswith(".py"):
            spec = importlib.util.spec_from_file_location(Path(target).stem, target)
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
        else:
            importlib.import_module(target)
    except ImportError as err:
        print(f"{target}: {err}", file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
"""


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _test_only_modules() -> list[str]:
    """Top-level import names of the distributions that only the test extra installs."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["optional-dependencies"]
    test_only = {_requirement_name(r) for r in extras["test"]} - {
        _requirement_name(r) for r in extras["docs"]}
    modules = {name for name, dists in importlib.metadata.packages_distributions().items()
               if any(d.lower().replace("_", "-") in test_only for d in dists)}
    assert {"pytest", "sybil", "nbclient", "playwright"} <= modules, modules
    return sorted(modules)


def _build_modules() -> list[str]:
    """The hook files, and the modules of the project's own Markdown extensions."""
    config = mkdocs_config()
    hooks = [str(ROOT / h) for h in config.get("hooks", [])]
    extensions = [(next(iter(e)) if isinstance(e, dict) else e).split(":")[0]
                  for e in config["markdown_extensions"]]
    own = [e for e in extensions if e.startswith("site_tools.")]
    return hooks + own + [str(p) for p in sorted((ROOT / "scripts").glob("notebook_pages.py"))]


def _probe(*targets: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(_test_only_modules()), str(ROOT), *targets],
        capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_build_modules_need_no_test_package():
    targets = _build_modules()
    assert any(t.endswith(".py") for t in targets) and len(targets) > 1, targets
    result = _probe(*targets)
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_probe_catches_a_test_only_import():
    """The doc-example runner imports Sybil: under the probe it must fail to import."""
    result = _probe("site_tools.doc_examples")
    assert result.returncode != 0
    assert "test-only package imported by the build: sybil" in result.stderr
