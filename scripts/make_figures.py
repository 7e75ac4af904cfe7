"""Write every figure and diagram of the site (both languages) from snippets/*/fig_*.py and
snippets/*/diagram_*.py.

    python scripts/make_figures.py                # all figures
    python scripts/make_figures.py optimization   # the figures of one chapter
    python scripts/make_figures.py --fonts        # only embed the fonts again (no rendering)

``--fonts`` rewrites the embedded font subsets of the committed figures from their own labels
(``site_tools.svg_fonts``): what rendering would write, without computing the figures' data.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import figures, svg_fonts  # noqa: E402

if __name__ == "__main__":
    args = sys.argv[1:]
    fonts_only = "--fonts" in args
    chapters = [a for a in args if a != "--fonts"]
    for script in figures.figure_scripts():
        if chapters and script.parent.name not in chapters:
            continue
        for lang in ("en", "zh"):
            path = figures.target(script, lang)
            if fonts_only:
                svg = svg_fonts.without_faces(path.read_text(encoding="utf-8"))
                path.write_text(svg_fonts.embed(svg), encoding="utf-8")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(figures.render(script, lang))
            print(f"wrote {path.relative_to(figures.ROOT)}")
