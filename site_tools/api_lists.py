"""Each chapter ends with "Functions used on this page": the public dlnotes functions and
classes its code uses, linked to the API reference. "Used" is read from the page's Python
blocks (snippets expanded) with ``ast``: what an example reaches through its dlnotes imports
(``nr.rnn_forward(...)``, ``from dlnotes.torch.rnn import RNN``), and, for source included
from ``src/dlnotes``, the functions and classes it defines or calls by name. Each name is
given by the module that defines it (``dlnotes.numpy.transformer.multi_head_attention`` is
``dlnotes.numpy.attention_multi_head.multi_head_attention``)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from site_tools import markdown_blocks

_LISTED = re.compile(r"\]\(\.\./reference/(?:numpy|torch)\.md#(dlnotes\.[\w.]+)\)")
_SOURCE_INCLUDE = re.compile(r'^\s*--8<--\s+"src/(dlnotes/[\w/]+)\.py(?::[\w-]+)?"', re.M)
_SEPARATORS = {"en": (": ", ", "), "zh": ("：", "、")}


def canonical(dotted: str) -> str | None:
    """``module.name`` of the public dlnotes function or class ``dotted`` names, as defined
    (not as re-imported elsewhere); None for anything else."""
    module, _, name = dotted.rpartition(".")
    if not module.startswith("dlnotes.") or "._" in f".{dotted}":
        return None
    try:
        obj = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    home = getattr(obj, "__module__", None) or ""
    if not callable(obj) or not home.startswith("dlnotes.") or "._" in f".{home}":
        return None
    return f"{home}.{obj.__name__}"


def called(code: str) -> set[str]:
    """Public dlnotes callables that example code reaches through its imports."""
    tree = ast.parse(code)
    alias: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("dlnotes"):
                    alias[a.asname or "dlnotes"] = a.name if a.asname else "dlnotes"
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dlnotes"):
            for a in node.names:
                alias[a.asname or a.name] = f"{node.module}.{a.name}"

    def dotted(node) -> str | None:
        if isinstance(node, ast.Name):
            return alias.get(node.id)
        if isinstance(node, ast.Attribute):
            head = dotted(node.value)
            return f"{head}.{node.attr}" if head else None
        return None

    names = set(alias.values()) | {d for node in ast.walk(tree)
                                   if isinstance(node, ast.Attribute) if (d := dotted(node))}
    return {c for c in map(canonical, names) if c}


def shown(module: str, code: str) -> set[str]:
    """Public functions and classes that source included from ``module`` defines or calls
    by name (``zero_pad(A_prev, pad)`` inside ``conv_forward``)."""
    tree = ast.parse(code)
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    names |= {n.func.id for n in ast.walk(tree)
              if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    return {c for c in (canonical(f"{module}.{n}") for n in names) if c}


def _body(source: Path) -> str:
    return source.read_text(encoding="utf-8").split("{ #api }")[0]


def used(source: Path) -> set[str]:
    """What the code of a page uses (see the module docstring)."""
    found = set()
    for block in markdown_blocks.fenced_blocks(_body(source)):
        if block.lang != "python":
            continue
        code = markdown_blocks.expand_snippets(block.code)
        include = _SOURCE_INCLUDE.search(block.code)
        found |= (shown(include.group(1).replace("/", "."), code) if include
                  else called(code))
    return found


def _api_section(text: str) -> str:
    return text.split("{ #api }", 1)[1].split("{ #references }")[0]


def listed(source: Path) -> set[str]:
    """The anchors the page's "Functions used on this page" list links to."""
    return set(_LISTED.findall(_api_section(source.read_text(encoding="utf-8"))))


def bullets(names: set[str], lang: str) -> str:
    """The list's Markdown: one bullet per module, names sorted, each linked to its entry."""
    colon, comma = _SEPARATORS[lang]
    by_module: dict[str, list[str]] = {}
    for dotted in names:
        module, _, name = dotted.rpartition(".")
        by_module.setdefault(module, []).append(name)
    lines = []
    for module in sorted(by_module):
        # the shared top-level modules (checks, data, ...) are on the NumPy half's page
        half = "torch" if module.startswith("dlnotes.torch.") else "numpy"
        links = comma.join(f"[`{n}`](../reference/{half}.md#{module}.{n})"
                           for n in sorted(by_module[module], key=lambda n: (n.lower(), n)))
        lines.append(f"* `{module}`{colon}{links}")
    return "\n".join(lines)


def refresh(source: Path, lang: str) -> bool:
    """Rewrite the bullets of a page's list from :func:`used`; True if the page changed."""
    text = source.read_text(encoding="utf-8")
    head, _, rest = text.partition("{ #api }")
    section, marker, tail = rest.partition("\n## ")
    old = "\n".join(ln for ln in section.splitlines() if ln.startswith("* `dlnotes"))
    new = section.replace(old, bullets(used(source), lang))
    if new == section:
        return False
    source.write_text(head + "{ #api }" + new + marker + tail, encoding="utf-8")
    return True
