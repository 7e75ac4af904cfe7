"""The bad-input categories of ``dlnotes.checks``' policy, enumerated per argument of a call.

The generic sweep (the ``arrays``/``hyper`` entries of the bad-input tables) samples a few
mutations that a table names; this module derives the cases from a valid call and the
function's signature instead, so that every argument gets every category that applies to it:

==================  ===========================================  =================================
category            which arguments                              what the policy expects
==================  ===========================================  =================================
complex             a float array or tensor                      TypeError naming it
empty batch         an array or tensor: its first axis, and its  ValueError naming an argument, or
                    last axis when it has two or more            a result without NaN or inf
int array           a NumPy float array, rounded to int64        anything but a TypeError (ints
                                                                 are converted)
bool                a NumPy float array or a float tensor as     TypeError naming it
                    bools; True for a number
dtype mix           a float64 tensor given as float32 while      TypeError naming it
                    other tensors (or the module) are float64
missing key         each key of a dict argument, removed         ValueError naming the dict and
                                                                 the key, or a result (the key
                                                                 was optional)
string number       a number given as its string ``"3"``         TypeError naming it
nan / inf           a float hyperparameter                       ValueError naming it
==================  ===========================================  =================================

Numbers include those left at their defaults (``eps=1e-8`` gets a NaN too). A dataclass is a
record that the package fills in (a row of a table, a trial of a search) and gets no cases; a
cache (``cache``, ``caches``) is a forward pass's own output handed back to its backward pass,
not a dict a caller writes, and gets no missing-key cases. :func:`cases` yields
:class:`Case` objects; :func:`check` runs one and returns None or what went wrong.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import re
import signal
import warnings
from numbers import Real

import numpy as np
import torch
import torch._dynamo  # noqa: F401 - imported lazily by optimizers; an alarm mid-import breaks it
from sweep_support import holds

# category -> (exception types that keep the policy, a result keeps it too, whom the message
# must name: "arg" the argument, "any" one of the function's arguments, "key" the dict and key)
POLICY = {
    "complex": ((TypeError,), False, "arg"),
    "empty batch": ((ValueError,), True, "any"),
    "int array": ((ValueError,), True, "any"),
    "bool": ((TypeError,), False, "arg"),
    "dtype mix": ((TypeError,), False, "arg"),
    "missing key": ((ValueError,), True, "key"),
    "string number": ((TypeError,), False, "arg"),
    "nan": ((ValueError,), False, "arg"),
    "inf": ((ValueError,), False, "arg"),
}
# the categories whose case may run the function to the end (not for calls that train)
MAY_RUN = {"empty batch", "int array", "missing key"}


@dataclasses.dataclass
class Case:
    category: str
    arg: str                 # the argument (for a missing key, the dict)
    args: tuple
    kwargs: dict
    key: str | None = None   # the removed key of a "missing key" case
    variant: str = ""        # which axis an "empty batch" case empties

    @property
    def label(self) -> str:
        what = f"{self.arg}[{self.key!r}]" if self.key is not None else self.arg
        return f"{what}: {self.category}{self.variant}"


def signature_of(fn):
    """The signature whose parameters a call binds (a module's ``forward``)."""
    return inspect.signature(fn.forward if isinstance(fn, torch.nn.Module) else fn)


def _is_number(v) -> bool:
    return isinstance(v, Real) and not isinstance(v, bool) and not isinstance(v, np.ndarray)


def _is_float_number(v) -> bool:
    return isinstance(v, float | np.floating)


def _float64_elsewhere(fn, bound: dict, name: str) -> bool:
    """Does the call hold a float64 tensor other than argument ``name`` (module parameters
    included)?"""
    others = [v for k, v in bound.items() if k != name and isinstance(v, torch.Tensor)]
    if isinstance(fn, torch.nn.Module):
        others += list(fn.parameters())
    return any(v.dtype == torch.float64 for v in others)


def _empties(v, shape):
    axes = [0] + ([len(shape) - 1] if len(shape) >= 2 else [])
    for ax in axes:
        if shape[ax] == 0:
            continue
        idx = (slice(None),) * ax + (slice(0, 0),)
        yield f" (axis {ax})", v[idx]


def _array_cases(fn, bound, name, v):
    """``(category, value)``, or ``(category, value, which axis)``, for an array or tensor
    argument."""
    if isinstance(v, torch.Tensor):
        if v.dim() >= 1:
            for axis, e in _empties(v, tuple(v.shape)):
                yield "empty batch", e, axis
        if v.is_floating_point():
            yield "complex", v.to(torch.complex128 if v.dtype == torch.float64
                                  else torch.complex64) + 0.5j
            yield "bool", v > 0
            if v.dtype == torch.float64 and _float64_elsewhere(fn, bound, name):
                yield "dtype mix", v.to(torch.float32)
        return
    if v.ndim >= 1:
        for axis, e in _empties(v, v.shape):
            yield "empty batch", e, axis
    if v.dtype.kind == "f":
        yield "complex", v + 0.5j
        yield "bool", v > 0
        if np.isfinite(v).all():
            yield "int array", np.rint(v).astype(np.int64)


def cases(fn, args: tuple, kwargs: dict, *, runs_long: bool = False):
    """Every category case of the valid call ``fn(*args, **kwargs)``, one per argument and
    category that applies. ``runs_long``: the call trains for a long time, so only the cases
    that must be rejected before any work are made."""
    if dataclasses.is_dataclass(fn) and isinstance(fn, type):
        return  # a record the package fills in (a table row, a trial): it stores, not checks
    sig = signature_of(fn)
    bound = sig.bind(*args, **kwargs)
    given = dict(bound.arguments)
    bound.apply_defaults()
    kinds = {n: p.kind for n, p in sig.parameters.items()}

    def with_(name, value):
        b = sig.bind(*args, **kwargs)
        b.arguments[name] = value
        return b.args, b.kwargs

    def make(category, name, value, key=None, variant=""):
        if runs_long and category in MAY_RUN:
            return None
        a, k = with_(name, value)
        return Case(category, name, a, k, key, variant)

    for name, v in bound.arguments.items():
        if kinds[name] in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        out = []
        if isinstance(v, np.ndarray | torch.Tensor) and name in given:
            out += [make(c, name, m, variant=x[0] if x else "")
                    for c, m, *x in _array_cases(fn, given, name, v)]
        elif isinstance(v, dict) and name in given and not name.startswith("cache"):
            out += [make("missing key", name, {k: x for k, x in v.items() if k != key}, key)
                    for key in v if isinstance(key, str)]
        elif _is_number(v):
            out.append(make("string number", name, str(v)))
            out.append(make("bool", name, True))
            if _is_float_number(v):
                out.append(make("nan", name, math.nan))
                out.append(make("inf", name, math.inf))
        yield from (c for c in out if c is not None)


# ------------------------------------------------------------------------------ running one


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow


def _names(msg: str, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", msg) is not None


def check(fn, case: Case, arg_names, limit: int = 5) -> str | None:
    """Run ``case`` against :data:`POLICY`: None if it keeps the policy, else what went wrong."""
    types, result_ok, whom = POLICY[case.category]
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    try:
        with warnings.catch_warnings():
            # a RuntimeWarning (0/0, a mean of nothing) is a silent NaN; integer data may
            # divide by zero honestly
            warnings.simplefilter("ignore" if case.category == "int array" else "error",
                                  RuntimeWarning)
            result = fn(*case.args, **case.kwargs)
    except _TooSlow:
        return "still running after 5 s (not rejected up front)"
    except (ValueError, TypeError) as e:
        msg = str(e)
        if not isinstance(e, types):
            return f"{type(e).__name__} instead of {types[0].__name__}: {msg[:160]}"
        if whom == "any" and not any(_names(msg, n) for n in arg_names):
            return f"{type(e).__name__} names no argument: {msg[:160]}"
        if whom == "arg" and not _names(msg, case.arg):
            return f"{type(e).__name__} does not name {case.arg}: {msg[:160]}"
        if whom == "key" and not (_names(msg, case.arg) and case.key in msg):
            return f"{type(e).__name__} does not name {case.arg} and {case.key!r}: {msg[:160]}"
        return None
    except Exception as e:  # noqa: BLE001 - any other exception is the finding
        return f"{type(e).__name__}: {str(e)[:160]}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    if not result_ok:
        return f"returned instead of raising {types[0].__name__}"
    if case.category != "int array" and holds(result, "nonfinite"):
        return "returned NaN or inf"
    return None
