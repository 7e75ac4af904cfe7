"""Pages of the built site that no Markdown file makes: the 404 page in each language."""

import pytest

from site_tools import pages

NOT_FOUND = {"en": ("404.html", "not found"), "zh": ("zh/404.html", "未找到")}


@pytest.mark.parametrize("lang", sorted(NOT_FOUND))
def test_404_page_in_each_language(built_site, lang):
    path, says = NOT_FOUND[lang]
    page = built_site / path
    assert page.exists(), f"no {path} in the built site"
    soup = pages.parse(page)
    assert soup.html.get("lang") == lang, f"{path} has lang={soup.html.get('lang')!r}"
    heading = soup.find("article").find("h1").get_text()
    assert says in heading.lower(), f"{path} says {heading!r}, not {says!r}"
    nav = " ".join(a.get_text() for a in soup.select("nav.md-nav--primary a"))
    home = {"en": "Home", "zh": "首页"}[lang]
    assert home in nav, f"{path}: navigation is not in its language ({nav[:80]!r})"
