"""The built site, both languages: every example shown ran, outputs match, pages pair up,
math is typeset, notebooks render, and nothing is loaded from another host."""

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from site_tools import api_reference, doc_examples, glossary, notebooks, pages
from site_tools.doc_examples import ROOT
from site_tools.output_check import agree

# commands a page may show (each line, its comment aside): the Makefile's targets that the
# README documents and CI runs (make offline and make pdf under make test-editions)
SHELL_COMMANDS = {"make serve", "make test", "make test-fast", "make offline", "make pdf",
                  "make test-editions"}


def _documented(block) -> bool:
    return block.lang == "bash" and all(
        line.split("#")[0].strip() in SHELL_COMMANDS for line in block.text.splitlines()
        if line.strip())


def _executed(source: Path) -> list[tuple[str, str]]:
    """(code, output) of every example of a page; runs the page now if this session has not."""
    rel = source.relative_to(ROOT).as_posix()
    if source.suffix == ".ipynb":
        # The page shows the stored notebook; tests/test_notebooks.py re-executes every
        # English notebook and fails unless the stored outputs are what it prints now, and
        # checks that each Chinese twin stores the same code and outputs.
        return notebooks.EXECUTED.get(rel) or notebooks.stored_cells(source)
    if rel not in doc_examples.EXECUTED:
        doc_examples.run_document(source)
    return doc_examples.EXECUTED[rel]


def test_every_code_block_shown_was_executed_and_outputs_match(built_site):
    """Doc-example coverage, measured on the built HTML: each Python block (and notebook
    cell) a reader sees ran under the tests, and each output block shows what it printed."""
    report, missing, wrong_output, unknown = [], [], [], []
    total_shown = total_run = 0
    for source in pages.source_pages():
        shown = pages.shown_code(pages.built_html(built_site, source))
        if api_reference.MARKER.search(source.read_text(encoding="utf-8")):
            # generated API reference (numpy.md, torch.md; not errors.md, whose examples run
            # like a chapter's): signatures and docstring text are not examples; the docstrings'
            # own examples (pycon) are doctested from src by Sybil. Check they come from there.
            src_text = "".join(p.read_text(encoding="utf-8")
                               for p in (ROOT / "src").rglob("*.py"))
            src_text = " ".join(src_text.split())
            unknown += [(source, s) for s in shown if s.lang not in ("text", "pycon", "")
                        or (s.lang == "pycon" and " ".join(s.text.split()) not in src_text)]
            continue
        runnable = [s for s in shown if s.lang in ("python", "notebook")]
        needs_run = runnable or any(s.lang == "output" for s in shown)
        outputs = dict(_executed(source)) if needs_run else {}
        ran = 0
        for k, block in enumerate(shown):
            if block.lang in ("python", "notebook"):
                if block.text in outputs:
                    ran += 1
                else:
                    missing.append((source, block.text[:200]))
            elif block.lang == "output":
                prev = shown[k - 1] if k else None
                if prev is None or prev.lang != "python" or prev.text not in outputs \
                        or not agree(block.text, outputs[prev.text], numbers=not block.run):
                    wrong_output.append((source, block.text[:200]))
            elif not _documented(block):
                unknown.append((source, block))
        total_shown += len(runnable)
        total_run += ran
        report.append(f"{source.relative_to(ROOT)}: {ran}/{len(runnable)} examples executed")
    pct = 100.0 * total_run / total_shown if total_shown else 100.0
    report.append(f"TOTAL: {total_run}/{total_shown} code blocks shown were executed ({pct:.1f}%)")
    doc_examples.COVERAGE_REPORT[:] = report
    assert not missing, f"code shown on a page that no test executed: {missing}"
    assert not wrong_output, f"output blocks that differ from what the code printed: {wrong_output}"
    assert not unknown, f"code blocks that are neither run nor a documented command: {unknown}"
    assert total_shown > 0


def test_every_page_has_its_twin():
    missing = [p for p in pages.source_pages() if not pages.twin(p).exists()]
    assert not missing, f"pages without their other-language twin: {missing}"


def _formula(annotation) -> str:
    """A formula's TeX without white space, and with the words inside \\text{...} left out
    (they are prose, translated)."""
    tex = "".join(annotation.get_text().split())
    return re.sub(r"\\text\{[^{}]*\}", r"\\text{}", tex)


