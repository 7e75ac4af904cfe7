"""Modules talk to each other through public names only: no module of the package imports
or reaches into a private name (``_x``) of another module. Code shared between chapters gets
a public home instead (``dlnotes.checks`` for argument checks)."""

import ast
from pathlib import Path

from site_tools.markdown_blocks import ROOT

PACKAGE = ROOT / "src" / "dlnotes"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(node: ast.ImportFrom, here: str) -> str:
    if not node.level:
        return node.module or ""
    base = here.split(".")[: -node.level] if not here.endswith("__init__") else here.split(".")
    return ".".join(base + ([node.module] if node.module else []))


def private_crossings(source: str, here: str) -> list[str]:
    """``module.name`` for each private name of another dlnotes module that ``source`` (the
    code of module ``here``) imports or reads as an attribute of an imported module."""
    tree = ast.parse(source)
    modules: dict[str, str] = {}  # local name -> dlnotes module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("dlnotes"):
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            origin = _resolve(node, here)
            if not origin.startswith("dlnotes") or origin == here:
                continue
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{origin}.{alias.name}")
                else:
                    modules[alias.asname or alias.name] = f"{origin}.{alias.name}"
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__") and isinstance(node.value, ast.Name)
                and node.value.id in modules and modules[node.value.id] != here):
            found.append(f"{modules[node.value.id]}.{node.attr}")
    return sorted(set(found))


def test_no_module_uses_another_modules_private_names():
    crossings = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _module_name(path)
        found = private_crossings(path.read_text(encoding="utf-8"), here)
        if found:
            crossings[here] = found
    assert not crossings, crossings


def test_the_scan_sees_both_kinds_of_crossing():
    code = ("from dlnotes.numpy import rnn\nfrom dlnotes.numpy.attention import _float_array\n"
            "y = rnn._sigmoid(x)\nz = rnn.sigmoid(x)\n")
    assert private_crossings(code, "dlnotes.numpy.gru_lstm") == [
        "dlnotes.numpy.attention._float_array", "dlnotes.numpy.rnn._sigmoid"]
    assert private_crossings("from dlnotes.numpy.rnn import _x\n", "dlnotes.numpy.rnn") == []
