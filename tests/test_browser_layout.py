"""Layout at a phone's and a laptop's width (tests/page_layout.py): every page of the site,
both languages, checked on the load that measures its first visit (one load per page)."""

import pytest
from page_layout import WIDTHS, layout_problems

pytestmark = pytest.mark.browser


def test_no_page_overflows_and_no_tag_overlaps_its_formula(site_visits):
    found = {f"{path} at {width} px": problems for path, visit in site_visits.items()
             for width, problems in visit.inspected.items()}
    report = "\n".join(f"{where}: {p}" for where, problems in found.items() for p in problems)
    assert not found, f"{len(found)} page views with problems:\n{report}"


# a block 800 px wide that does not scroll, and a display whose tag sits on its formula
BAD_PAGE = """<body style="margin:0"><div style="width:800px">wide</div>
<div class="katex-display"><span class="katex"><span class="katex-html" style="position:relative">
<span class="base">x = y + z</span><span class="tag" style="position:absolute;left:0;top:0">(1)
</span></span></span></div></body>"""


def test_the_checks_see_a_page_too_wide_for_a_phone_and_a_tag_on_its_formula(browser):
    """Not vacuous: both problems are reported, the overflow only where the page is wider
    than the window."""
    context = browser.new_context(viewport={"width": max(WIDTHS.values()), "height": 900})
    try:
        pg = context.new_page()
        pg.set_content(BAD_PAGE)
        found = layout_problems(pg)
    finally:
        context.close()
    phone, laptop = found[WIDTHS["phone"]], found[WIDTHS["laptop"]]
    assert "800px wide in a 390px window" in phone[0]
    assert laptop == ["equation tag (1) overlaps its formula (display 1)"] == phone[1:]
