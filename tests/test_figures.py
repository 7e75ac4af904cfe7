"""Every committed figure is what its script makes now (byte for byte), in both languages."""

import pytest

from site_tools import figures
from site_tools.doc_examples import ROOT


@pytest.mark.parametrize("script", figures.figure_scripts(),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_committed_figure_is_current(script, lang):
    path = figures.target(script, lang)
    assert path.exists(), f"{path} missing: run python scripts/make_figures.py"
    assert path.read_bytes() == figures.render(script, lang), (
        f"{path.name} is stale: run python scripts/make_figures.py {script.parent.name}")
