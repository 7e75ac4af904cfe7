"""Compare what a page shows with what its code printed, the way that holds on any machine.

Text is compared exactly (trailing spaces and trailing blank lines aside, and a run of spaces
counts as one, since NumPy pads columns to the width of the widest number). Numbers are
compared with a tolerance of one unit in the last digit the page shows: ``1.469`` agrees with
``1.470`` and ``1.468`` but not with ``1.459`` or ``1.471``; ``2.2e-16`` agrees with
``2.1e-16`` and ``2.3e-16``. Whole numbers (counts, shapes, indices, steps) must be equal.
A number is a run of digits with an optional sign, point and exponent that does not continue
a name (the ``1`` of ``W1`` and the ``2`` of ``conv2d`` are text).

An output block that shows the numbers of one training run, which another machine's float
noise sends elsewhere, is marked on the page (```` ```{ .output .run title="..." } ````, the
title telling the reader so): for it only the text and the count of numbers are compared, and
the chapter's tests check the claim the numbers illustrate (loss below, accuracy at least).
"""

from __future__ import annotations

import re
from decimal import Decimal

NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_SPACES = re.compile(r"[ \t]+")


def normalize(text: str) -> str:
    """Trailing spaces and trailing/leading blank lines removed."""
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _skeleton(line: str) -> tuple[str, list[str]]:
    numbers = NUMBER.findall(line)
    text = _SPACES.sub(" ", NUMBER.sub("#", line)).strip()
    return text, numbers


def _unit(shown: str) -> Decimal | None:
    """One unit in the last digit of a number as written; ``None`` for a whole number."""
    mantissa, _, exponent = shown.lower().partition("e")
    if "." not in mantissa and not exponent:
        return None
    decimals = len(mantissa.partition(".")[2])
    return Decimal(1).scaleb(int(exponent or 0) - decimals)


def numbers_agree(shown: str, printed: str) -> bool:
    """Whether two numbers agree to one unit in the last digit of ``shown``."""
    unit = _unit(shown)
    if unit is None:
        return _unit(printed) is None and int(shown) == int(printed)
    return abs(Decimal(shown) - Decimal(printed)) <= unit


def mismatch(shown: str, printed: str, *, numbers: bool = True) -> str | None:
    """``None`` if the printed output agrees with the shown one, else the first difference;
    with ``numbers=False`` (the output of a run) the values of the numbers are not compared."""
    shown_lines, printed_lines = normalize(shown).splitlines(), normalize(printed).splitlines()
    if len(shown_lines) != len(printed_lines):
        return f"the page shows {len(shown_lines)} lines, the code printed {len(printed_lines)}"
    for k, (a, b) in enumerate(zip(shown_lines, printed_lines, strict=True), start=1):
        (text_a, nums_a), (text_b, nums_b) = _skeleton(a), _skeleton(b)
        if text_a != text_b or len(nums_a) != len(nums_b):
            return f"line {k} differs in its text:\n  shown:   {a}\n  printed: {b}"
        for x, y in zip(nums_a, nums_b, strict=True):
            if numbers and not numbers_agree(x, y):
                return (f"line {k}: {y} is printed where the page shows {x} (more than one "
                        f"unit in its last digit apart):\n  shown:   {a}\n  printed: {b}")
    return None


def agree(shown: str, printed: str, *, numbers: bool = True) -> bool:
    return mismatch(shown, printed, numbers=numbers) is None
