"""Every committed figure is what its script makes now, in both languages: the same labels
and markup, coordinates and pixels to the tolerance of site_tools.figures.svg_mismatch; and it
carries the fonts of its labels (site_tools.svg_fonts), so that it reads the same on any
machine."""

import base64
import io
import re

import pytest
from fontTools.ttLib import TTFont

from site_tools import figures, svg_fonts
from site_tools.doc_examples import ROOT


@pytest.mark.parametrize("script", figures.figure_scripts(),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_committed_figure_is_current(script, lang):
    path = figures.target(script, lang)
    assert path.exists(), f"{path} missing: run python scripts/make_figures.py"
    difference = figures.svg_mismatch(path.read_text(encoding="utf-8"),
                                      figures.render(script, lang, fonts=False).decode("utf-8"))
    assert difference is None, (f"{path.name} is stale ({difference}): run "
                                f"python scripts/make_figures.py {script.parent.name}")


SAMPLE = ROOT / "docs" / "improving" / "figures" / "ewma.svg"
COMMITTED = sorted((ROOT / "docs").rglob("figures/*.svg"))


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_label_character_comes_from_an_embedded_font(path):
    svg = path.read_text(encoding="utf-8")
    assert svg_fonts.used_faces(svg), f"{path.name}: no labels found"
    assert not svg_fonts.uncovered(svg), (
        f"{path.name}: characters with no embedded font {svg_fonts.uncovered(svg)}: "
        "run python scripts/make_figures.py")


@pytest.mark.parametrize("name", ["architecture.zh.svg", "gru_cell.svg"])
def test_embedded_fonts_hold_the_glyphs_their_ranges_promise(name):
    svg = (ROOT / "docs" / "sequence" / "figures" / name).read_text(encoding="utf-8")
    rules = re.findall(r"unicode-range:([^;]+);src:url\(data:font/woff;base64,([^)]+)\)", svg)
    assert rules
    for ranges, data in rules:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font.flavor == "woff"
        promised = {int(u[2:], 16) for u in ranges.split(",")}
        assert promised <= set(font.getBestCmap())


def test_a_label_in_a_face_of_its_own_is_uncovered_until_embedded():
    svg = SAMPLE.read_text(encoding="utf-8")
    changed = svg.replace(">day t<", ">天 t<", 1)
    assert "天" in "".join(svg_fonts.uncovered(changed).get(("DejaVu Sans", "normal", "400"), ""))
    assert not svg_fonts.uncovered(svg_fonts.embed(svg_fonts.without_faces(changed)))


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


def test_the_books_chinese_face_holds_exactly_the_chinese_of_its_text():
    """The PDF edition's face for Chinese (site_tools/book.py) covers the text's characters
    from U+2E80 up and nothing else, so that Latin falls through to the next font."""
    rule = svg_fonts.cjk_rule("Book CJK", "Batch norm 批归一化（BN）")
    ranges = re.search(r"unicode-range:([^;]+);", rule).group(1).split(",")
    assert sorted(ranges) == sorted(f"U+{ord(c):X}" for c in "批归一化（）")
    assert "font-family:'Book CJK'" in rule and "data:font/woff;base64," in rule
    assert svg_fonts.cjk_rule("Book CJK", "plain ASCII, no Chinese") == ""


def test_a_figure_inlined_in_the_book_keeps_its_styles_to_itself():
    """The PDF edition inlines each SVG (site_tools/book.py); its class rules (.s2 is also the
    highlighter's string class) are scoped to the figure, its font faces stay global."""
    from site_tools.book import scoped_css

    css = "*{stroke-linejoin: round} text,tspan{font-family: 'DejaVu Sans'}\n.s2{font-size:7px}" \
          "\n@font-face{font-family:'DejaVu Sans';src:url(data:font/woff;base64,AAAA)}"
    assert scoped_css(css, "#f3") == (
        "#f3 *{stroke-linejoin: round}#f3 text,#f3 tspan{font-family: 'DejaVu Sans'}"
        "#f3 .s2{font-size:7px}@font-face{font-family:'DejaVu Sans';"
        "src:url(data:font/woff;base64,AAAA)}")
