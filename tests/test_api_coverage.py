"""Every public callable of ``dlnotes.numpy`` and ``dlnotes.torch`` has its cases in its
chapter's test files (``tests/test_<chapter>.py`` and ``tests/test_<chapter>_<aspect>.py``):

* a property test (``@covers(...)``, ``tests/properties_support.py``) or a ``NO_ORACLE`` line
  with the reason;
* a bad-input sweep entry (``SWEEP``, ``tests/sweep_support.py``) or an ``EXEMPT`` line with
  the reason.

One test per module and table: a new public callable fails both, naming itself and the files
to add it to. The tables are gathered from every chapter's files, whichever files pytest
collected in this run (``tests/public_api.py``).
"""

import pytest
from public_api import all_modules, chapter_of, missing_entries, module_callables, registries


def _files(module):
    return f"tests/test_{chapter_of(module)}.py (or a tests/test_{chapter_of(module)}_*.py)"


def _mine(module, names):
    return sorted(n for n in names if n.startswith(module + "."))


def _foreign(module, *tables):
    """Entries for names of ``module`` that are not public callables."""
    public = module_callables(*module.split("."))
    return [n for table in tables for n in _mine(module, table) if n not in public]


def _clashes(module):
    clashes = registries().clashes
    return {k: v for k, v in clashes.items() if k == module or k.startswith(module + ".")}


@pytest.mark.parametrize("module", all_modules())
def test_properties_are_complete(module):
    """Every public callable has a property test or a stated reason in NO_ORACLE."""
    reg = registries()
    missing = missing_entries(module, reg.covered, reg.no_oracle)
    assert not missing, (
        f"not yet covered by a property test ({len(missing)}): {', '.join(missing)}; add a "
        f"@covers(...) test or a NO_ORACLE line with the reason to {_files(module)}")
    foreign = _foreign(module, reg.covered, reg.no_oracle)
    assert not foreign, f"entries for names that are not public: {foreign}"
    both = [n for n in _mine(module, reg.covered) if n in reg.no_oracle]
    assert not both, f"covered and in NO_ORACLE at once: {both}"
    assert not _clashes(module), f"registered twice: {_clashes(module)}"


@pytest.mark.parametrize("module", all_modules())
def test_sweep_is_complete(module):
    """Every public callable has a sweep entry or a stated exemption."""
    reg = registries()
    entries = {f"{module}.{k}" for k in reg.sweep[module]()} if module in reg.sweep else set()
    missing = missing_entries(module, entries, reg.exempt)
    assert not missing, (
        f"not yet covered by the bad-input sweep ({len(missing)}): {', '.join(missing)}; add "
        f"them to SWEEP[{module!r}] (or to EXEMPT, with a reason) in {_files(module)}")
    foreign = _foreign(module, entries, reg.exempt)
    assert not foreign, f"sweep entries for names that are not public: {foreign}"
    assert not _clashes(module), f"registered twice: {_clashes(module)}"
