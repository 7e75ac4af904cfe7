"""The chapter notebooks (site_tools/chapter_notebooks.py): each chapter page, in each
language, as a Jupyter notebook with exactly the page's code, linked from the page.

The fast tests convert the pages here and check that a notebook's code cells are exactly its
page's code blocks, which the doc examples run (a chapter page's in an empty folder of its own,
as a saved notebook would be: site_tools/doc_examples.py). The slow test executes the notebook
of one chapter of each part top to bottom in a fresh Jupyter kernel, in a folder of its own,
two at a time: what only a kernel can get wrong (the converter's cells, the kernel's
environment) is the same for every chapter. The built-site test checks the link under each
chapter's title and the file it points to.
"""

import base64
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from site_tools import chapter_notebooks as cn
from site_tools import pages
from site_tools.markdown_blocks import ROOT, expand_snippets, fenced_blocks

CHAPTERS = cn.chapter_pages()
ENGLISH = [p for p in CHAPTERS if cn.lang_of(p.name) == "en"]
#: the notebooks run in a kernel: one chapter of each part, among its quickest to run (what
#: is tested here is the notebook and the kernel, not the page's code, which the doc examples run)
IN_A_KERNEL = [cn.DOCS / page for page in ("improving/dropout.md", "strategy/ml-strategy.md",
                                           "cnn/convolutions.md", "sequence/transformer.md")]
FIXTURE = ROOT / "tests" / "fixtures" / "chapter-notebook-page.md"
FIXTURE_URI = "improving/chapter-notebook-page.md"  # where the test page pretends to be


def _id(path: Path) -> str:
    return path.relative_to(cn.DOCS).as_posix()


def _code(notebook: dict) -> list[str]:
    """The code cells: exactly the page's code blocks (the tests run the blocks as a fresh
    kernel does, without the runner's own future imports)."""
    return [c["source"] for c in notebook["cells"] if c["cell_type"] == "code"]


def _markdown(notebook: dict) -> list[str]:
    return [c["source"] for c in notebook["cells"] if c["cell_type"] == "markdown"]


def test_there_are_chapters_in_both_languages():
    assert ENGLISH and len(CHAPTERS) == 2 * len(ENGLISH)
    assert not any(p.parent.name in cn.NOT_CHAPTERS for p in CHAPTERS)


@pytest.mark.parametrize("page", CHAPTERS, ids=_id)
def test_notebook_has_the_pages_code_in_order(page):
    notebook = cn.convert(page)
    nbformat.validate(nbformat.from_dict(notebook))
    text = expand_snippets(page.read_text(encoding="utf-8"))
    shown = [b.code.rstrip("\n") for b in fenced_blocks(text) if b.lang == "python"]
    assert _code(notebook) == shown, "the notebook's code cells are not the page's code blocks"


@pytest.mark.parametrize("page", CHAPTERS, ids=_id)
def test_notebook_says_how_to_get_the_package_and_keeps_the_pages_form(page):
    notebook = cn.convert(page)
    first = notebook["cells"][0]
    assert first["cell_type"] == "markdown" and first["source"].startswith("# ")
    assert "`make serve`" in first["source"]
    assert not re.search(r"pip3?\s+install\s+dlnotes", cn.dumps(notebook))
    source = page.read_text(encoding="utf-8")
    markdown = "\n".join(_markdown(notebook))
    if re.search(r'^=== "NumPy"', source, re.M):
        assert re.search(r"^#### NumPy$", markdown, re.M), "no heading for the NumPy tab"
        assert re.search(r"^#### PyTorch$", markdown, re.M), "no heading for the PyTorch tab"
    # nothing of MkDocs' own syntax is left, and every figure is embedded
    leftovers = re.findall(r'^\s*(?:===|!!!|\?\?\?|///|--8<--).*|\{ *#[\w-]+ *\}', markdown, re.M)
    assert not leftovers, leftovers
    figures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", source)
    embedded = {name for c in notebook["cells"] for name in c.get("attachments", {})}
    assert {Path(f).name for f in figures} == embedded
    prose = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", "", markdown, flags=re.S)  # math: [l](C)
    assert not re.search(r"\]\((?!https?://|attachment:)", prose), "a relative link is left"
    # the math is kept as written, for Jupyter to typeset
    text = expand_snippets(source)
    for block in reversed(fenced_blocks(text)):
        text = text[: block.start] + text[block.end :]
    assert text.count("$") == markdown.count("$") - first["source"].count("$")


