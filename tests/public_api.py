"""The public API of ``dlnotes``, enumerated from the package, and the run's summary lines.

Shared by ``tests/test_properties.py`` and ``tests/test_bad_input.py``:

* :func:`public_callables` walks ``dlnotes.numpy`` and ``dlnotes.torch`` with ``pkgutil`` (so a
  module that is not yet imported in a half's ``__init__`` is found too) and returns every
  callable named in a module's ``__all__`` (a module without ``__all__`` contributes its public
  functions and classes defined in it), keyed ``"numpy.<module>.<name>"`` /
  ``"torch.<module>.<name>"``. Constants in ``__all__`` (tuples, dicts) are not callables and
  are left out.
* :func:`missing_entries` is what both files' completeness tests call: a module merged later
  (convolutions, object detection, ...) shows up as one failing test per module that lists the
  names to add, and a module absent from the tree produces no test at all.
* :func:`report` registers (once per session) a tiny plugin whose ``pytest_terminal_summary``
  hook writes the counts into pytest's terminal report. This is the simplest way that shows with
  or without ``-s``/``-q``/``-rA`` and needs no change to ``conftest.py``: pluggy calls hook
  implementations of plugins registered during the run.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import Counter

HALVES = ("numpy", "torch")


def modules(half: str) -> list[str]:
    """Names of the chapter modules of ``dlnotes.<half>`` present in this tree."""
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


# ------------------------------------------------------------------------------- summary

COUNTS: dict[str, Counter] = {}


class _Summary:
    def pytest_terminal_summary(self, terminalreporter):
        for section, counter in COUNTS.items():
            parts = ", ".join(f"{v} {k}" for k, v in counter.items())
            terminalreporter.write_sep("-", f"{section}: {parts}")


def report(config, section: str) -> Counter:
    """The counter of ``section``; its values are printed at the end of the run."""
    if config.pluginmanager.get_plugin("dlnotes-api-summary") is None:
        config.pluginmanager.register(_Summary(), "dlnotes-api-summary")
    return COUNTS.setdefault(section, Counter())
