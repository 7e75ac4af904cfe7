"""Print numbers the way a page can promise them on any machine.

Two machines (another CPU, SIMD path, BLAS build or thread count) agree on a float64 result
to about 1e-15 relative, not to the last bit: a round-off residual of 2.2e-16 on one is 1.1e-16
on another, and a gradient check's 7.1e-09 may be 9.3e-09. What a page prints is therefore
either rounded to digits that mean something (an f-string does that) or, for values at the
noise floor, a bound::

    >>> from dlnotes.printing import below
    >>> below(2.2e-16, 1e-12)
    'below 1e-12'
    >>> below(3.5e-06, 1e-07)
    '3.5e-06, NOT below 1e-7'

A failed bound prints the value itself, so the page's output check fails loudly. A value
that may be large or at the noise floor (a gradient check of a right or a wrong backward pass)
is printed by :func:`sci`::

    >>> from dlnotes.printing import sci
    >>> sci(0.37, floor=1e-7), sci(3.1e-09, floor=1e-7)
    ('3.7e-01', 'below 1e-7')
"""

from __future__ import annotations

from dlnotes import checks


def short_e(x: float) -> str:
    """A power of ten (or any number) with one significant digit and no zero-padded
    exponent: ``short_e(1e-7) == '1e-7'`` where ``f"{1e-7:.0e}"`` gives ``'1e-07'``."""
    mantissa, exponent = f"{x:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def below(value, bound: float) -> str:
    """``'below <bound>'`` if ``|value| < bound`` (``value`` a Python, NumPy or 0-d torch
    number); otherwise the value and the bound it misses."""
    v, bound = float(value), checks.positive("bound", bound)
    if abs(v) < bound:
        return f"below {short_e(bound)}"
    return f"{v:.1e}, NOT below {short_e(bound)}"


def sci(value, floor: float) -> str:
    """``value`` in scientific notation with two significant digits, or ``'below <floor>'``
    when ``|value| < floor`` (its digits there are float noise)."""
    v, floor = float(value), checks.positive("floor", floor)
    return below(v, floor) if abs(v) < floor else f"{v:.1e}"
