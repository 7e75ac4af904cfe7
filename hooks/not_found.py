"""MkDocs hook: a 404 page in each language, /404.html (English) and /zh/404.html (Chinese).

* MkDocs writes the theme's 404.html to the root of ``site_dir``, and mkdocs-static-i18n builds
  every language into that same directory, one build after the other: each language's build
  overwrites the previous 404 page (ultrabug/mkdocs-static-i18n#284). This hook keeps the
  default language's page at /404.html and moves each other language's page to /<lang>/404.html.
* Material's 404 template says "404 - Not found" in English whatever the language; the moved
  page gets its heading in its own language (``HEADINGS``).

Links on a 404 page are absolute (it may be served at any URL), so the moved page still
resolves. tests/test_site_pages.py checks both pages.
"""

from pathlib import Path

_TEMPLATE_HEADING = "<h1>404 - Not found</h1>"
HEADINGS = {"en": "404 - Not found", "zh": "404 - 页面未找到"}

_default_page: dict[str, str] = {}


def _languages(config):
    """(language being built, default language)."""
    i18n = config.plugins.get("i18n")
    default = i18n.default_language if i18n else config.theme["language"]
    return config.theme["language"], default


def on_post_build(config):
    # runs before the i18n plugin's on_post_build (priority -100), which builds the other
    # languages: the default language's page is saved before the next build overwrites it
    # (tests/test_build_events.py fails if that order changes)
    lang, default = _languages(config)
    page = Path(config.site_dir) / "404.html"
    if not page.exists():
        return
    html = page.read_text(encoding="utf-8")
    if lang == default:
        _default_page["html"] = html
        return
    heading = f"<h1>{HEADINGS.get(lang, HEADINGS['en'])}</h1>"
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html.replace(_TEMPLATE_HEADING, heading), encoding="utf-8")
    if "html" in _default_page:
        page.write_text(_default_page["html"], encoding="utf-8")
