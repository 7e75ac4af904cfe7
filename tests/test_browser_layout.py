"""Layout at a phone's and a laptop's width: every page of the site, both languages.

At 390 px (a phone) and 1280 px (a laptop) no page may be wider than the window (a wide
formula, table or code block must scroll inside its own box), and no equation number may
overlap its formula: KaTeX places a tag absolutely at the right edge of the display, so a
formula wider than the column ran under its number until the stylesheet gave the tag room.
One browser, one load of each page, one script per page and width.
"""

import pytest

from site_tools import pages

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "laptop": 1280}

# Returns what is wrong with the page as it is laid out now: the page's own horizontal
# overflow (with the widest elements that stick out), and every equation tag whose box
# intersects a box of its formula (the `.base` boxes of the same display).
LAYOUT_PROBLEMS = """async () => {
    await document.fonts.ready;
    const root = document.documentElement;
    const problems = [];
    const width = root.clientWidth;
    if (root.scrollWidth > width + 1) {
        const culprits = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1
                         && e.getClientRects().length)
            .slice(0, 3)
            .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
        problems.push(`page is ${root.scrollWidth}px wide in a ${width}px window `
                      + `(${culprits.join(', ')})`);
    }
    const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5
        && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    document.querySelectorAll('.katex-display').forEach((display, i) => {
        const html = display.querySelector(':scope > .katex > .katex-html');
        const tag = html && html.querySelector(':scope > .tag');
        if (!tag) return;
        const t = tag.getBoundingClientRect();
        const hit = [...html.querySelectorAll(':scope > .base')]
            .some(base => overlap(base.getBoundingClientRect(), t));
        if (hit) problems.push(`equation tag ${tag.textContent.trim()} overlaps its formula `
                               + `(display ${i + 1})`);
    });
    return problems;
}"""


NO_TRANSITIONS = ("*, *::before, *::after "
                  "{ transition: none !important; animation: none !important; }")


def layout_problems(browser, base: str) -> dict[str, list[str]]:
    """Visit every page once and return the problems found at each width, by width and page.

    A page is loaded at the widest width and checked, then the window is narrowed and the page
    checked again (the layout follows the window, as when a reader resizes it): one load per
    page, not one per width. Transitions are switched off, so that what is measured is the
    layout at that width, not a frame of Material's animation from the last one. The search
    index is not fetched: no test here searches, and building it would take the CPU the layout
    needs."""
    context = browser.new_context(viewport={"width": max(WIDTHS.values()), "height": 900})
    context.route("**/search/search_index.json", lambda route: route.abort())
    found = {}
    try:
        pg = context.new_page()
        for url in pages.site_paths():
            pg.set_viewport_size({"width": max(WIDTHS.values()), "height": 900})
            pg.goto(base + url)
            pg.add_style_tag(content=NO_TRANSITIONS)
            for width in sorted(WIDTHS.values(), reverse=True):
                pg.set_viewport_size({"width": width, "height": 900})
                problems = pg.evaluate(LAYOUT_PROBLEMS)
                if problems:
                    found[f"{url} at {width} px"] = problems
    finally:
        context.close()
    return found


def test_no_page_overflows_and_no_tag_overlaps_its_formula(browser, served_site):
    found = layout_problems(browser, served_site)
    report = "\n".join(f"{where}: {p}" for where, problems in found.items() for p in problems)
    assert not found, f"{len(found)} page views with problems:\n{report}"
