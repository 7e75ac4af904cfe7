"""The doc-example checker: text exactly, numbers to one unit in the last digit shown."""

import pytest

from site_tools.output_check import agree, mismatch, numbers_agree


@pytest.mark.parametrize(("shown", "printed"), [
    ("1.469", "1.470"), ("1.469", "1.468"), ("1.470", "1.469"), ("2.2e-16", "2.1e-16"),
    ("7.1e-09", "7.2e-09"), ("0.000", "-0.000"), ("-0.5", "-0.4"), ("1e-7", "2e-7"),
    ("42", "42"), ("1.5", "1.5"),
])
def test_numbers_within_one_unit_of_the_last_digit_agree(shown, printed):
    assert numbers_agree(shown, printed)


@pytest.mark.parametrize(("shown", "printed"), [
    ("1.469", "1.459"), ("0.976", "0.978"), ("1.469", "1.471"), ("2.2e-16", "1.1e-16"),
    ("7.1e-09", "7.1e-08"), ("42", "43"), ("3", "3.0"), ("0.5", "-0.5"), ("1e-7", "3e-7"),
])
def test_numbers_further_apart_disagree(shown, printed):
    assert not numbers_agree(shown, printed)


def test_a_line_with_nearby_numbers_agrees_and_spacing_of_columns_does_not_matter():
    assert agree("loss 1.469 after 200 steps\n[0.25  1.5 ]", "loss 1.470 after 200 steps\n"
                 "[0.25 1.5 ]")


def test_a_number_off_by_more_than_one_unit_fails_and_says_where():
    message = mismatch("a\nloss 1.469 after 200 steps", "a\nloss 1.459 after 200 steps")
    assert message is not None and "line 2" in message and "1.459" in message


def test_a_changed_word_fails():
    assert not agree("accuracy 0.976 on the dev set", "accuracy 0.976 on the test set")


def test_a_missing_or_extra_line_fails():
    assert not agree("one\ntwo", "one")
    assert not agree("one", "one\ntwo")


def test_a_changed_count_of_numbers_fails():
    assert not agree("shape (4, 2)", "shape (4, 2, 1)")


def test_digits_inside_names_are_text():
    assert not agree("W1: below 1e-7", "W2: below 1e-7")
    assert not agree("conv2d", "conv3d")


def test_the_output_of_a_run_is_compared_on_its_text_and_count_of_numbers_only():
    assert agree("accuracy 78.9%, loss 0.028", "accuracy 74.1%, loss 0.031", numbers=False)
    assert not agree("accuracy 78.9%, loss 0.028", "accuracy 74.1%, cost 0.031", numbers=False)
    assert not agree("accuracy 78.9%", "accuracy 74.1% 2", numbers=False)


def test_a_run_block_is_recognised_on_the_page():
    from site_tools.doc_examples import fenced_blocks

    page = ('```python\nprint(1)\n```\n\n```{ .output .run title="One run" }\n1\n```\n'
            '\n```output\n1\n```\n')
    blocks = fenced_blocks(page)
    assert [b.lang for b in blocks] == ["python", "output", "output"]
    assert [b.is_run for b in blocks] == [False, True, False]
