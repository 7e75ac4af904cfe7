"""Each chapter's "Functions used on this page" list names exactly the public dlnotes functions
and classes its code uses (site_tools/api_lists.py says how "uses" is read from the code)."""

import pytest

from site_tools import api_lists, doc_examples, pages
from site_tools.doc_examples import ROOT

CHAPTERS = [p for p in pages.source_pages()
            if p.suffix == ".md" and "{ #api }" in p.read_text(encoding="utf-8")]


def test_every_chapter_has_a_list():
    chapters = [p for p in pages.source_pages() if p.suffix == ".md"
                and p.parent.name not in ("docs", "reference")]
    assert chapters and set(chapters) <= set(CHAPTERS)


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_list_names_what_the_code_uses(source):
    want, have = api_lists.used(source), api_lists.listed(source)
    assert want, f"{source.name}: no dlnotes function found in its code"
    hint = f"run: python scripts/refresh_api_lists.py {source.relative_to(ROOT)}"
    assert not want - have, f"used but not listed: {sorted(want - have)}; {hint}"
    assert not have - want, f"listed but not used: {sorted(have - want)}; {hint}"


def test_the_analysis_sees_calls_includes_and_reimports():
    code = ("from dlnotes import numpy as dn\nfrom dlnotes.torch.rnn import RNN\n"
            "import dlnotes.numpy.rnn as nr\nfrom dlnotes.numpy import transformer as nt\n"
            "dn.rnn.rnn_forward\nnr.sample(1)\nRNN(3, 4)\nnr._private\n"
            "nt.multi_head_attention\n")
    assert api_lists.called(code) == {
        "dlnotes.numpy.rnn.rnn_forward", "dlnotes.numpy.rnn.sample", "dlnotes.torch.rnn.RNN",
        "dlnotes.numpy.attention_multi_head.multi_head_attention"}
    source = doc_examples.expand_snippets(
        '--8<-- "src/dlnotes/numpy/convolutions.py:conv_im2col"')
    assert {"dlnotes.numpy.convolutions.conv_forward", "dlnotes.numpy.convolutions.zero_pad"} \
        <= api_lists.shown("dlnotes.numpy.convolutions", source)


def test_bullets_in_each_language():
    names = {"dlnotes.numpy.rnn.sample", "dlnotes.numpy.rnn.init_params", "dlnotes.data.Vocab"}
    en = api_lists.bullets(names, "en").splitlines()
    assert en[0] == "* `dlnotes.data`: [`Vocab`](../reference/numpy.md#dlnotes.data.Vocab)"
    assert en[1].startswith("* `dlnotes.numpy.rnn`: [`init_params`]") and ", [`sample`]" in en[1]
    assert "：" in api_lists.bullets(names, "zh") and "、" in api_lists.bullets(names, "zh")
