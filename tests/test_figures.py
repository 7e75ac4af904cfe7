"""Every committed figure is what its script makes now, in both languages: the same labels
and markup, coordinates and pixels to the tolerance of site_tools.figures.svg_mismatch."""

import re

import pytest

from site_tools import figures
from site_tools.doc_examples import ROOT


@pytest.mark.parametrize("script", figures.figure_scripts(),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_committed_figure_is_current(script, lang):
    path = figures.target(script, lang)
    assert path.exists(), f"{path} missing: run python scripts/make_figures.py"
    difference = figures.svg_mismatch(path.read_text(encoding="utf-8"),
                                      figures.render(script, lang).decode("utf-8"))
    assert difference is None, (f"{path.name} is stale ({difference}): run "
                                f"python scripts/make_figures.py {script.parent.name}")


SAMPLE = ROOT / "docs" / "improving" / "figures" / "ewma.svg"


def _nudge_first_coordinate(svg: str, by: float) -> str:
    m = re.search(r'<path d="M (-?[\d.]+) ', svg)
    return svg[:m.start(1)] + f"{float(m[1]) + by:.2f}" + svg[m.end(1):]


def test_float_noise_in_coordinates_and_renamed_ids_are_not_a_change():
    svg = SAMPLE.read_text(encoding="utf-8")
    assert figures.svg_mismatch(svg, _nudge_first_coordinate(svg, 0.03)) is None
    # matplotlib names clip paths and markers by a hash of their coordinates
    clip = re.search(r'<clipPath id="([^"]+)"', svg)[1]
    assert figures.svg_mismatch(svg, svg.replace(clip, "p0123456789")) is None


def test_a_moved_curve_a_changed_label_or_colour_is_stale():
    svg = SAMPLE.read_text(encoding="utf-8")
    assert figures.svg_mismatch(svg, _nudge_first_coordinate(svg, 3.0)) is not None
    assert figures.svg_mismatch(svg, svg.replace("#1f77b4", "#1f77b5", 1)) is not None
    assert figures.svg_mismatch(svg, svg.replace(">day t<", ">day s<", 1)) is not None
    assert figures.svg_mismatch(svg, svg.replace(">20<", ">25<", 1)) is not None
    assert figures.svg_mismatch(svg, svg.replace("</g>", "</g><g></g>", 1)) is not None
