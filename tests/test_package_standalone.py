"""The package stands alone: built as a wheel and installed outside the repository (not
editable), every module imports and the README's examples run from a directory that is not a
clone; and no code in src/ reaches for files of the repository."""

import ast
import os
import subprocess
import sys
import textwrap

import pytest

from site_tools.markdown_blocks import ROOT, fenced_blocks

SRC = ROOT / "src" / "dlnotes"


def test_no_module_reads_repository_files():
    """Paths built from ``__file__`` may only look inside the package itself."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
                assert node.value.attr != "parents", f"{path.name}: climbs out of the package"
            if isinstance(node, ast.Attribute) and node.attr == "parent":
                inner = ast.unparse(node)
                assert ".parent.parent" not in inner, f"{path.name}: {inner}"


@pytest.mark.slow
def test_the_wheel_works_outside_the_repository(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(ROOT)], check=True, cwd=tmp_path)
    wheel = next(wheels.glob("dlnotes-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, cwd=tmp_path)
    readme = "\n".join(b.code for b in fenced_blocks((ROOT / "README.md").read_text("utf-8"))
                       if b.lang == "python")
    program = textwrap.dedent(f"""
        import importlib, pkgutil, pathlib
        import dlnotes
        where = pathlib.Path(dlnotes.__file__).resolve()
        assert where.is_relative_to(pathlib.Path({str(site)!r}).resolve()), where
        for info in pkgutil.walk_packages(dlnotes.__path__, "dlnotes."):
            importlib.import_module(info.name)
        print("modules ok")
    """) + readme
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    run = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "modules ok" in run.stdout
