"""Argument checks shared by both halves (public: pages and user code may call them).

The generic checks are here; a chapter's composite checks (shapes that must agree, parameter
dicts) are in ``dlnotes.checks.<chapter module>``, reachable as ``checks.<chapter module>``.

Each check raises ``ValueError`` or ``TypeError`` with a message that names the argument
and says what was expected, so that bad input fails at the call, not deep inside NumPy.
"""

from __future__ import annotations

import importlib
import math
from numbers import Real
from pathlib import Path


def real(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a real number (not bool, not NaN; inf allowed)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} must be a number, got nan")
    return value


def positive(name: str, value: object) -> float:
    """Return ``value`` as a float if it is finite and > 0."""
    v = real(name, value)
    if not (0 < v < math.inf):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return v


def non_negative(name: str, value: object) -> float:
    """Return ``value`` as a float if it is finite and >= 0."""
    v = real(name, value)
    if not (0 <= v < math.inf):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return v


def unit_interval(name: str, value: object, *, closed_right: bool = False) -> float:
    """Return ``value`` if it lies in [0, 1) (or [0, 1] with ``closed_right``)."""
    v = real(name, value)
    ok = 0 <= v <= 1 if closed_right else 0 <= v < 1
    if not ok:
        interval = "[0, 1]" if closed_right else "[0, 1)"
        raise ValueError(f"{name} must lie in {interval}, got {value!r}")
    return v


def one_of(name: str, value: object, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value  # type: ignore[return-value]


def same_shape(name: str, shape: tuple[int, ...], ref_name: str, ref_shape: tuple[int, ...]):
    """Require ``shape == ref_shape``."""
    if tuple(shape) != tuple(ref_shape):
        raise ValueError(
            f"{name} must have the shape of {ref_name}, {tuple(ref_shape)}, got {tuple(shape)}"
        )


def real_array(name: str, value):
    """``value`` as a float64 NumPy array if it holds real numbers (ints or floats, not bool).

    ``np.asarray(x, dtype=float)`` alone fails on strings with "could not convert string to
    float", which names no argument.
    """
    import numpy as np  # here, so that importing this module imports neither half's library

    arr = np.asarray(value)
    if arr.dtype == np.bool_ or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    return arr.astype(np.float64, copy=False)


def float_array(name: str, value, ndim: int, shape: str = ""):
    """:func:`real_array` with exactly ``ndim`` axes: ``value`` as a float64 NumPy array.

    ``shape`` names the axes in the message, e.g. ``"(n_x, m)"``: "x must have shape
    (n_x, m) (2 axes), got shape (3,)".
    """
    arr = real_array(name, value)
    if arr.ndim != ndim:
        what = f"shape {shape} ({ndim} axes)" if shape else f"{ndim} axes"
        raise ValueError(f"{name} must have {what}, got shape {arr.shape}")
    return arr


def integer(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` if it is an int (not a bool) >= ``minimum``."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    value = value.__index__()
    if value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value}")
    return value


def generator(name: str, value: object):
    """Return ``value`` if it is a NumPy Generator, or a new one seeded with an int."""
    import numpy as np  # here, as in real_array

    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return np.random.default_rng(int(value))
    raise TypeError(f"{name} must be a numpy Generator or an int seed, "
                    f"got {type(value).__name__}")


def window_fits(name: str, f: int, hw, pad: int) -> None:
    """Raise unless an ``f`` x ``f`` window fits in an input of height and width ``hw``
    padded by ``pad`` on every side."""
    if f > min(hw) + 2 * pad:
        raise ValueError(f"{name}: the {f}x{f} window is larger than the padded input "
                         f"({hw[0] + 2 * pad}x{hw[1] + 2 * pad}); use a smaller f or more "
                         f"padding")


def boolean(name: str, value: object) -> bool:
    """Return ``value`` if it is a bool."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def module(name: str, value: object):
    """Return ``value`` if it is a ``torch.nn.Module`` (a model or a layer)."""
    from torch import nn  # here: only the PyTorch half passes modules

    if not isinstance(value, nn.Module):
        raise TypeError(f"{name} must be a torch.nn.Module, got {type(value).__name__}")
    return value


def __getattr__(name: str):
    """A chapter's composite checks live in ``dlnotes/checks/<chapter module>.py`` and load on
    first use, so ``checks.attention.qkv(...)`` works after ``from dlnotes import checks``."""
    if not name.startswith("_") and (Path(__file__).with_name(f"{name}.py")).is_file():
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