@pytest.mark.parametrize("page", ENGLISH, ids=_id)
def test_both_languages_run_the_same_code(page):
    assert _code(cn.convert(page)) == _code(cn.convert(pages.twin(page)))


def test_a_page_with_tabs_admonitions_figures_and_exercises_converts_as_specified():
    notebook = cn.convert(FIXTURE, "https://example.org/", FIXTURE_URI)
    nbformat.validate(nbformat.from_dict(notebook))
    cells = [(c["cell_type"], c["source"]) for c in notebook["cells"]]
    url = "https://example.org/improving/chapter-notebook-page/"
    assert cells[0][1].startswith(f"# A test chapter\n\nThis notebook is the page [A test "
                                  f"chapter]({url})")
    assert cells[1] == ("markdown", (
        "A page in the format of the chapters, converted by tests/test_chapter_notebooks.py. "
        "Inline math\n$a^{[l]} = g(z^{[l]})$, a link to [the API reference]"
        "(https://example.org/reference/numpy/#dlnotes.numpy.dropout)\n"
        f"and one to [a section of this page]({url}#exercises)."))
    assert cells[2] == ("markdown", "## Code in tabs\n\n$$\n\\tilde a = \\frac{a \\odot d}{p} "
                                    "\\tag{1}\n$$")
    assert cells[3:7] == [
        ("markdown", "#### NumPy"),
        ("code", "import numpy as np\n\nprint(np.arange(3).sum())"),
        ("markdown", "#### PyTorch"),
        ("code", "total = 2 + 2\nprint(total)"),
    ]
    assert notebook["cells"][4]["outputs"] == [
        {"output_type": "stream", "name": "stdout", "text": "3\n"}]
    assert notebook["cells"][4]["metadata"] == {"title": "numpy_part.py"}
    assert notebook["cells"][6]["outputs"] == []
    kind, prose = cells[7]
    assert prose.startswith("> **Keep in mind**\n>\n> An admonition without code becomes a "
                            "quote, with $x$ math and a\n> [link]"
                            "(https://example.org/improving/dropout/).\n")
    assert "![A figure from the dropout chapter](attachment:cost_with_dropout.svg)" in prose
    svg = (cn.DOCS / "improving" / "figures" / "cost_with_dropout.svg").read_bytes()
    attachment = notebook["cells"][7]["attachments"]["cost_with_dropout.svg"]["image/svg+xml"]
    assert base64.b64decode(attachment) == svg
    assert "*The caption of the figure, with $J$.*" in prose
    assert prose.endswith("```bash\nmake serve\n```")
    assert cells[8:] == [
        ("markdown", "## Exercises\n\n**1.** Compute $1 + 1$ with NumPy."),
        ("markdown", "> **Solution**\n>\n> Add the two numbers:"),
        ("code", "print(np.add(1, 1))"),
        ("markdown", "> The answer is $2$."),
        ("markdown", "**2.** Print the total of the PyTorch tab."),
        ("markdown", "> **Solution**"),
        ("code", "print(total)"),
        ("markdown", "## Functions used on this page\n\n* `dlnotes.numpy.dropout`: "
                     "[`dropout_forward`](https://example.org/reference/numpy/"
                     "#dlnotes.numpy.dropout.dropout_forward)"),
    ]
    assert notebook["cells"][10]["outputs"][0]["text"] == "2\n"


