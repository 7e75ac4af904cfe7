"""Argument checks shared by both halves (public: pages and user code may call them).

The generic checks are here; a chapter's composite checks (shapes that must agree, parameter
dicts) are in ``dlnotes.checks.<chapter module>``, reachable as ``checks.<chapter module>``.

Each check raises ``ValueError`` or ``TypeError`` with a message that names the argument
and says what was expected, so that bad input fails at the call, not deep inside NumPy.

The policy per kind of bad input, the same in both halves (``docs/reference/errors.md`` shows
it with examples; ``tests/test_bad_input_categories.py`` tries every category on every
argument of every public function):

* **Empty batch**: where the result is a mean over the examples (a cost, a loss, a batch
  statistic) zero examples make it 0/0, so it is a ``ValueError`` naming the argument
  (:func:`non_empty`); where each example is computed on its own (an activation, a layer's
  forward pass) the empty result is defined and returned.
* **Complex input**: a ``TypeError`` naming the argument (:func:`real_array`,
  :func:`floats`, :func:`float_tensor`); the formulas are real, and a cast would drop the
  imaginary part without a word.
* **NaN or inf in data** propagate as IEEE arithmetic says (a NaN input gives a NaN output,
  which tells the truth); in labels and targets, which are never computed with, they are a
  ``ValueError`` (:func:`finite`). A documented exception: the masked multi-task loss reads NaN
  as a missing label.
* **NaN or inf in a hyperparameter** (a rate, a scale, an epsilon): a ``ValueError`` naming it
  (:func:`real` refuses NaN; :func:`positive`, :func:`non_negative` also inf).
* **Mixed dtypes**: NumPy converts integers to float64 (:func:`real_array`, :func:`floats`);
  in torch, float32 meeting float64 (two tensors, or a tensor and a module's parameters) is a
  ``TypeError`` naming the argument (:func:`float_tensor`), not a silent promotion: PyTorch's
  own layers refuse it, and a promotion would change the precision of a result unasked.
* **A missing dict key** is a ``ValueError`` naming the dict and the keys it lacks
  (:func:`keys`, :func:`same_keys`), not a bare ``KeyError``.
* **A string for a number** (``"3"``) is a ``TypeError`` naming the argument; nothing is parsed.
* **A bool for a number** (``True`` is an int to Python) is a ``TypeError`` naming the argument
  (:func:`integer`, :func:`real`); bool arrays are refused where numbers are expected.
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


def floats(name: str, value):
    """``value`` as a NumPy array of floats, keeping a float dtype (a float32 layer stays
    float32) and converting integers to float64; bool, complex and strings are a TypeError."""
    import numpy as np

    arr = np.asarray(value)
    if arr.dtype == np.bool_ or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    return arr if arr.dtype.kind == "f" else arr.astype(np.float64)


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


def finite(name: str, arr):
    """``arr`` (an array or a tensor) if it holds no NaN or inf: labels and targets, whose NaN
    would otherwise turn into a NaN cost with no hint of where it came from."""
    import numpy as np

    ok = bool(arr.isfinite().all()) if hasattr(arr, "isfinite") else bool(np.isfinite(arr).all())
    if not ok:
        raise ValueError(f"{name} must be finite (no nan or inf)")
    return arr


def non_empty(name: str, arr, axis: int = -1, what: str = "example"):
    """``arr`` if its ``axis`` (the batch axis) is not empty: a mean over zero examples (a
    cost, a loss, a batch statistic) is undefined."""
    if arr.shape[axis] == 0:
        raise ValueError(f"{name} must hold at least one {what} (axis {axis} of shape "
                         f"{tuple(arr.shape)} is empty)")
    return arr


def keys(name: str, value: object, required) -> dict:
    """``value`` if it is a dict holding every key of ``required``; a missing key is named in a
    ``ValueError`` (not a bare ``KeyError: 'gamma'`` from deep inside)."""
    if not isinstance(value, dict):
        raise TypeError(f"{name} must be a dict, got {type(value).__name__}")
    missing = [k for k in required if k not in value]
    if missing:
        raise ValueError(f"{name} is missing the keys {', '.join(map(repr, missing))} (it has "
                         f"{', '.join(map(repr, value)) or 'none'})")
    return value


def same_keys(name: str, value: dict, ref_name: str, ref: dict) -> None:
    """Require the dicts ``value`` and ``ref`` to have the same keys; the message names the
    keys that either lacks."""
    missing = [k for k in ref if k not in value]
    extra = [k for k in value if k not in ref]
    if missing or extra:
        lacks = [f"{who} lacks {', '.join(map(repr, keys))}"
                 for who, keys in ((name, missing), (ref_name, extra)) if keys]
        raise ValueError(f"{name} must have the keys of {ref_name}: {'; '.join(lacks)}")


def float_tensor(name: str, value, like=None, like_name: str = ""):
    """``value`` if it is a real floating-point torch tensor; with ``like``, one of the same
    dtype as the tensor (or module) ``like``: float32 meeting float64 is a ``TypeError`` naming
    the argument, not a promotion."""
    import torch

    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a floating-point tensor, got {type(value).__name__}")
    if not value.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {value.dtype}")
    if like is not None:
        if isinstance(like, torch.nn.Module):
            like = next(like.parameters(), None)
        if like is not None and like.dtype != value.dtype:
            raise TypeError(f"{name} must have the dtype of {like_name}, {like.dtype}, "
                            f"got {value.dtype}")
    return value


def seed(name: str, value: object) -> int:
    """Return ``value`` if it is an int seed >= 0 (not a bool, not a string)."""
    return integer(name, value, minimum=0)


def integer(name: str, value: object, minimum: int | None = 1) -> int:
    """Return ``value`` if it is an int (not a bool) >= ``minimum`` (any int with None)."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    value = value.__index__()
    if minimum is not None and value < minimum:
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
