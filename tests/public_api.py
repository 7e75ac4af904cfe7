"""The public API of ``dlnotes``, where each module's property and bad-input cases live, and
the run's summary lines.

* :func:`public_callables` walks ``dlnotes.numpy`` and ``dlnotes.torch`` with ``pkgutil`` (so a
  module that is not yet imported in a half's ``__init__`` is found too) and returns every
  callable named in a module's ``__all__`` (a module without ``__all__`` contributes its public
  functions and classes defined in it), keyed ``"numpy.<module>.<name>"`` /
  ``"torch.<module>.<name>"``. Constants in ``__all__`` (tuples, dicts) are not callables and
  are left out.
* :func:`chapter_of` and :func:`chapter_test_files`: the cases of a module live in its chapter's
  test files, ``tests/test_<chapter>.py`` and ``tests/test_<chapter>_<aspect>.py``; a module of
  a chapter is named after it (``batch_norm``, ``batch_norm_experiment``), a shared module
  (``training``) is its own chapter. :func:`registries` imports all of them, whichever files
  pytest collected, and gathers their tables for ``tests/test_api_coverage.py``.
* :func:`summary_counts` counts what the property tests and the sweep ran; ``tests/conftest.py``
  writes the counts into pytest's terminal summary.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import pkgutil
from collections import Counter
from pathlib import Path

HALVES = ("numpy", "torch")
TESTS = Path(__file__).resolve().parent
GLOSSARY = TESTS.parent / "glossary"


def modules(half: str) -> list[str]:
    """Names of the modules of ``dlnotes.<half>`` present in this tree."""
    pkg = importlib.import_module(f"dlnotes.{half}")
    return sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_"))


def module_callables(half: str, module: str) -> dict[str, object]:
    mod = importlib.import_module(f"dlnotes.{half}.{module}")
    names = getattr(mod, "__all__", None)
    if names is None:
        names = [
            n for n, o in vars(mod).items()
            if not n.startswith("_") and (inspect.isfunction(o) or inspect.isclass(o))
            and getattr(o, "__module__", None) == mod.__name__
        ]
    return {f"{half}.{module}.{n}": getattr(mod, n) for n in names if callable(getattr(mod, n))}


def public_callables() -> dict[str, object]:
    out: dict[str, object] = {}
    for half in HALVES:
        for module in modules(half):
            out.update(module_callables(half, module))
    return out


def all_modules() -> list[str]:
    return [f"{half}.{m}" for half in HALVES for m in modules(half)]


def missing_entries(module: str, *tables) -> list[str]:
    """Public callables of ``module`` (``"numpy.rnn"``) that none of ``tables`` names."""
    half, name = module.split(".")
    known = set().union(*tables)
    return sorted(q for q in module_callables(half, name) if q not in known)


# ------------------------------------------------------------ where a module's cases live


def chapter_of(module: str) -> str:
    """The chapter whose test files hold the cases of ``module`` (``"numpy.batch_norm"``): the
    longest chapter name (a glossary file per chapter) that the module's name is, or starts
    with followed by ``_``; a shared module is its own."""
    name = module.split(".")[1]
    chapters = [p.stem.replace("-", "_") for p in GLOSSARY.glob("*.yml")]
    owners = [c for c in chapters if name == c or name.startswith(c + "_")]
    return max(owners, key=len, default=name)


def chapter_test_files(chapter: str) -> list[Path]:
    """``tests/test_<chapter>.py`` and its ``tests/test_<chapter>_<aspect>.py``, as present."""
    return sorted([*TESTS.glob(f"test_{chapter}.py"), *TESTS.glob(f"test_{chapter}_*.py")])


@dataclasses.dataclass
class Registries:
    """The tables of every chapter's test files."""

    covered: dict[str, str]      # public callable -> "tests/test_x.py::test_name"
    no_oracle: dict[str, str]    # public callable -> reason
    sweep: dict[str, object]     # "<half>.<module>" -> builder of its entries
    exempt: dict[str, str]       # public callable -> reason
    clashes: dict[str, str]      # a module or name registered twice in one table -> where


@functools.cache
def registries() -> Registries:
    """Import the test files of every module's chapter (a file pytest imported already is
    reused) and gather their ``@covers`` names, ``NO_ORACLE``, ``SWEEP`` and ``EXEMPT``."""
    files = sorted({f for m in all_modules() for f in chapter_test_files(chapter_of(m))})
    reg = Registries({}, {}, {}, {}, {})
    for path in files:
        mod = importlib.import_module(path.stem)
        where = f"tests/{path.name}"
        # a callable may be covered by several property tests
        reg.covered.update({n: f"{where}::{fn.__name__}" for fn in vars(mod).values()
                            if inspect.isfunction(fn) for n in getattr(fn, "covers", ())})
        for table, name in ((reg.no_oracle, "NO_ORACLE"), (reg.sweep, "SWEEP"),
                            (reg.exempt, "EXEMPT")):
            entries = getattr(mod, name, {})
            reg.clashes.update({k: f"{name} of {where} and of another file"
                                for k in entries if k in table})
            table.update(entries)
    return reg


# ------------------------------------------------------------------------------- summary

COUNTS: dict[str, Counter] = {}


def summary_counts(section: str) -> Counter:
    """The counter of ``section`` ("property tests"); its values end the run's report."""
    return COUNTS.setdefault(section, Counter())


def summary_lines() -> list[str]:
    return [f"{section}: " + ", ".join(f"{v} {k}" for k, v in counter.items())
            for section, counter in COUNTS.items()]
