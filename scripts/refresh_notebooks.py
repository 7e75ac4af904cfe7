"""Re-execute notebooks and store them with their outputs (what the site shows).

    python scripts/refresh_notebooks.py docs/improving/optimization-notebook.ipynb [...]
"""

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_tools import notebooks  # noqa: E402

if __name__ == "__main__":
    for name in sys.argv[1:]:
        nb = notebooks.execute(Path(name))
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, name)
        print(f"{name}: executed and stored")
