"""The Chinese pages speak the glossary's Chinese, in their prose and in their formulas.

* An English glossary term in the prose of a Chinese page (code, math, link targets, HTML and
  the references left out) is allowed only where the glossary lists it among the term's accepted
  Chinese forms (``also``), or as a gloss in parentheses right after the Chinese term, as in
  小批量（mini-batch）.
* A form the glossary marks as drift (``avoid``) appears in no Chinese page.
* A ``\\text{}`` in a formula of a Chinese page holds no English prose: a phrase (two words, or a
  word with a trailing space or colon) or a word that stands alone. Labels stay as they are on the
  English page: a subscript or superscript (``E_{\\text{dev}}``), a name followed by its index or
  argument (``\\text{params}_{\\text{conv}}``, ``\\text{n-grams}(\\hat y)``), a code identifier
  (``\\text{decay\\_rate}``) and the names in ``NAMES``.
"""

import re

from site_tools import doc_examples, glossary, pages

NAMES = {"ReLU", "epoch"}  # \text{} names that the code uses too (`epoch` is a loop variable)
TEXT = re.compile(r"\\(?:text|textrm|textit|textbf|mbox)\{((?:[^{}]|\{[^{}]*\})*)\}")
WORD = re.compile(r"[A-Za-z]{2,}")
HAN = re.compile(r"[\u4e00-\u9fff]")


def zh_pages():
    return [p for p in pages.source_pages()
            if pages.lang_of(p) == "zh" and p.suffix == ".md" and p.stem != "glossary.zh"]


def prose(text: str) -> str:
    """What a reader reads as sentences: no code, math, link targets, HTML, heading ids,
    emphasis marks or references. Each removed piece becomes one space, so that words on
    either side of it do not join."""
    text = text.split("{ #references }")[0]
    for block in reversed(doc_examples.fenced_blocks(text)):
        text = text[: block.start] + " " + text[block.end:]
    for pattern in (r"\$\$.*?\$\$", r"\$[^$\n]+\$", r"`[^`\n]*`", r"\]\([^)\s]*\)",
                    r"<[^>\n]+>", r"\{ *#[^}]*\}", r"^--8<--.*$"):
        text = re.sub(pattern, " ", text, flags=re.DOTALL | re.MULTILINE)
    return text.replace("*", "")


def _term_pattern(english: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(english)}(?:s|es)?(?![\w-])", re.IGNORECASE)


def english_terms_in_prose(text: str, terms) -> list[str]:
    """Each English glossary term in ``text`` that is neither accepted nor a gloss, with the
    words around it. A term inside a longer one ("dropout" in "inverted dropout") or inside a
    Chinese form that keeps English ("掩蔽 softmax") counts only as the longer one."""
    chinese_forms = {z for t in terms for z in (t.zh, *t.also)}
    covered = [m.span() for z in chinese_forms if WORD.search(z) and HAN.search(z)
               for m in re.finditer(re.escape(z), text)]
    found = []
    for term in sorted(terms, key=lambda t: -len(t.en)):
        accepted = {a.lower() for a in term.also} | {term.zh.lower()}
        for m in _term_pattern(term.en).finditer(text):
            a, b = m.span()
            if any(a < e and s < b for s, e in covered):
                continue
            covered.append((a, b))
            if term.en.lower() in accepted:
                continue
            before = text[max(0, a - 40):a].rstrip()
            if before.endswith(("（", "(")) and before[:-1].rstrip().endswith(
                    (term.zh, *term.also)):
                continue
            found.append(f"{m.group(0)!r} ({term.zh}) in ...{text[max(0, a - 20):b + 10]!r}")
    return found


def english_in_text_commands(markdown: str) -> list[str]:
    """Each ``\\text{}`` of a formula whose content is English prose (see the module doc)."""
    found = []
    for math in re.findall(r"\$\$.*?\$\$|\$[^$\n]+\$", markdown, flags=re.DOTALL):
        for m in TEXT.finditer(math):
            content = m.group(1)
            words = WORD.findall(content)
            if not words or "_" in content or content.strip() in NAMES:
                continue
            phrase = len(content.split()) > 1 or re.search(r"[A-Za-z][\s:]+$", content)
            before = re.sub(r"(\\[,;!: ]|\s)+$", "", math[:m.start()])
            label = before.endswith(("_", "^", "_{", "^{")) or re.match(
                r"\s*[_^(]", math[m.end():])
            if phrase or not label:
                found.append(m.group(0))
    return found


def test_chinese_prose_uses_the_glossary_terms():
    terms = glossary.load_terms()
    found = {p.name: english_terms_in_prose(prose(p.read_text(encoding="utf-8")), terms)
             for p in zh_pages()}
    found = {name: hits for name, hits in found.items() if hits}
    assert not found, "English glossary terms in Chinese prose (write the Chinese term, or " \
        "gloss it in parentheses after the Chinese term):\n" + "\n".join(
            f"{name}: {hit}" for name, hits in found.items() for hit in hits)


def test_chinese_pages_avoid_the_forms_the_glossary_marks_as_drift():
    terms = glossary.load_terms()
    found = [(p.name, avoid, t.zh) for p in zh_pages() for t in terms for avoid in t.avoid
             if avoid in prose(p.read_text(encoding="utf-8"))]
    assert not found, f"(page, form to avoid, the glossary's term): {found}"


def test_no_english_prose_in_the_formulas_of_chinese_pages():
    found = {p.name: english_in_text_commands(p.read_text(encoding="utf-8")) for p in zh_pages()}
    found = {name: hits for name, hits in found.items() if hits}
    assert not found, f"English words in \\text{{}} of Chinese formulas: {found}"


def test_the_checks_catch_what_they_are_meant_to():
    terms = [glossary.Term("mini-batch", "小批量", "improving/mini-batch", "x"),
             glossary.Term("dropout", "随机失活", "improving/dropout", "x", also=("dropout",)),
             glossary.Term("inverted dropout", "反向随机失活", "improving/dropout", "x")]
    assert english_terms_in_prose("每个 mini-batch 都", terms)
    assert english_terms_in_prose("每个 Mini-batches 都", terms)
    assert not english_terms_in_prose(prose("**小批量**（mini-batch）与 dropout"), terms)
    assert english_terms_in_prose("随机失活（inverted dropout）", terms)
    assert not english_terms_in_prose("反向随机失活（inverted dropout）", terms)
    assert not english_terms_in_prose(prose("见 `mini_batch`、[x](mini-batch.md) 与 $m$"), terms)
    assert english_in_text_commands(r"$\text{avoidable bias} = E_{\text{train}}$") == [
        r"\text{avoidable bias}"]
    assert english_in_text_commands(r"$\sum_{\text{all entries}} x \text{if } y$") == [
        r"\text{all entries}", r"\text{if }"]
    assert english_in_text_commands(r"$$\text{variance} = 1$$") == [r"\text{variance}"]
    assert not english_in_text_commands(
        r"$E_{\text{dev}} + \text{params}_{\text{conv}} + \text{n-grams}(y) + A^{\text{pad}}"
        r" + \text{decay\_rate} + \text{ReLU} + 120\text{ M} + \text{可避免偏差}$")
