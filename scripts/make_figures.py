"""Write every figure and diagram of the site (both languages) from snippets/*/fig_*.py and
snippets/*/diagram_*.py.

    python scripts/make_figures.py            # all figures
    python scripts/make_figures.py optimization   # the figures of one chapter
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import figures  # noqa: E402

if __name__ == "__main__":
    for script in figures.figure_scripts():
        if len(sys.argv) > 1 and script.parent.name not in sys.argv[1:]:
            continue
        for lang in ("en", "zh"):
            path = figures.target(script, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(figures.render(script, lang))
            print(f"wrote {path.relative_to(figures.ROOT)}")
