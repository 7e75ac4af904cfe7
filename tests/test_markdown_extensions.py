"""The site's own Markdown extensions, run as mkdocs.yml configures Python-Markdown: any
generator that runs these extensions gets typeset math, the glossary table, the API
reference's module list, the lighter code markup and the search marks."""

import markdown

from site_tools import glossary
from site_tools.markdown_blocks import mkdocs_config
from site_tools.search_index import mark_unindexed


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions of mkdocs.yml, in its order, with its options (the
    slugify function, a !!python tag, left at its default)."""
    names, configs = [], {}
    for ext in mkdocs_config()["markdown_extensions"]:
        name, options = next(iter(ext.items())) if isinstance(ext, dict) else (ext, None)
        names.append(name)
        if options:
            configs[name] = {k: v for k, v in options.items() if v is not None}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def test_math_is_typeset_with_katex():
    html = _site_markdown().convert("Inline $a^2$.\n\n$$\n\\frac{1}{m} \\tag{1}\n$$\n")
    assert "arithmatex" not in html and "\\(" not in html and "$" not in html
    assert html.count('class="katex"') == 2 and 'class="katex-display"' in html
    assert "<math" in html and "(1)" in html


def test_code_is_lighter_and_left_out_of_the_search():
    html = _site_markdown().convert("```python\nx = 1\n```\n")
    assert '<pre data-search-exclude="unindexed"' in html
    assert '<span class="n">' not in html and '<span class="w">' not in html


def test_math_is_left_out_of_the_search_once():
    html = _site_markdown().convert("$a$")
    assert html.count('<math data-search-exclude="unindexed"') == 1
    assert mark_unindexed(html) == html  # mkdocstrings' docstrings are converted twice


def test_glossary_marker_becomes_the_table_of_its_language():
    terms = glossary.load_terms()
    for lang in ("en", "zh"):
        html = _site_markdown().convert(f"# Glossary\n\n<!-- glossary-table: {lang} -->\n")
        assert "glossary-table" not in html and html.count("<tr>") == len(terms) + 1
        first = terms[0].zh if lang == "zh" else terms[0].en
        assert f'<a href="{terms[0].chapter}.md#{terms[0].anchor}">{first}</a>' in html


def test_api_reference_marker_becomes_one_line_per_module():
    html = _site_markdown().convert("<!-- api-reference: torch -->\n")
    assert "api-reference" not in html
    assert "::: dlnotes.torch.optimization" in html and "::: dlnotes.numpy" not in html
