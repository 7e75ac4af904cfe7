"""The architecture diagrams (snippets/*/diagram_*.py) and what every figure must be to read in
both colour schemes.

A figure is an SVG in an <img>: it does not inherit the page's colours. In Material's light
scheme it sits on white, in the dark (slate) scheme on #1e2129. So every SVG in docs/**/figures
either paints an opaque background of its own, or draws every text and stroke in a colour with a
contrast of at least 3:1 (WCAG's ratio for graphics and large text) against both backgrounds.
"""

import re
import xml.etree.ElementTree as ET

import pytest

from site_tools import diagrams, figures
from site_tools.doc_examples import ROOT

SVGS = sorted((ROOT / "docs").glob("*/figures/*.svg"))
DIAGRAMS = [s for s in figures.figure_scripts() if figures.is_diagram(s)]
NS = "{http://www.w3.org/2000/svg}"
MIN_CONTRAST = 3.0


def _classes(root) -> dict[str, str]:
    """The ``.name{declarations}`` rules of the SVG's stylesheet."""
    sheet = "".join(s.text or "" for s in root.iter(f"{NS}style"))
    return dict(re.findall(r"\.([\w-]+)\s*\{([^}]*)\}", sheet))


def _style(element, classes=None) -> dict[str, str]:
    style = dict(element.attrib)
    inline = ";".join((classes or {}).get(c, "") for c in element.get("class", "").split())
    for declaration in (inline + ";" + element.get("style", "")).split(";"):
        if ":" in declaration:
            key, value = declaration.split(":", 1)
            style[key.strip()] = value.strip()
    return style


def _opaque_background(root) -> bool:
    """The first shape drawn is a rectangle over the whole canvas in an opaque colour."""
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    first = next(root.iter(f"{NS}path"), None)
    if first is None:
        return False
    style = _style(first, _classes(root))
    if style.get("fill", "#000000") in ("none", "transparent") or float(
            style.get("fill-opacity", style.get("opacity", "1"))) < 1:
        return False
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", first.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return (min(xs) <= 0 and min(ys) <= 0 and max(xs) >= width - 0.5 and max(ys) >= height - 0.5)


def _hex(colour: str) -> str | None:
    colour = colour.strip().lower()
    named = {"black": "#000000", "white": "#ffffff"}
    colour = named.get(colour, colour)
    return colour if re.fullmatch(r"#[0-9a-f]{6}|#[0-9a-f]{3}", colour) else None


def inked_colours(root) -> set[str]:
    """The colours of every text (its fill; SVG's default is black) and every stroke."""
    found = set()
    classes = _classes(root)

    def walk(element, inherited):
        style = {**inherited, **{k: v for k, v in _style(element, classes).items()
                                 if k in ("fill", "stroke")}}
        tag = element.tag.removeprefix(NS)
        if tag in ("text", "tspan"):
            found.add(style.get("fill", "#000000"))
        if tag in ("path", "line", "polyline", "rect", "circle", "ellipse", "use") and \
                style.get("stroke", "none") != "none":
            found.add(style["stroke"])
        for child in element:
            if child.tag.removeprefix(NS) not in ("defs", "clipPath", "metadata"):
                walk(child, {k: v for k, v in style.items() if k in ("fill", "stroke")})

    walk(root, {})
    return found


def test_the_palette_reads_on_both_backgrounds():
    for colour in (diagrams.BLUE, diagrams.VERMILLION, diagrams.GREEN, diagrams.PURPLE,
                   diagrams.INK):
        for background in (diagrams.LIGHT_BACKGROUND, diagrams.DARK_BACKGROUND):
            assert diagrams.contrast(colour, background) >= MIN_CONTRAST, (colour, background)


def test_contrast_matches_wcag_examples():
    assert diagrams.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert diagrams.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("svg", SVGS, ids=lambda p: p.relative_to(ROOT / "docs").as_posix())
