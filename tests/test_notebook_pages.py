"""The notebooks' Markdown pages (for a generator without mkdocs-jupyter) show what the
notebooks show: the same code, the same outputs, the images with their alt text, the
headings' ids of the MkDocs site."""

import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from site_tools import notebook_pages, notebooks, pages
from site_tools.markdown_blocks import ROOT, fenced_blocks, mkdocs_config, normalize

NOTEBOOKS = [p for p in pages.source_pages() if p.suffix == ".ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_page_shows_the_stored_cells(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    page = notebook_pages.page(notebook)
    blocks = fenced_blocks(page)
    shown, code = [], None
    for block in blocks:
        if block.lang == "python":
            code = len(shown)
            shown.append((normalize(block.code), ""))
        elif block.lang == "output":
            assert code == len(shown) - 1, "an output block follows its code block"
            shown[code] = (shown[code][0], normalize(block.code))
    # the oracle: nbformat's reading of the stored notebook (what mkdocs-jupyter publishes)
    assert shown == notebooks.stored_cells(path)
    cells = notebook["cells"]
    alts = [c["metadata"]["alt"] for c in cells for o in c.get("outputs", [])
            if "image/png" in o.get("data", {})]
    assert alts and [img["alt"] for img in BeautifulSoup(page, "html.parser").find_all("img")] \
        == alts


def test_headings_get_the_ids_of_the_mkdocs_site():
    md = {"cells": [{"cell_type": "markdown", "source": ["# Optimizers compared\n", "text"]},
                    {"cell_type": "markdown", "source": "## 小网络\n\n## 第二节"}]}
    page = notebook_pages.page(md)
    assert "# Optimizers compared { #optimizers-compared }\ntext" in page
    assert "## 小网络 { #_1 }\n\n## 第二节 { #_2 }" in page


def test_config_points_the_nav_at_the_pages():
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    changed = notebook_pages.config_for_pages(config_text)
    assert ".ipynb" not in changed.split("\nnav:")[1] and "mkdocs-jupyter" not in changed
    removed = [line for line in config_text.splitlines() if line not in changed.splitlines()]
    assert all("ipynb" in line or "jupyter" in line or line.startswith("      ")
               for line in removed), removed
    nav = json.dumps(mkdocs_config()["nav"])
    assert nav.count(".ipynb") == len([p for p in NOTEBOOKS if not p.stem.endswith(".zh")])
    with pytest.raises(ValueError, match="^config_text: "):
        notebook_pages.config_for_pages(changed)


def test_the_script_leaves_the_repository_alone():
    done = subprocess.run([sys.executable, "scripts/notebook_pages.py", str(ROOT)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "not the repository itself" in done.stderr
