"""The layout checks of a loaded page, at a phone's and a laptop's width (the layout tests run
them on every page of the site, during the first visits that the page-weight tests measure).

At 390 px (a phone) and 1280 px (a laptop) no page may be wider than the window (a wide
formula, table or code block must scroll inside its own box), and no equation number may
overlap its formula: KaTeX places a tag absolutely at the right edge of the display, so a
formula wider than the column ran under its number until the stylesheet gave the tag room.
"""

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


def layout_problems(page) -> dict[int, list[str]]:
    """The problems of the loaded ``page`` at each width, widest first (only widths with
    problems are listed). The window is narrowed as a reader resizes it, with transitions off,
    so that what is measured is the layout at that width, not a frame of Material's animation
    from the last one; it is restored to the width it had before."""
    before = page.viewport_size
    page.add_style_tag(content=NO_TRANSITIONS)
    found = {}
    for width in sorted(WIDTHS.values(), reverse=True):
        page.set_viewport_size({"width": width, "height": before["height"]})
        problems = page.evaluate(LAYOUT_PROBLEMS)
        if problems:
            found[width] = problems
    page.set_viewport_size(before)
    return found