def test_figure_is_legible_in_light_and_dark_scheme(svg):
    root = ET.parse(svg).getroot()
    if _opaque_background(root):
        return
    bad = []
    for colour in sorted(inked_colours(root)):
        rgb = _hex(colour)
        if rgb is None:
            if colour not in ("none", "transparent") and not colour.startswith("url("):
                bad.append(f"{colour} (not a colour this check reads)")
            continue
        worst = min(diagrams.contrast(rgb, diagrams.LIGHT_BACKGROUND),
                    diagrams.contrast(rgb, diagrams.DARK_BACKGROUND))
        if worst < MIN_CONTRAST:
            bad.append(f"{colour} ({worst:.2f}:1)")
    assert not bad, (f"{svg.name} has a transparent background and text or strokes below "
                     f"{MIN_CONTRAST}:1 on white or on #1e2129: {', '.join(bad)}")


def test_figure_names_do_not_collide():
    targets = [figures.target(s, lang) for s in figures.figure_scripts() for lang in ("en", "zh")]
    assert len(targets) == len(set(targets))


def test_every_diagram_is_on_both_pages_of_its_chapter():
    for script in DIAGRAMS:
        for lang in ("en", "zh"):
            svg = figures.target(script, lang)
            page = svg.parent.parent / (script.parent.name + (".zh.md" if lang == "zh" else ".md"))
            text = page.read_text(encoding="utf-8")
            assert f"](figures/{svg.name})" in text, f"{page.name} does not show {svg.name}"
            alt = re.search(rf"!\[([^\]]*)\]\(figures/{re.escape(svg.name)}\)", text)[1]
            assert len(alt) > 20, f"{page.name}: {svg.name} needs alt text"
            after = text.split(f"](figures/{svg.name})", 1)[1].lstrip()
            assert after.startswith("/// caption"), f"{page.name}: {svg.name} needs a caption"


def _render(slug: str, name: str, lang: str = "en") -> str:
    return figures.render(ROOT / "snippets" / slug / f"diagram_{name}.py", lang).decode()


def test_diagram_follows_the_model_it_draws(monkeypatch):
    """The LeNet-5 strip is read from dlnotes.torch.classic_networks.lenet5: a model with
    another layer gives another drawing."""
    from torch import nn

    from dlnotes.torch import classic_networks

    before = _render("classic-networks", "lenet5")
    assert "conv 5×5, 16" in before and "16×10×10" in before
    original = classic_networks.lenet5

    def wider(*args, **kwargs):
        model = original(*args, **kwargs)
        model[3] = nn.Conv2d(6, 32, 3, padding=1)
        model[7] = nn.Linear(32 * 7 * 7, 120)
        return model

    monkeypatch.setattr(classic_networks, "lenet5", wider)
    after = _render("classic-networks", "lenet5")
    assert "conv 3×3, 32" in after and "32×7×7" in after and "16×10×10" not in after


def test_gate_names_come_from_the_parameters(monkeypatch):
    """The GRU cell diagram draws one gate per weight matrix of gru_lstm.init_params."""
    from dlnotes.numpy import gru_lstm

    before = _render("gru-lstm", "gru_cell")
    original = gru_lstm.init_params

    def without_relevance(kind, *args, **kwargs):
        params = original(kind, *args, **kwargs)
        return {k: v for k, v in params.items() if k not in ("Wr", "br")}

    monkeypatch.setattr(gru_lstm, "init_params", without_relevance)
    after = _render("gru-lstm", "gru_cell")
    assert "Wr, br" in before and "Wu, bu" in before
    assert "Wr, br" not in after and "Wu, bu" in after


def test_diagrams_are_reproducible():
    script = DIAGRAMS[0]
    assert figures.render(script, "zh") == figures.render(script, "zh")


def test_beam_tree_is_a_run_of_the_package_search(monkeypatch):
    """The tree shows what dlnotes.numpy.seq2seq.beam_search kept: with the search forced to
    greedy (beam size 1) the drawing changes."""
    from dlnotes.numpy import seq2seq

    before = _render("seq2seq", "beam_tree")
    original = seq2seq.beam_search
    monkeypatch.setattr(seq2seq, "beam_search",
                        lambda step, state, **kw: original(step, state, **{**kw, "beam_size": 1}))
    assert _render("seq2seq", "beam_tree") != before


def test_anchor_diagram_draws_the_generated_anchors(monkeypatch):
    from dlnotes.torch import object_detection

    before = _render("region-based-detection", "anchors")
    original = object_detection.generate_anchors
    monkeypatch.setattr(object_detection, "generate_anchors",
                        lambda *a, **kw: original(*a, **kw) * 0.5)
    assert _render("region-based-detection", "anchors") != before
