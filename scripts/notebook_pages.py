"""Before building a copy of the site with a generator that has no mkdocs-jupyter (Zensical):
write each notebook's Markdown page beside it and point the copy's mkdocs.yml at the pages.

    python scripts/notebook_pages.py COPY

COPY is a copy of the repository; the repository itself is refused (its docs/ holds only what
the tests check page by page, and MkDocs publishes the notebooks itself). See
site_tools/notebook_pages.py and CONTRIBUTING.md, "Building with another generator".
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from site_tools import notebook_pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copy", type=Path, help="a copy of the repository")
    copy = parser.parse_args().copy.resolve()
    if copy == ROOT:
        parser.error("copy: expected a copy of the repository, not the repository itself")
    config = copy / "mkdocs.yml"
    config.write_text(notebook_pages.config_for_pages(config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    for page in notebook_pages.write_pages(copy / "docs"):
        print(page.relative_to(copy))


if __name__ == "__main__":
    main()