def _structure(html_path: Path):
    soup = pages.parse(html_path)
    article = soup.find("article")
    return {
        "section ids": [h["id"] for h in article.find_all(["h2", "h3", "h4"]) if h.get("id")],
        "display formulas": [_formula(a) for a in article.select(".katex-display annotation")],
        # inline formulas may move within a sentence: compare them as a multiset
        "inline formulas": sorted(_formula(a) for a in article.select(".katex annotation")
                                  if not a.find_parent(class_="katex-display")),
        "code": [(s.lang, s.text) for s in pages.shown_code(html_path)
                 if s.lang in ("python", "notebook", "output")],
        "figures": [img.get("src") for img in article.find_all("img")],
    }


@pytest.mark.parametrize(
    "source", [p for p in pages.source_pages() if pages.lang_of(p) == "en"],
    ids=lambda p: p.relative_to(ROOT).as_posix())
def test_twin_pages_say_the_same_thing(built_site, source):
    """Same sections (heading ids), formulas, code, outputs and figures in both languages."""
    en = _structure(pages.built_html(built_site, source))
    zh = _structure(pages.built_html(built_site, pages.twin(source)))
    for key in en:
        if en[key] != zh[key] and isinstance(en[key], list):
            only_en = list((Counter(en[key]) - Counter(zh[key])).elements())
            only_zh = list((Counter(zh[key]) - Counter(en[key])).elements())
            raise AssertionError(f"{key} differ between {source.name} and its Chinese twin: "
                                 f"only in English {only_en[:10]}, only in Chinese {only_zh[:10]}"
                                 f" (counts {len(en[key])} vs {len(zh[key])})")


_NOT_PROSE = re.compile(r"<(script|style|pre|code|annotation)\b.*?</\1>", re.S | re.I)


def test_math_is_typeset_at_build_time(built_site):
    """No page shows TeX source: outside code, scripts and KaTeX's own annotations, the
    text of every page is free of $$, \\( ... \\), \\[ ... \\] and TeX commands."""
    raw = []
    for source in pages.source_pages():
        page = pages.built_html(built_site, source).read_text(encoding="utf-8")
        text = html.unescape(re.sub(r"<[^>]+>", " ", _NOT_PROSE.sub(" ", page)))
        if "arithmatex" in page or re.search(r"\$\$|\\\(|\\\[|\\frac|\\sum|\\beta", text):
            raw.append(source)
    assert not raw, f"pages showing raw LaTeX: {raw}"


def test_notebook_pages_render_as_pages(built_site):
    notebooks_ = [p for p in pages.source_pages() if p.suffix == ".ipynb"]
    assert notebooks_, "the site should publish at least one notebook"
    for nb in notebooks_:
        html = pages.built_html(built_site, nb).read_text(encoding="utf-8")
        assert "jp-Notebook" in html and '"nbformat"' not in html, f"{nb} published as raw JSON"
        assert 'class="md-header' in html, f"{nb} is not inside the site's theme"


LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
           "video": "src", "embed": "src", "object": "data"}


def test_pages_load_nothing_from_another_host(built_site):
    offenders = []
    for html_path in built_site.rglob("*.html"):
        soup = pages.parse(html_path)
        for tag, attr in LOADING.items():
            offenders += [(html_path, t[attr]) for t in soup.find_all(tag)
                          if re.match(r"(https?:)?//", t.get(attr, ""))]
        offenders += [(html_path, t["href"]) for t in soup.find_all("link")
                      if re.match(r"(https?:)?//", t.get("href", ""))
                      and not {"canonical", "alternate"} & set(t.get("rel", []))]
        for script in soup.find_all("script"):
            offenders += [(html_path, u) for u in re.findall(r"""import\(\s*["'](https?://[^"']+)""",
                                                             script.get_text())]
    for css in built_site.rglob("*.css"):
        offenders += [(css, u) for u in re.findall(r"url\(\s*['\"]?(https?://[^)'\"]+)",
                                                   css.read_text(encoding="utf-8"))]
    assert not offenders, f"resources requested from another host: {offenders[:20]}"


