"""The lighter code markup keeps the text and the colours of a highlighted block."""

from site_tools.code_html import unwrap_plain_tokens


def test_plain_name_and_space_spans_go_their_text_stays():
    block = ('<pre><code><span class="kn">import</span><span class="w"> </span>'
             '<span class="nn">numpy</span> <span class="n">x</span><span class="o">=</span>'
             '<span class="mi">1</span></code></pre>')
    assert unwrap_plain_tokens(block) == (
        '<pre><code><span class="kn">import</span> <span class="nn">numpy</span> x'
        '<span class="o">=</span><span class="mi">1</span></code></pre>')


def test_spans_outside_code_and_coloured_tokens_are_left_alone():
    html = '<p><span class="n">n</span></p><pre><span class="nf">f</span></pre>'
    assert unwrap_plain_tokens(html) == html


def test_material_draws_plain_names_in_the_code_foreground_colour(built_site):
    """The premise of the rewrite: both schemes give names the code's own colour."""
    css = "".join(p.read_text(encoding="utf-8")
                  for p in (built_site / "assets" / "stylesheets").glob("*.css"))
    assert css.count("--md-code-hl-name-color:var(--md-code-fg-color)") >= 1
    assert "--md-code-hl-name-color:" not in css.replace(
        "--md-code-hl-name-color:var(--md-code-fg-color)", "")
