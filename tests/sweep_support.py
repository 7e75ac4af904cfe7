"""The bad-input sweep that every chapter's test files run over their public callables.

A chapter file (``tests/test_<module>*.py``) has a ``SWEEP`` table, ``{"<half>.<module>":
builder}``, where ``builder()`` returns an entry for each public callable of that module, and an
``EXEMPT`` table for the callables it leaves out, with the reason (``tests/test_api_coverage.py``
fails while a public callable is in neither). An entry is a valid call (``C(...)``) plus:

* ``arrays``: arguments that get the generic mutations: one more axis ("rank+"), one axis less
  ("rank-"), a wrong dtype (strings for NumPy; int64, or a NumPy array, for torch), empty (a zero
  axis), one element fewer on the last axis ("shrink", i.e. mismatched shapes), a NaN, an inf;
* ``hyper``: out-of-range hyperparameters, ``{name: [bad values]}``;
* ``extra``: hand-written cases, ``X(label, call, expect)``; the numerical-stability cases
  (softmax / log-softmax / cross-entropy at logits +-1e4, batch norm of a constant batch,
  attention with a fully masked row) are among them.

The rule each case must keep:

* a valid call and a hand-written ``expect="ok"`` case return a result holding no NaN (and pass
  its ``check``);
* a hyperparameter case, or an ``extra`` that names an argument, raises ``ValueError`` or
  ``TypeError`` whose message names that argument;
* a generic mutation either raises ``ValueError``/``TypeError`` naming one of the function's
  arguments, or returns a result; the result may hold NaN only when the input held NaN or inf
  (IEEE propagation is not silent). Any other exception (IndexError, ZeroDivisionError, torch's
  RuntimeError, NumPy's broadcasting ValueError, which names no argument) fails, and so does a
  call that runs for more than a few seconds (a bad hyperparameter must be rejected before work).
  The valid call has a minute: it does the work, and it pays what a first call costs once in a
  process (torch imports ``torch._dynamo`` on its first optimizer or meta-tensor pass, the data
  sets load scikit-learn), which a time limit must not stop half-way through an import.

:func:`sweep_module` runs a module's entries (on one torch thread) and counts the functions and
cases for the run's summary.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import re
import signal
import warnings

import numpy as np
import torch
from public_api import module_callables, summary_counts

from dlnotes.torch.training import single_thread

NAN = math.nan


# ------------------------------------------------------------------------------ the DSL


class C:
    """A call: positional and keyword arguments, and optionally the callable to use
    (``fn=``; e.g. a module's forward) in place of the table key's own."""

    def __init__(self, *args, fn=None, **kwargs):
        self.args, self.kwargs, self.fn = args, kwargs, fn


@dataclasses.dataclass
class E:
    """The sweep entry of one public callable (see the module's docstring)."""

    make: object                                    # device -> C, or a C
    arrays: tuple[str, ...] | str = ()
    hyper: dict = dataclasses.field(default_factory=dict)
    extra: object = ()                              # device -> [X, ...], or a list
    check: object = None                            # result -> None (asserts), for the valid call
    skip: tuple[str, ...] = ()                      # generic mutations that do not apply


@dataclasses.dataclass
class X:
    """A hand-written case: a call and what it must do (``"ok"``, or the argument to name)."""

    label: str
    make: object        # device -> C, or a C
    expect: str         # "ok" or the name of the argument the error must name
    check: object = None


def _resolve(x, dev):
    return x(dev) if callable(x) and not isinstance(x, C | X) else x


# ------------------------------------------------------------------------------ mutations


def _nonfinite(v, value):
    if isinstance(v, torch.Tensor):
        if not v.is_floating_point() or v.numel() == 0:
            return None
        out = v.detach().clone()
        out.view(-1)[0] = value
        return out
    v = np.asarray(v)
    if v.dtype.kind != "f" or v.size == 0:
        return None
    out = v.copy()
    out.flat[0] = value
    return out


def _mutations(v):
    """``(label, mutated value, non-finite input?)`` for an array argument ``v``."""
    if isinstance(v, torch.Tensor):
        yield "rank+", v[None], False
        if v.dim() >= 1:
            yield "rank-", v.reshape(-1)[:1].reshape(()) if v.dim() == 1 else v[0], False
        if v.is_floating_point():
            yield "dtype int64", v.round().long(), False
        else:
            yield "dtype float", v.double(), False
        yield "numpy array", v.detach().cpu().numpy(), False
        if v.dim() >= 1:
            yield "empty", v[..., :0], False
        if v.dim() >= 1 and v.shape[-1] > 1:
            yield "shrink", v[..., :-1], False
    else:
        yield "rank+", v[None], False
        if v.ndim >= 1:
            yield "rank-", v.reshape(-1)[:1].reshape(()) if v.ndim == 1 else v[0], False
        yield "dtype str", np.full(v.shape, "a"), False
        if v.ndim >= 1:
            yield "empty", v[..., :0], False
        if v.ndim >= 1 and v.shape[-1] > 1:
            yield "shrink", v[..., :-1], False
    for label, value in (("nan", NAN), ("inf", math.inf)):
        m = _nonfinite(v, value)
        if m is not None:
            yield label, m, True


def holds(r, bad, seen=0) -> bool:
    """Does the result hold a value for which ``bad`` (``"nan"`` or ``"nonfinite"``) is true,
    looking a few levels into containers, dataclasses and a module's parameters?"""
    if seen > 4:
        return False
    if isinstance(r, torch.Tensor):
        if not r.is_floating_point() or r.is_meta:
            return False
        return bool(torch.isnan(r).any() if bad == "nan" else not torch.isfinite(r).all())
    if isinstance(r, np.ndarray):
        if r.dtype.kind not in "fc":
            return False
        return bool(np.isnan(r).any() if bad == "nan" else not np.isfinite(r).all())
    if isinstance(r, float):
        return math.isnan(r) if bad == "nan" else not math.isfinite(r)
    if isinstance(r, dict):
        return any(holds(v, bad, seen + 1) for v in r.values())
    if isinstance(r, list | tuple):
        return any(holds(v, bad, seen + 1) for v in r[:50])
    if dataclasses.is_dataclass(r) and not isinstance(r, type):
        return any(holds(getattr(r, f.name), bad, seen + 1) for f in dataclasses.fields(r))
    if isinstance(r, torch.nn.Module):
        return any(holds(p, bad, seen + 1) for p in r.parameters())
    return False


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow


def _call(fn, call: C, limit: int, *, nonfinite_in=False):
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    try:
        with warnings.catch_warnings():
            # inf - inf in a NaN/inf case is IEEE propagation, not a finding
            warnings.simplefilter("ignore" if nonfinite_in else "error", RuntimeWarning)
            return fn(*call.args, **call.kwargs)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _sig_fn(fn):
    return fn.forward if isinstance(fn, torch.nn.Module) else fn


def _names(fn) -> list[str]:
    fn = _sig_fn(fn)
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []


def _names_one(msg: str, names) -> bool:
    return any(re.search(rf"(?<![\w.]){re.escape(n)}(?!\w)", msg) for n in names)


def _replace(fn, call: C, name: str, value) -> C:
    sig = inspect.signature(_sig_fn(fn))
    bound = sig.bind(*call.args, **call.kwargs)
    bound.arguments[name] = value
    return C(*bound.args, fn=call.fn, **bound.kwargs)


def _run_case(fn, call: C, label: str, *, expect, names, nonfinite_in=False, check=None,
              limit=5):
    """None if the case keeps the rule, else a one-line description of what went wrong."""
    try:
        result = _call(fn, call, limit, nonfinite_in=nonfinite_in)
    except (ValueError, TypeError) as e:
        msg = str(e)
        if expect == "ok":
            return f"{label}: raised {type(e).__name__}: {msg[:160]}"
        wanted = names if expect == "any" else [expect]
        if not _names_one(msg, wanted):
            return (f"{label}: {type(e).__name__} names no argument "
                    f"({'/'.join(wanted)}): {msg[:160]}")
        return None
    except _TooSlow:
        return f"{label}: still running after {limit} s (not rejected up front)"
    except Exception as e:  # noqa: BLE001 - every other exception is the finding
        return f"{label}: {type(e).__name__}: {str(e)[:160]}"
    if expect not in ("ok", "any"):
        return f"{label}: returned instead of rejecting {expect}"
    if not nonfinite_in and holds(result, "nan"):
        return f"{label}: silent NaN in the result"
    if check is not None:
        try:
            check(result)
        except AssertionError as e:
            return f"{label}: wrong result: {e}"
    return None


def sweep(target, entry: E, dev) -> tuple[int, list[str]]:
    """Run the cases of ``entry`` against the public callable ``target`` on ``dev``: their
    number, and a line for each case that breaks the rule."""
    call = _resolve(entry.make, dev)
    fn = call.fn or target
    names = _names(fn) + _names(target)
    failures, n = [], 0

    def run(*a, **k):
        nonlocal n
        n += 1
        r = _run_case(*a, **k)
        if r:
            failures.append(r)

    if "valid call" not in entry.skip:
        run(fn, call, "valid call", expect="ok", names=names, check=entry.check, limit=60)
    arrays = (entry.arrays,) if isinstance(entry.arrays, str) else entry.arrays
    for name in arrays:
        bound = inspect.signature(_sig_fn(fn)).bind(*call.args, **call.kwargs).arguments
        value = bound[name]
        for label, mutated, nonfinite in _mutations(value):
            if label in entry.skip or f"{name}:{label}" in entry.skip:
                continue
            run(fn, _replace(fn, call, name, mutated), f"{name} {label}", expect="any",
                names=names, nonfinite_in=nonfinite)
    for name, bads in entry.hyper.items():
        for bad in bads:
            run(fn, _replace(fn, call, name, bad), f"{name}={bad!r}", expect=name, names=names)
    for x in _resolve(entry.extra, dev):
        xc = _resolve(x.make, dev)
        run(xc.fn or target, xc, x.label, expect=x.expect, names=names, check=x.check)
    return n, failures


# ---------------------------------------------------------------- inputs and result checks


def ar(*shape, seed=0):
    """A float64 NumPy array of ``shape`` (the same for the same shape and seed)."""
    return np.random.default_rng(seed + sum(shape)).standard_normal(shape)


def tn(dev, *shape, seed=0):
    """A float64 tensor of ``shape`` on ``dev`` (the same for the same shape and seed)."""
    g = torch.Generator().manual_seed(seed + sum(shape))
    return torch.randn(*shape, dtype=torch.float64, generator=g).to(dev)


def ints(dev, *values):
    """An int64 tensor of ``values`` on ``dev``."""
    return torch.tensor(values, dtype=torch.int64, device=dev)


def zeros_row(r):
    """Attention with a fully masked row: that row's output is exactly zero (documented)."""
    out = r[0] if isinstance(r, tuple) else r
    out = out.detach().cpu().numpy() if isinstance(out, torch.Tensor) else out
    assert np.all(out[1, 0] == 0), f"fully masked row gave {out[1, 0]}"


def finite(r):
    """Every array of the result (or of its tuple, caches left out) is finite."""
    vals = r if isinstance(r, tuple) else (r,)
    for v in vals:
        if isinstance(v, dict):  # a cache
            continue
        v = v.detach().cpu().numpy() if isinstance(v, torch.Tensor) else np.asarray(v)
        assert np.all(np.isfinite(v)), "non-finite result"


BAD_POS = [0, -1.0, NAN, math.inf]            # for a real > 0
BAD_PROB = [-0.1, 1.5, NAN]                   # for a probability
BAD_INT = [0, -1, 2.5]                        # for an int >= 1
BAD_BETA = [-0.1, 1.0, 1.5, NAN]              # for an EWMA weight in [0, 1)


def sweep_module(module: str, builder, dev) -> None:
    """Run the entries that ``builder()`` returns for ``module`` (``"torch.rnn"``) on ``dev``
    and fail, listing every case that breaks the rule."""
    half, name = module.split(".")
    public = module_callables(half, name)
    failures, n_cases, n_fns = [], 0, 0
    with single_thread():
        for fn_name, entry in builder().items():
            qualname = f"{module}.{fn_name}"
            if qualname not in public:  # tests/test_api_coverage.py reports it
                continue
            n, fails = sweep(public[qualname], entry, dev)
            n_fns += 1
            n_cases += n
            failures += [f"{qualname}: {f}" for f in fails]
    counts = summary_counts("bad-input sweep")
    counts["functions"] += n_fns
    counts["cases"] += n_cases
    assert not failures, "\n".join(failures)
