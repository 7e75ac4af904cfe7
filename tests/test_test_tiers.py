"""`make test` splits the figure checks between the main session and the profile tier: each
committed SVG must be compared exactly once (scripts/run_tests.py, scripts/test_profiles.py)."""

import importlib.util

from _pytest.mark.expression import Expression

from site_tools import figures
from site_tools.doc_examples import ROOT


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _selected(options: list[str], test_id: str) -> bool:
    """Whether pytest's ``-k`` among ``options`` keeps the test (substring match, as -k does
    on a parametrized test's name)."""
    if "-k" not in options:
        return True
    expression = Expression.compile(options[options.index("-k") + 1])
    return expression.evaluate(lambda word: word.lower() in test_id.lower())


def test_every_figure_is_compared_once_and_the_other_figure_tests_twice():
    main = _script("run_tests").groups(profiles=True)["code"]
    _, targets, profile = _script("test_profiles").PROFILES["other-machine"]
    assert "tests/test_figures.py" in targets and "tests/test_figures.py" in main
    for script in figures.figure_scripts():
        for lang in ("en", "zh"):
            test_id = (f"test_committed_figure_is_current[{lang}-"
                       f"{script.relative_to(ROOT).as_posix()}]")
            assert _selected(main, test_id) + _selected(profile, test_id) == 1, test_id
    other = "test_every_label_character_comes_from_an_embedded_font[docs/x/figures/a.svg]"
    assert _selected(main, other) and _selected(profile, other)
    assert _selected(_script("run_tests").groups()["code"], "test_x[en-snippets/a/fig_b.py]")