def _prose(path: Path) -> str:
    """A page's prose: without code blocks, inline code, and the reference list (titles of
    papers and courses are not prose to translate)."""
    text = path.read_text(encoding="utf-8").split("{ #references }")[0]
    for block in reversed(doc_examples.fenced_blocks(text)):
        text = text[: block.start] + text[block.end :]
    return re.sub(r"`[^`\n]*`", "", text)


def test_chinese_chapters_use_the_glossary_terms():
    """Where an English chapter uses a glossary term, its Chinese twin uses the Chinese term."""
    terms = glossary.load_terms()
    assert terms
    gaps = []
    for source in pages.source_pages():
        if pages.lang_of(source) != "en" or source.suffix != ".md" or source.stem == "glossary":
            continue
        en = _prose(source).lower()
        zh = _prose(pages.twin(source))
        gaps += [(source.name, t.en, t.zh) for t in terms
                 if re.search(rf"(?<![\w-]){re.escape(t.en.lower())}(?:s|es)?(?![\w-])", en)
                 and not any(z in zh for z in (t.zh, *t.also))]
    assert not gaps, f"(page, English term, Chinese term missing from its twin): {gaps}"


def test_glossary_links_resolve_to_headings(built_site):
    for term in glossary.load_terms():
        for lang in pages.LANGS:
            source = pages.DOCS / (term.chapter + (".zh.md" if lang == "zh" else ".md"))
            html = pages.built_html(built_site, source).read_text(encoding="utf-8")
            assert f'id="{term.anchor}"' in html, f"{term.en}: no #{term.anchor} in {source}"


def _internal_links(html_path: Path, soup):
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if re.match(r"([a-z]+:|//|#?$)", href) and not href.startswith("#"):
            continue  # external (http:, mailto:, data:) or empty
        yield a, href


def test_internal_links_and_anchors_resolve(built_site):
    """Every internal link of every built page points at a file, and its #anchor exists."""
    ids_cache: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in ids_cache:
            soup = pages.parse(path)
            ids_cache[path] = {t["id"] for t in soup.find_all(id=True)}
        return ids_cache[path]

    broken = []
    for html_path in built_site.rglob("*.html"):
        soup = pages.parse(html_path)
        for a, href in _internal_links(html_path, soup):
            target, _, fragment = href.partition("#")
            target = target.split("?")[0]
            if target.startswith("/"):
                dest = (built_site / target.lstrip("/")).resolve()
            else:
                dest = (html_path.parent / target).resolve() if target else html_path
            if dest.is_dir():
                dest = dest / "index.html"
            if not dest.exists():
                broken.append((html_path.relative_to(built_site), href))
            elif fragment and dest.suffix == ".html" and fragment not in ids(dest):
                if not a.find_parent(class_="md-search"):  # search result template
                    broken.append((html_path.relative_to(built_site), href))
    assert not broken, f"broken internal links or anchors: {broken[:20]}"


def test_every_page_is_in_the_navigation(built_site):
    for lang in pages.LANGS:
        home = pages.built_html(built_site, pages.DOCS / ("index.zh.md" if lang == "zh"
                                                         else "index.md"))
        soup = pages.parse(home)
        linked = {(home.parent / a["href"]).resolve()
                  for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")}
        linked = {p / "index.html" if p.is_dir() else p for p in linked}
        missing = [p for p in pages.source_pages() if pages.lang_of(p) == lang
                   and pages.built_html(built_site, p).resolve() not in linked]
        assert not missing, f"{lang} pages missing from the navigation: {missing}"


def test_images_have_alt_text_in_the_page_language(built_site):
    bad = []
    for source in pages.source_pages():
        html_path = pages.built_html(built_site, source)
        soup = pages.parse(html_path)
        for img in soup.find("article").find_all("img"):
            alt = (img.get("alt") or "").strip()
            if alt.startswith("No description has been provided"):  # nbconvert's placeholder
                alt = ""
            in_chinese = bool(re.search(r"[\u4e00-\u9fff]", alt))
            if not alt or (pages.lang_of(source) == "zh") != in_chinese:
                bad.append((source.name, img.get("src", "")[:60], alt[:60]))
    assert not bad, f"images without alt text in their page's language: {bad}"


def test_html_lang_matches_the_page_language(built_site):
    for source in pages.source_pages():
        soup = pages.parse(pages.built_html(built_site, source))
        assert soup.html.get("lang") == pages.lang_of(source), source