def test_chinese_notebooks_link_to_the_chinese_site():
    notebook = cn.convert(cn.DOCS / "sequence" / "gru-lstm.zh.md", "https://example.org/")
    assert "](https://example.org/zh/sequence/gru-lstm/)" in notebook["cells"][0]["source"]
    assert "](https://example.org/zh/sequence/rnn/)" in "\n".join(_markdown(notebook))
    assert "下载本章 Notebook" in cn.download_link("sequence/gru-lstm.zh.md")
    assert 'href="gru-lstm.zh.ipynb"' in cn.download_link("sequence/gru-lstm.zh.md")


def test_the_converter_and_the_hooks_need_no_test_extra():
    """The docs-only install builds the site: what the hooks import must not need Sybil,
    nbformat, nbclient, pytest or BeautifulSoup."""
    code = (
        "import sys\n"
        "for name in ('sybil', 'nbformat', 'nbclient', 'pytest', 'bs4', 'lxml'):\n"
        "    sys.modules[name] = None\n"
        "import runpy\n"
        "from site_tools import chapter_notebooks as cn\n"
        "runpy.run_path('hooks/chapter_notebooks.py')\n"
        "from site_tools import api_reference\n"
        "api_reference.expand('<!-- api-reference: numpy -->')\n"
        "cn.convert(cn.DOCS / 'improving' / 'dropout.md')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]


def test_every_chapter_page_links_to_its_notebook(built_site):
    """Under each chapter's title (both languages, the site's notebooks too), a link to a
    notebook file that the build wrote beside the page."""
    sources = [p for p in pages.source_pages() if cn.is_chapter(p.relative_to(cn.DOCS).as_posix())]
    assert len(sources) > len(CHAPTERS)  # the chapters and the site's notebooks
    for source in sources:
        src_uri = source.relative_to(cn.DOCS).as_posix()
        html_path = pages.built_html(built_site, source)
        article = pages.parse(html_path).find("article")
        link = article.select_one("p.dl-notebook a[href]")
        assert link is not None, f"no notebook link on {src_uri}"
        assert link.get_text(strip=True) == cn.LINK_TEXT[cn.lang_of(src_uri)]
        assert link.find_previous("h1") is not None, f"the link is not under the title: {src_uri}"
        assert article.find(["p", "h2"]) is link.parent, f"the link is not at the top: {src_uri}"
        target = html_path.parent / link["href"]
        assert target.is_file(), f"{src_uri} links to {link['href']}, which the build did not write"
        written = nbformat.read(target, as_version=4)
        if source.suffix == ".ipynb":
            assert target.read_bytes() == source.read_bytes()
        else:
            assert [c.source for c in written.cells if c.cell_type == "code"] == _code(
                cn.convert(source))


# --- the slow tier: English notebooks run in a kernel --------------------------------------------

WORKERS = 2  # notebooks executed at a time (the suite's machine has 2 cores)


def _execute(page: Path, folder: Path) -> None:
    """Write the page's notebook into ``folder`` and run it there, top to bottom."""
    path = folder / cn.notebook_name(page.name)
    path.write_text(cn.dumps(cn.convert(page)), encoding="utf-8")
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(folder)}}).execute()


@pytest.fixture(scope="module")
def executions(request, tmp_path_factory):
    """Runs of the selected English notebooks, started together, ``WORKERS`` at a time."""
    chosen = [item.callspec.params["page"] for item in request.session.items
              if getattr(item, "originalname", None) == "test_english_notebook_runs"]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {page: pool.submit(_execute, page, tmp_path_factory.mktemp(page.stem))
                   for page in chosen}
        yield futures
        for future in futures.values():
            future.cancel()


def test_one_chapter_of_each_part_runs_in_a_kernel():
    parts = {p.parent.name for p in ENGLISH}
    assert set(ENGLISH) >= set(IN_A_KERNEL)
    assert sorted(p.parent.name for p in IN_A_KERNEL) == sorted(parts)


@pytest.mark.slow  # several seconds a notebook: a kernel starts, some pages train small models
@pytest.mark.parametrize("page", IN_A_KERNEL, ids=_id)
def test_english_notebook_runs(page, executions):
    executions[page].result()  # raises the cell's error, if any
