"""Bad-input sweep over the whole public API (issue 10, item 2).

Every public callable of ``dlnotes.numpy`` and ``dlnotes.torch`` (enumerated from the package
by ``tests/public_api.py``) has an entry in ``SWEEP`` or in ``EXEMPT``; ``test_sweep_is_complete``
fails, one test per module, while a callable has neither, so a chapter merged later shows up as
"not yet covered" with the names to add. An entry is a valid call (``C(...)``) plus:

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

The count of functions and cases is written into pytest's terminal summary.

Adding a module: run the suite; the failing ``test_sweep_is_complete[<half>.<module>]`` lists the
names; add one ``"<half>.<module>.<name>": E(C(...valid call...), arrays=..., hyper=...)`` line
for each (or an ``EXEMPT`` line with the reason).
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import re
import signal
import warnings

import numpy as np
import pytest
import torch
from public_api import all_modules, missing_entries, public_callables, report

from dlnotes.torch import classic_networks as cn
from site_tools.markdown_blocks import ROOT

NAN = math.nan
API = public_callables()


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    with cn.single_thread():
        yield


@pytest.fixture(scope="module")
def counts(request):
    return report(request.config, "bad-input sweep")


# --------------------------------------------------------------------------- the table's DSL


class C:
    """A call: positional and keyword arguments, and optionally the callable to use
    (``fn=``; e.g. a module's forward) in place of the table key's own."""

    def __init__(self, *args, fn=None, **kwargs):
        self.args, self.kwargs, self.fn = args, kwargs, fn


@dataclasses.dataclass
class E:
    make: object                                    # device -> C, or a C
    arrays: tuple[str, ...] | str = ()
    hyper: dict = dataclasses.field(default_factory=dict)
    extra: object = ()                              # device -> [X, ...], or a list
    check: object = None                            # result -> None (asserts), for the valid call
    skip: tuple[str, ...] = ()                      # generic mutations that do not apply


@dataclasses.dataclass
class X:
    label: str
    make: object        # device -> C, or a C
    expect: str         # "ok" or the name of the argument the error must name
    check: object = None


def _resolve(x, dev):
    return x(dev) if callable(x) and not isinstance(x, C | X) else x


# ------------------------------------------------------------------------------ mutations


def _is_array(v):
    return isinstance(v, np.ndarray | torch.Tensor)


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


def _has_nan(r, seen=0) -> bool:
    if seen > 4:
        return False
    if isinstance(r, torch.Tensor):
        return bool(r.is_floating_point() and not r.is_meta and torch.isnan(r).any())
    if isinstance(r, np.ndarray):
        return bool(r.dtype.kind in "fc" and np.isnan(r).any())
    if isinstance(r, float):
        return math.isnan(r)
    if isinstance(r, dict):
        return any(_has_nan(v, seen + 1) for v in r.values())
    if isinstance(r, list | tuple):
        return any(_has_nan(v, seen + 1) for v in r[:50])
    if dataclasses.is_dataclass(r) and not isinstance(r, type):
        return any(_has_nan(getattr(r, f.name), seen + 1) for f in dataclasses.fields(r))
    if isinstance(r, torch.nn.Module):
        return any(_has_nan(p, seen + 1) for p in r.parameters())
    return False


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow


def _call(fn, call: C, limit: int = 5, *, nonfinite_in=False):
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


def _run_case(fn, call: C, label: str, *, expect, names, nonfinite_in=False, check=None):
    """None if the case keeps the rule, else a one-line description of what went wrong."""
    try:
        result = _call(fn, call, nonfinite_in=nonfinite_in)
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
        return f"{label}: still running after 5 s (not rejected up front)"
    except Exception as e:  # noqa: BLE001 - every other exception is the finding
        return f"{label}: {type(e).__name__}: {str(e)[:160]}"
    if expect not in ("ok", "any"):
        return f"{label}: returned instead of rejecting {expect}"
    if not nonfinite_in and _has_nan(result):
        return f"{label}: silent NaN in the result"
    if check is not None:
        try:
            check(result)
        except AssertionError as e:
            return f"{label}: wrong result: {e}"
    return None


def sweep(qualname: str, entry: E, dev) -> tuple[int, list[str]]:
    target = API[qualname]
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
        run(fn, call, "valid call", expect="ok", names=names, check=entry.check)
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


# ------------------------------------------------------------------------------ fixtures


def a(*shape, seed=0):
    return np.random.default_rng(seed + sum(shape)).standard_normal(shape)


def t(dev, *shape, seed=0):
    g = torch.Generator().manual_seed(seed + sum(shape))
    return torch.randn(*shape, dtype=torch.float64, generator=g).to(dev)


def ints(dev, *values):
    return torch.tensor(values, dtype=torch.int64, device=dev)


def no_nan(r):
    assert not _has_nan(r)


def zeros_row(r):
    """Attention with a fully masked row: that row's output is exactly zero (documented)."""
    out = r[0] if isinstance(r, tuple) else r
    out = out.detach().cpu().numpy() if isinstance(out, torch.Tensor) else out
    assert np.all(out[1, 0] == 0), f"fully masked row gave {out[1, 0]}"


def finite(r):
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


# ------------------------------------------------------------------------------- NumPy


def _np_attention():
    from dlnotes.numpy import attention as m

    q, k, v = a(2, 3, 4), a(2, 5, 4), a(2, 5, 6)
    Wq, wv = a(4, 7), a(7)
    out, cache = m.scaled_dot_product_attention(q, k, v)
    full_mask = np.ones((2, 3, 5), bool)
    full_mask[1, 0] = False
    return {
        "masked_softmax": E(C(a(2, 3, 5), np.array([2, 0])), arrays=("scores", "valid_lens"),
                            extra=[X("fully masked row", C(a(2, 3, 5), np.array([2, 0])), "ok",
                                     lambda r: np.testing.assert_array_equal(r[1], 0))]),
        "attention_mask": E(C((2, 3, 5), valid_lens=np.array([2, 0])), arrays=("valid_lens",),
                            extra=[X("valid_lens > n_k", C((2, 3, 5), valid_lens=np.array([6, 1])),
                                     "valid_lens")]),
        "nadaraya_watson": E(C(a(5), a(6), a(6)), arrays=("x_query", "x_keys", "y_values"),
                             hyper={"width": BAD_POS, "kernel": ["box"]}),
        "nadaraya_watson_width_grad": E(C(a(5), a(6), a(6), a(5), 1.0),
                                        arrays=("x_query", "x_keys", "y_values", "y_target"),
                                        hyper={"width": BAD_POS}),
        "synthetic_regression": E(C(10), hyper={"n": BAD_INT, "noise": [-1.0, NAN]}),
        "fit_width": E(C(np.sort(a(10)), a(10), steps=3), arrays=("x", "y"),
                       hyper={"width": BAD_POS, "lr": BAD_POS, "steps": [-1, 2.5]}),
        "additive_attention": E(C(q, a(2, 5, 3), v, Wq, a(3, 7), wv),
                                arrays=("queries", "keys", "values", "W_q", "W_k", "w_v")),
        "additive_attention_backward": E(C(a(2, 3, 6), q, a(2, 5, 3), v, Wq, a(3, 7), wv),
                                         arrays=("d_out", "queries", "values", "w_v")),
        "scaled_dot_product_attention": E(
            C(q, k, v), arrays=("queries", "keys", "values"), hyper={"scale": [NAN, math.inf]},
            extra=[X("fully masked row", C(q, k, v, mask=full_mask), "ok", zeros_row),
                   X("mask wrong shape", C(q, k, v, mask=np.ones((2, 4), bool)), "mask")]),
        "scaled_dot_product_attention_backward": E(C(a(2, 3, 6), cache), arrays=("d_out",)),
    }


def _np_attention_multi_head():
    q, Wq = a(2, 3, 4), a(4, 7)
    mha = {f"W_{n}": a(8, 8, seed=i) for i, n in enumerate("qkvo")}
    mha.update({f"b_{n}": a(8, seed=i) for i, n in enumerate("qkvo")})

    return {
        "self_attention": E(C(q, Wq, Wq, a(4, 6)), arrays=("X", "W_q", "W_k", "W_v")),
        "multi_head_attention": E(C(a(2, 3, 8), a(2, 5, 8), a(2, 5, 8), mha, 2),
                                  arrays=("query", "key", "value"),
                                  hyper={"num_heads": [0, 3, 2.0]}),
        "positional_encoding": E(C(6, 4), hyper={"max_len": BAD_INT, "d": [0, 3], "base": BAD_POS}),
        "positional_shift_matrix": E(C(2, 4), hyper={"d": [0, 3], "base": BAD_POS}),
    }


def _np_batch_norm():
    from dlnotes.numpy import batch_norm as m

    Z, g, b = a(3, 8), np.ones((3, 1)), np.zeros((3, 1))
    X4 = a(2, 3, 3, 4)
    _, cache = m.batchnorm_forward(Z, g, b)
    _, ccache = m.conv_batchnorm_forward(X4, np.ones(4), np.zeros(4))
    const = np.full((3, 8), 7.0)
    return {
        "batchnorm_forward": E(C(Z, g, b), arrays=("Z", "gamma", "beta"), hyper={"eps": BAD_POS},
                               extra=[X("constant batch", C(const, g, b), "ok", finite)]),
        "batchnorm_backward": E(C(a(3, 8, seed=1), cache), arrays=("dZ_tilde",)),
        "batchnorm_inference": E(C(Z, g, b, a(3, 1), np.ones((3, 1))),
                                 arrays=("Z", "gamma", "beta", "running_mean", "running_var"),
                                 hyper={"eps": BAD_POS},
                                 extra=[X("negative running_var",
                                          C(Z, g, b, a(3, 1), -np.ones((3, 1))), "running_var")]),
        "conv_batchnorm_forward": E(C(X4, np.ones(4), np.zeros(4)), arrays=("X", "gamma", "beta"),
                                    hyper={"eps": BAD_POS},
                                    extra=[X("constant batch", C(np.full((2, 3, 3, 4), -3.0),
                                             np.ones(4), np.zeros(4)), "ok", finite)]),
        "conv_batchnorm_backward": E(C(a(2, 3, 3, 4, seed=1), ccache), arrays=("dX_tilde",)),
        "BatchNorm": E(C(3), hyper={"num_features": BAD_INT, "layout": ["nchw"], "eps": BAD_POS,
                                    "avg_beta": BAD_BETA}),
        "Network": E(C([4, 5, 3], batch_norm=True),
                     hyper={"layer_dims": [[4], [4, 0, 3]], "init_scale": BAD_POS,
                            "l2": [-1.0, NAN], "keep_prob": [0.0, 1.5, NAN],
                            "avg_beta": BAD_BETA}),
        "digits_data": E(C(0)),
        "sensitivity_sweep": E(C([0.1], [1.0], False, epochs=1),
                               hyper={"learning_rates": [[0.0], [-1.0]], "init_scales": [[-1.0]],
                                      "epochs": BAD_INT, "batch_size": BAD_INT}),
    }


def _np_cost_regularization():
    from dlnotes.numpy import cost_regularization as m

    params = {"W1": a(4, 3), "b1": a(4, 1), "W2": a(2, 4), "b2": a(2, 1)}
    A, cache = m.mlp_forward(a(3, 5), params)
    return {
        "sigmoid": E(C(a(3, 4)), arrays=("z",),
                     extra=[X("z = +-1e4", C(np.array([-1e4, 1e4])), "ok", finite)]),
        "relu": E(C(a(3, 4)), arrays=("z",)),
        "activation_forward": E(C(a(3, 4), "tanh"), arrays=("Z",), hyper={"activation": ["elu"]}),
        "activation_backward": E(C(a(3, 4), a(3, 4, seed=1), "relu"), arrays=("dA", "Z"),
                                 hyper={"activation": ["elu"]}),
        "linear_forward": E(C(a(3, 5), a(4, 3), a(4, 1)), arrays=("A_prev", "W", "b")),
        "linear_backward": E(C(a(4, 5), a(3, 5), a(4, 3)), arrays=("dZ", "A_prev", "W")),
        "mlp_forward": E(C(a(3, 5), params), arrays=("X",),
                         hyper={"hidden": ["elu"], "output": ["elu"], "params": [{}]}),
        "mlp_backward": E(C(a(2, 5), cache, params), arrays=("dAL",)),
        "squared_error_cost": E(C(a(2, 5), a(2, 5, seed=1)), arrays=("Y_hat", "Y")),
        "logistic_cost": E(C(a(1, 5), (a(1, 5) > 0).astype(float)), arrays=("Z", "Y"),
                           extra=[X("logits +-1e4", C(np.array([[1e4, -1e4]]),
                                                      np.array([[0.0, 1.0]])), "ok", finite)]),
        "l2_penalty": E(C(params, 0.1, 5), hyper={"lambd": [-1.0, NAN], "m": BAD_INT}),
        "l1_penalty": E(C(params, 0.1, 5), hyper={"lambd": [-1.0, NAN], "m": BAD_INT}),
        "penalty": E(C(params, 0.1, 5), hyper={"lambd": [-1.0], "m": BAD_INT, "kind": ["l3"]}),
        "penalty_gradients": E(C(params, 0.1, 5),
                               hyper={"lambd": [-1.0], "m": BAD_INT, "kind": ["l3"]}),
        "regularized_cost": E(C(1.0, params, 0.1, 5),
                              hyper={"data_cost": [NAN], "lambd": [-1.0], "m": BAD_INT,
                                     "kind": ["l3"]}),
        "weight_decay": E(C(0.1, 5), hyper={"lambd": [-1.0, NAN], "m": BAD_INT}),
        "gradient_descent_step": E(lambda d: C(dict(params), {k: np.ones_like(v)
                                                             for k, v in params.items()},
                                                            0.1, 0.1, 5),
                                   hyper={"lr": BAD_POS, "lambd": [-1.0], "m": BAD_INT,
                                          "kind": ["l3"]}),
        "polynomial_features": E(C(np.linspace(-1, 1, 5), 3), arrays=("x",),
                                 hyper={"degree": BAD_INT}),
        "ridge_fit": E(C(a(2, 6), a(1, 6), 0.1), arrays=("X", "Y"), hyper={"lambd": [-1.0, NAN]}),
        "lasso_fit": E(C(a(2, 6), a(1, 6), 0.1, sweeps=50), arrays=("X", "Y"),
                       hyper={"lambd": [-1.0, NAN], "sweeps": BAD_INT, "tol": [-1.0, NAN]}),
        "predict_linear": E(C(a(2, 6), a(1, 2), 0.5), arrays=("X", "w"), hyper={"b": [NAN]}),
        "overfitting_data": E(C(5, 7), hyper={"m_train": BAD_INT, "m_dev": BAD_INT,
                                              "noise": [-1.0, NAN]}),
    }


def _np_dropout():
    from dlnotes.numpy import dropout as m

    params = {"W1": a(4, 3), "b1": a(4, 1), "W2": a(2, 4), "b2": a(2, 1)}
    rng = np.random.default_rng(0)
    mask = m.dropout_mask((3, 4), 0.8, rng)
    _, cache = m.dropout_mlp_forward(a(3, 5), params, 0.8, np.random.default_rng(0))
    return {
        "dropout_mask": E(lambda d: C((3, 4), 0.8, np.random.default_rng(0)),
                          hyper={"keep_prob": [0.0, 1.5, NAN], "shape": [(3, -1)]}),
        "dropout_forward": E(lambda d: C(a(3, 4), 0.8, np.random.default_rng(0)), arrays=("A",),
                             hyper={"keep_prob": [0.0, 1.5, NAN]}),
        "dropout_backward": E(C(a(3, 4), mask, 0.8), arrays=("dout", "mask"),
                              hyper={"keep_prob": [0.0, 1.5, NAN]}),
        "dropout_mlp_forward": E(lambda d: C(a(3, 5), params, 0.8, np.random.default_rng(0)),
                                 arrays=("X",), hyper={"keep_prob": [0.0, 1.5, NAN],
                                                       "hidden": ["elu"]}),
        "dropout_mlp_backward": E(C(a(2, 5), cache, params), arrays=("dAL",)),
    }


def _np_gradient_checking():
    from dlnotes.numpy import gradient_checking as m

    p = {"w": a(3)}

    def f():
        return float(np.sum(p["w"] ** 2))

    params = m.init_two_layer(3, 4)
    X_, Y_ = a(3, 5), (a(1, 5) > 0).astype(float)
    _, cache = m.two_layer_cost(params, X_, Y_)
    return {
        "numerical_gradient": E(C(f, p), hyper={"eps": BAD_POS, "params": [{"w": "abc"}]}),
        "relative_error": E(C(a(3), a(3, seed=1)), arrays=("approx", "exact"),
                            hyper={"floor": [-1.0, NAN]}),
        "check_gradients": E(C(f, p, {"w": 2 * p["w"]}), hyper={"eps": BAD_POS,
                                                                "grads": [{"v": a(3)}]}),
        "verdict": E(C(1e-8), hyper={"error": [-1.0, NAN, "x"]}),
        "GradCheck": E(C({"w": 1e-9}, 1e-9, ("w", (0,)))),
        "compare": E(C({"w": a(3)}, {"w": a(3, seed=1)}),
                     hyper={"exact": [{"v": a(3)}, {"w": a(4)}], "floor": [-1.0]}),
        "grad_check": E(C(f, p, {"w": 2 * p["w"]}), hyper={"eps": BAD_POS, "floor": [-1.0]}),
        "kink_distance": E(C(a(3, 4)), arrays=("z",)),
        "away_from_kinks": E(C(a(3, 4), 0.1), arrays=("x",), hyper={"margin": [-1.0, NAN]}),
        "init_two_layer": E(C(3, 4), hyper={"n_x": BAD_INT, "n_h": BAD_INT}),
        "two_layer_cost": E(C(params, X_, Y_), arrays=("X", "Y")),
        "two_layer_backward": E(C(params, cache, Y_), arrays=("Y",)),
    }


def _np_gru_lstm():
    from dlnotes.numpy import gru_lstm as m

    pg, pl = m.init_params("gru", 3, 4), m.init_params("lstm", 3, 4)
    xt, h = a(3, 5), a(4, 5)
    _, gcache = m.gru_cell_forward(xt, h, pg)
    _, _, lcache = m.lstm_cell_forward(xt, h, a(4, 5, seed=1), pl)
    x = a(3, 5, 6)
    _, gcaches = m.gru_forward(x, h, pg)
    _, _, lcaches = m.lstm_forward(x, h, pl)
    return {
        "init_params": E(C("gru", 3, 4), hyper={"kind": ["rnn"], "n_x": BAD_INT, "n_a": BAD_INT,
                                                "scale": [-1.0, NAN]}),
        "gru_cell_forward": E(C(xt, h, pg), arrays=("xt", "c_prev")),
        "gru_cell_backward": E(C(a(4, 5, seed=2), gcache), arrays=("dc_next",)),
        "lstm_cell_forward": E(C(xt, h, a(4, 5, seed=1), pl), arrays=("xt", "a_prev", "c_prev")),
        "lstm_cell_backward": E(C(a(4, 5, seed=2), a(4, 5, seed=3), lcache),
                                arrays=("da_next", "dc_next")),
        "gru_forward": E(C(x, h, pg), arrays=("x", "c0")),
        "gru_backward": E(C(a(4, 5, 6), gcaches), arrays=("da",)),
        "lstm_forward": E(C(x, h, pl), arrays=("x", "a0")),
        "lstm_backward": E(C(a(4, 5, 6), lcaches), arrays=("da",)),
        "lstm_torch_layout": E(C(pl), hyper={"params": [pg, {}]}),
    }


def _np_hyperparameter_tuning():
    from dlnotes.numpy import hyperparameter_tuning as m

    space = {"x": m.Param(0.0, 1.0), "y": m.Param(1e-3, 1.0, "log")}

    def obj(x, y):
        return (x - 0.3) ** 2 + y

    W, b, Xd, yd = a(3, 4), a(3, 1), a(4, 6), np.array([0, 1, 2, 0, 1, 2])
    return {
        "Param": E(C(0.0, 1.0), hyper={"low": [2.0, NAN], "high": [-1.0, NAN],
                                       "scale": ["exp"]},
                   extra=[X("log scale with low <= 0", C(0.0, 1.0, "log"), "low")]),
        "Trial": E(C({"x": 0.5}, 0.1)),
        "evaluate": E(C(obj, [{"x": 0.5, "y": 0.1}]), hyper={"objective": [None]}),
        "random_search": E(C(obj, space, 4), hyper={"n_trials": BAD_INT, "space": [{}]}),
        # the message says "n must be ..." (Param.grid's argument), a wording that
        # tests/test_hyperparameter_tuning.py pins; reported rather than changed here
        "grid_search": E(C(obj, space, 3), hyper={"space": [{}]},
                         extra=[X(f"points_per_axis={v!r}", C(obj, space, v), "n")
                                for v in BAD_INT]),
        "coarse_to_fine": E(C(obj, space, 3), hyper={"n_trials": BAD_INT, "rounds": BAD_INT,
                                                     "width": [0.0, 1.5, NAN]}),
        "load_digits_split": E(C(0)),
        "softmax_cost_and_grads": E(C(W, b, Xd, yd), arrays=("W", "b", "X", "y"),
                                    hyper={"lam": [-1.0, NAN]}),
        "train_softmax": E(C(a(4, 6), yd, alpha=0.1, beta=0.9, lam=0.0, epochs=1),
                           arrays=("X", "y"),
                           hyper={"alpha": BAD_POS, "beta": BAD_BETA, "lam": [-1.0, NAN],
                                  "epochs": BAD_INT, "batch_size": BAD_INT}),
        "accuracy": E(C(W, b, Xd, yd), arrays=("W", "X", "y")),
        "digits_objective": E(C((a(4, 6), yd, a(4, 6), yd)), hyper={"epochs": BAD_INT}),
    }


def _np_initialization():
    from dlnotes.numpy import initialization as m

    params = m.initialize_parameters([3, 4, 2])

    def rng():
        return np.random.default_rng(0)

    bad_shape = [(3, 0), (3,), ()]
    return {
        "fans": E(C((4, 3)), hyper={"shape": [(), (3, 0), (2.5, 3)]}),
        "naive_normal": E(lambda d: C((4, 3), rng()), hyper={"shape": bad_shape,
                                                             "scale": [-1.0, NAN]}),
        "lecun_normal": E(lambda d: C((4, 3), rng()), hyper={"shape": bad_shape}),
        "xavier_normal": E(lambda d: C((4, 3), rng()), hyper={"shape": bad_shape,
                                                              "gain": [-1.0, NAN]}),
        "xavier_uniform": E(lambda d: C((4, 3), rng()), hyper={"shape": bad_shape,
                                                               "gain": [-1.0, NAN]}),
        "he_normal": E(lambda d: C((4, 3), rng()), hyper={"shape": bad_shape}),
        "he_uniform": E(lambda d: C((4, 3), rng()), hyper={"shape": bad_shape}),
        "initialize_parameters": E(C([3, 4, 2]), hyper={"layer_dims": [[3], [3, 0, 2], [3, 2.5]],
                                                        "method": ["orthogonal"],
                                                        "scale": [-1.0, NAN]}),
        "scale_by_depth": E(C(params, a(3, 5)), arrays=("X",), hyper={"hidden": ["elu"]}),
        "deep_linear_identity": E(C(0.9, 5, a(3, 2)), arrays=("x",),
                                  hyper={"c": [NAN], "depth": BAD_INT}),
    }


def _np_mini_batch():

    Xc, Yc = a(3, 10), (a(1, 10) > 0).astype(float)
    return {
        "num_mini_batches": E(C(10, 3), hyper={"m": [-1, 2.5], "batch_size": BAD_INT}),
        "random_mini_batches": E(C(Xc, Yc, 4), arrays=("X", "Y"), hyper={"batch_size": BAD_INT}),
        "logistic_cost_and_grads": E(C(a(3, 1), 0.1, Xc, Yc), arrays=("w", "X", "Y"),
                                     hyper={"b": [NAN]}),
        "train_logistic": E(C(Xc, Yc, batch_size=4, lr=0.1, epochs=2), arrays=("X", "Y"),
                            hyper={"batch_size": BAD_INT, "lr": BAD_POS, "epochs": BAD_INT}),
        "make_classification": E(C(20, 3), hyper={"m": BAD_INT, "n_x": BAD_INT}),
    }


def _np_ml_strategy():

    y = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    imgs = np.abs(a(4, 8, 8))
    return {
        "split_sizes": E(C(10, (0.6, 0.2, 0.2)),
                         hyper={"m": [-1, 2.5], "ratios": [(0.5, 0.6), (-0.1, 1.1), (), (NAN, 1)]}),
        "stratified_split": E(C(y, (0.6, 0.4)), arrays=("y",), hyper={"ratios": [(0.5, 0.6)]}),
        "Diagnosis": E(C(0.01, 0.02, None, None, "bias")),
        "error_analysis": E(C(0.01, 0.05, 0.1), hyper={"human": [-0.1, 1.5, NAN],
                                                      "train": [-0.1, 1.5, NAN],
                                                      "dev": [1.5, NAN]}),
        "diagnosis_table": E(C({"a": {"human": 0.01, "train": 0.05, "dev": 0.1}}),
                             hyper={"cases": [{"a": {"human": 0.01}}, {"a": {"cat": 0.1}}]}),
        "confusion_matrix": E(C(y, y[::-1].copy()), arrays=("y_true", "y_pred"),
                              hyper={"n_classes": [0, 2, 2.5]}),
        "top_confusions": E(C(np.arange(9).reshape(3, 3), 2), arrays=("cm",),
                            hyper={"k": [-1, 2.5]}),
        "error_categories": E(C(np.eye(3, dtype=bool), ["a", "b", "c"], 0.1), arrays=("tags",),
                              hyper={"dev_error": [-0.1, 1.5, NAN]},
                              extra=[X("fewer names than categories",
                                       C(np.eye(3, dtype=bool), ["a"], 0.1), "tags")]),
        "weighted_error": E(C(y, y[::-1].copy(), np.ones(10)),
                            arrays=("y_true", "y_pred", "weights"),
                            extra=[X("negative weights", C(y, y, -np.ones(10)), "weights"),
                                   X("zero weights", C(y, y, np.zeros(10)), "weights")]),
        "blur": E(C(imgs), arrays=("images",)),
        "shift": E(C(imgs, np.array([[1, 0], [0, -1], [2, 2], [0, 0]])),
                   arrays=("images", "offsets")),
        "add_noise": E(C(imgs, 1.0), arrays=("images",), hyper={"std": [-1.0, NAN]}),
        "distort": E(C(imgs), arrays=("images",), hyper={"noise_std": [-1.0, NAN]}),
        "flip_labels": E(C(y, 0.3, 3), arrays=("y",), hyper={"rate": BAD_PROB,
                                                            "n_classes": [0, 1, 2.5]}),
        "MismatchResult": E(C({"train": 0.1}, y, y, y, y)),
        "mismatch_experiment": E(C(False), hyper={"synthesize": ["yes"]}, skip=("valid call",)),
    }


def _np_optimization():
    from dlnotes.numpy import optimization as m

    def bowl(w):
        return m.elongated_bowl(w)

    return {
        "ewma": E(C(a(6, 2), 0.9), arrays=("theta",), hyper={"beta": BAD_BETA}),
        "effective_window": E(C(0.9), hyper={"beta": BAD_BETA}),
        "elongated_bowl": E(C(np.array([1.0, 1.0])), arrays=("w",),
                            hyper={"steepness": BAD_POS}),
        # w0's valid shapes are whatever ``gradient`` accepts: its own error names its ``w``
        "descend": E(lambda d: C(m.Adam(0.1), np.array([1.0, 1.0]), bowl, 3), arrays=("w0",),
                     skip=("rank+", "rank-", "empty", "shrink"),
                     hyper={"steps": [-1, 2.5], "optimizer": ["adam"]}),
        "Optimizer": E(C(0.1), hyper={"lr": BAD_POS}),
        "GradientDescent": E(C(0.1), hyper={"lr": BAD_POS}),
        "Momentum": E(C(0.1), hyper={"lr": BAD_POS, "beta": BAD_BETA, "convention": ["nesterov"]}),
        "RMSprop": E(C(0.1), hyper={"lr": BAD_POS, "beta": BAD_BETA, "eps": BAD_POS}),
        "Adam": E(C(0.1), hyper={"lr": BAD_POS, "beta1": BAD_BETA, "beta2": BAD_BETA,
                                 "eps": BAD_POS}),
        "inverse_time_decay": E(C(0.1, np.arange(4)), arrays=("epoch",),
                                hyper={"alpha0": BAD_POS, "decay_rate": [-1.0, NAN]},
                                extra=[X("negative epoch", C(0.1, -1), "epoch")]),
        "exponential_decay": E(C(0.1, np.arange(4)), arrays=("epoch",),
                               hyper={"alpha0": BAD_POS, "base": [0.0, 1.5, NAN]}),
        "inverse_sqrt_decay": E(C(0.1, np.arange(1, 5)), arrays=("t",),
                                hyper={"alpha0": BAD_POS, "k": BAD_POS},
                                extra=[X("t = 0", C(0.1, 0), "t")]),
        "staircase_decay": E(C(0.1, np.arange(4), decay_step=2), arrays=("epoch",),
                             hyper={"alpha0": BAD_POS, "decay_step": BAD_INT,
                                    "base": [0.0, 1.5, NAN]}),
    }


def _np_rnn():
    from dlnotes.numpy import rnn as m
    from dlnotes.numpy import rnn_experiment as mx

    p = m.init_params(3, 4, 2)
    xt, h = a(3, 5), a(4, 5)
    _, cache = m.rnn_cell_forward(xt, h, p)
    x = a(3, 5, 6)
    A_, caches = m.rnn_forward(x, h, p)
    yh = m.output_forward(A_, p["Wya"], p["by"])
    yy = (a(2, 5, 6) > 0).astype(float)
    vocab = mx.CharVocab(["ab", "ba"])
    grads = {"dW": a(3, 3) * 10}
    layers = [m.init_params(3, 4, 2), m.init_params(4, 4, 2, seed=1)]
    return {
        "stack_weights": E(C(a(4, 4), a(4, 3)), arrays=("Waa", "Wax")),
        "split_weights": E(C(a(4, 7), 4), arrays=("Wa",), hyper={"n_a": [0, 2.5]}),
        "init_params": E(C(3, 4, 2), hyper={"n_x": BAD_INT, "n_a": BAD_INT, "n_y": BAD_INT,
                                            "scale": [-1.0, NAN]}),
        "rnn_cell_forward": E(C(xt, h, p), arrays=("xt", "a_prev"), hyper={"params": [{}]}),
        "rnn_cell_backward": E(C(a(4, 5, seed=1), cache), arrays=("da_next",)),
        "rnn_forward": E(C(x, h, p), arrays=("x", "a0")),
        "rnn_backward": E(C(a(4, 5, 6), caches), arrays=("da",)),
        "output_forward": E(C(A_, p["Wya"], p["by"]), arrays=("a", "Wya", "by"),
                            hyper={"activation": ["relu"]}),
        "output_backward": E(C(yh, yy, A_, p["Wya"]), arrays=("y_hat", "y", "a", "Wya")),
        "sequence_loss": E(C(yh, yy), arrays=("y_hat", "y"),
                           hyper={"activation": ["relu"], "eps": [-1.0, NAN]}),
        "loss_and_grads": E(C(p, x, yy), arrays=("x", "y"), hyper={"activation": ["relu"]}),
        "clip_by_value": E(C(grads, 5.0), hyper={"max_value": BAD_POS}),
        "clip_by_norm": E(C(grads, 5.0), hyper={"max_norm": BAD_POS}),
        "birnn_forward": E(C(x, h, h, p, m.init_params(3, 4, 2, seed=1)),
                           arrays=("x", "a0_fwd", "a0_bwd")),
        "deep_rnn_forward": E(C(x, [h, h], layers), arrays=("x",), hyper={"a0s": [[h]]}),
        "sample": E(C(m.init_params(len(vocab), 4, len(vocab)), vocab, 2),
                    hyper={"n": [-1, 2.5], "max_len": BAD_INT}),
    }


def _np_rnn_experiment():
    return {
        "CharVocab": E(C(["ab", "ba"]), hyper={"words": [[], ["a\nb"], "ab"]}),
        "train_char_lm": E(C(["ab", "ba"], n_a=4, steps=2),
                           hyper={"words": [[]], "n_a": BAD_INT, "steps": [-1, 2.5],
                                  "lr": BAD_POS, "clip": BAD_POS}),
    }


def _np_softmax_regression():

    Z, y = a(3, 5), np.array([0, 1, 2, 1, 0])
    big = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0], [0.0, 0.0, 1e4]])
    return {
        "softmax": E(C(Z), arrays=("z",), extra=[X("logits +-1e4", C(big), "ok", finite)]),
        "log_softmax": E(C(Z), arrays=("z",), extra=[X("logits +-1e4", C(big), "ok", finite)]),
        "one_hot": E(C(y, 3), arrays=("labels",), hyper={"num_classes": [0, 2.5]}),
        "cross_entropy": E(C(Z, y), arrays=("Z", "y"),
                           extra=[X("logits +-1e4", C(big, np.array([1, 0, 2])), "ok", finite),
                                  X("label out of range", C(Z, y + 3), "y")]),
        "cross_entropy_backward": E(C(Z, y), arrays=("Z", "y"),
                                    extra=[X("logits +-1e4", C(big, np.array([1, 0, 2])), "ok",
                                             finite)]),
        "SoftmaxRegression": E(C(4, 3), hyper={"n_x": BAD_INT, "n_classes": [0, 2.5]}),
    }


def _np_transfer_multitask():
    Z = a(3, 5)
    Y = (a(3, 5, seed=1) > 0).astype(float)
    Y[0, 1] = NAN
    big = np.array([[1e4, -1e4], [-1e4, 1e4]])
    allnan = np.full((3, 5), NAN)
    return {
        "masked_bce_with_logits": E(
            C(Z, Y), arrays=("Z", "Y"), hyper={"reduction": ["sum"]}, skip=("Y:nan",),
            extra=[X("logits +-1e4", C(big, np.array([[0.0, 1.0], [1.0, 0.0]])), "ok", finite),
                   X("every label missing", C(Z, allnan), "ok", finite)]),
        "masked_bce_with_logits_backward": E(
            C(Z, Y), arrays=("Z", "Y"), hyper={"reduction": ["sum"]}, skip=("Y:nan",),
            extra=[X("every label missing", C(Z, allnan), "ok", finite)]),
        "synthetic_digits": E(C(np.arange(3), 0), arrays=("labels",), hyper={"seed": ["a", 2.5]},
                              extra=[X("label 10", C(np.array([3, 10])), "labels")]),
    }


# ------------------------------------------------------------------------------- torch


def _t_attention():
    from dlnotes.torch import attention as m

    def mha(d):
        return m.MultiHeadAttention(8, 2, dtype=torch.float64, device=d)

    def full_mask(d):
        mk = torch.ones(2, 3, 5, dtype=torch.bool, device=d)
        mk[1, 0] = False
        return mk

    def nw(d):
        return m.NadarayaWatson(1.0, dtype=torch.float64, device=d)

    def add(d):
        return m.AdditiveAttention(4, 3, 7, dtype=torch.float64, device=d,
                                   generator=torch.Generator().manual_seed(0))

    return {
        "attention_mask": E(lambda d: C((2, 3, 5), valid_lens=ints(d, 2, 0), device=d),
                            arrays=("valid_lens",),
                            extra=lambda d: [X("valid_lens > n_k",
                                               C((2, 3, 5), valid_lens=ints(d, 6, 1)),
                                               "valid_lens")]),
        "masked_softmax": E(lambda d: C(t(d, 2, 3, 5), ints(d, 2, 0)),
                            arrays=("scores", "valid_lens"),
                            extra=lambda d: [X("fully masked row", C(t(d, 2, 3, 5), ints(d, 2, 0)),
                                               "ok", zeros_row)]),
        "scaled_dot_product_attention": E(
            lambda d: C(t(d, 2, 3, 4), t(d, 2, 5, 4), t(d, 2, 5, 6)),
            arrays=("queries", "keys", "values"), hyper={"scale": [NAN, math.inf]},
            extra=lambda d: [X("fully masked row", C(t(d, 2, 3, 4), t(d, 2, 5, 4), t(d, 2, 5, 6),
                                                     mask=full_mask(d)), "ok", zeros_row)]),
        "NadarayaWatson": E(lambda d: C(t(d, 5), t(d, 6), t(d, 6), fn=nw(d)),
                            arrays=("x_query", "x_keys", "y_values"),
                            extra=[X("width <= 0", C(0.0), "width"),
                                   X("width nan", C(NAN), "width")]),
        "AdditiveAttention": E(lambda d: C(t(d, 2, 3, 4), t(d, 2, 5, 3), t(d, 2, 5, 6), fn=add(d)),
                               arrays=("queries", "keys", "values"),
                               extra=[X("h = 0", C(4, 3, 0), "h"), X("d_q = 2.5", C(2.5, 3, 4),
                                                                    "d_q")]),
        "MultiHeadAttention": E(lambda d: C(t(d, 2, 3, 8), t(d, 2, 5, 8), t(d, 2, 5, 8),
                                            fn=mha(d)),
                                arrays=("query", "key", "value"),
                                extra=[X("num_heads = 3", C(8, 3), "num_heads"),
                                       X("d_model = 0", C(0, 1), "d_model")]),
        "positional_encoding": E(C(6, 4), hyper={"max_len": BAD_INT, "d": [0, 3],
                                                 "base": BAD_POS}),
    }


def _t_batch_norm():
    from dlnotes.torch import batch_norm as m

    def bn(d):
        return m.BatchNorm(3).to(d, torch.float64)

    return {
        "batch_norm": E(lambda d: C(t(d, 8, 3), torch.ones(3, dtype=torch.float64, device=d),
                                    torch.zeros(3, dtype=torch.float64, device=d)),
                        arrays=("x", "gamma", "beta"),
                        hyper={"eps": BAD_POS, "momentum": [-0.1, 1.5, NAN]},
                        extra=lambda d: [X("constant batch", C(
                            torch.full((8, 3, 2, 2), 5.0, dtype=torch.float64, device=d),
                            torch.ones(3, dtype=torch.float64, device=d),
                            torch.zeros(3, dtype=torch.float64, device=d)), "ok", finite)]),
        "BatchNorm": E(lambda d: C(t(d, 8, 3, 4), fn=bn(d)), arrays=("x",),
                       extra=[X("num_features = 0", C(0), "num_features"),
                              X("eps = 0", C(3, eps=0.0), "eps"),
                              X("momentum = 2", C(3, momentum=2.0), "momentum")]),
        "sigmoid_mlp": E(C(True), hyper={"n_in": BAD_INT, "n_out": BAD_INT,
                                         "hidden": [(0,), (2.5,)]},
                         extra=[X("batch_norm = 1", C(1), "batch_norm")]),
        # trains for a minute: only the up-front argument checks are swept
        "training_curves": E(C(True), skip=("valid call",),
                             hyper={"lr": BAD_POS, "iterations": [*BAD_INT, 15],
                                    "batch_size": BAD_INT, "every": BAD_INT, "seeds": [(), (-1,)]}),
    }


def _t_classic_networks():
    from dlnotes.torch import classic_networks as m

    def tiny():
        return torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.Flatten(),
                                   torch.nn.Linear(2 * 6 * 6, 3)).double()

    # The blocks' forward passes are compositions of PyTorch layers, and ensemble_predict,
    # multi_crop_predict and train_classifier hand x to the caller's model: a wrong input
    # there gets PyTorch's own layer error. Their arguments and constructors are swept; the
    # generic mutations of the tensor they pass on to the layers are not.
    layer_errors = ("rank+", "rank-", "dtype int64", "numpy array", "empty", "shrink")

    def img(d, n=2):
        return t(d, n, 1, 8, 8)

    lbl = lambda d: ints(d, 0, 2)  # noqa: E731
    return {
        # dataclasses of results: fields are filled by layer_table, nothing to check
        "LayerRow": E(C("conv", "Conv2d", (2, 6, 6), 72, 20, 100)),
        "LayerTable": E(C()),
        "layer_table": E(C(torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU()),
                           (1, 8, 8)), hyper={"input_shape": [(), (1, 0, 8)],
                                                      "depth": [-1, 2.5]}),
        "count_parameters": E(C(tiny()), hyper={"model": ["net"]}),
        "on_meta": E(C(m.lenet5), hyper={"build": ["lenet5"]}),
        "conv_multiplications": E(C((8, 28, 28), 5, 3),
                                  hyper={"out_shape": [(8, 28), (0, 2, 2)], "kernel": [0, (3,)],
                                         "in_channels": BAD_INT, "groups": [0, 2]}),
        "nn_example": E(C(10), hyper={"num_classes": BAD_INT}),
        "lenet5": E(C(10), hyper={"num_classes": BAD_INT, "in_channels": BAD_INT,
                                  "activation": ["elu"]}),
        "alexnet": E(C(10), hyper={"num_classes": BAD_INT, "variant": ["v2"]}),
        "vgg16": E(C(10), hyper={"num_classes": BAD_INT}),
        "BasicBlock": E(lambda d: C(t(d, 2, 4, 6, 6),
                                    fn=m.BasicBlock(4, 8, stride=2).double().to(d)),
                        skip=layer_errors, arrays=("a",),
                        extra=[X("stride 0", C(4, 8, 0), "stride"),
                               X("channels 0", C(4, 0), "channels")]),
        "Bottleneck": E(lambda d: C(t(d, 2, 4, 6, 6), fn=m.Bottleneck(4, 2).double().to(d)),
                        skip=layer_errors, arrays=("a",),
                        extra=[X("stride 0", C(4, 2, 0), "stride")]),
        "ResNet": E(C(m.BasicBlock, [1, 1, 1, 1], num_classes=3, width=4, stem="small"),
                    hyper={"layers": [[1, 0, 1, 1]], "num_classes": BAD_INT,
                           "width": BAD_INT, "stem": ["tiny"], "block": [torch.nn.Linear]}),
        "resnet18": E(C(3, width=4), hyper={"num_classes": BAD_INT}),
        "resnet34": E(C(3, width=4), hyper={"num_classes": BAD_INT}),
        "resnet50": E(C(3, width=4), hyper={"num_classes": BAD_INT}),
        "DenseLayer": E(lambda d: C(t(d, 2, 4, 6, 6), fn=m.DenseLayer(4, 3).double().to(d)),
                        skip=layer_errors, arrays=("x",),
                        extra=[X("growth_rate 0", C(4, 0), "growth_rate")]),
        "DenseBlock": E(lambda d: C(t(d, 2, 4, 6, 6), fn=m.DenseBlock(2, 4, 3).double().to(d)),
                        skip=layer_errors, arrays=("x",),
                        extra=[X("num_layers 0", C(0, 4, 3), "num_layers")]),
        "Transition": E(lambda d: C(t(d, 2, 4, 6, 6), fn=m.Transition(4, 2).double().to(d)),
                        skip=layer_errors, arrays=("x",),
                        extra=[X("out_channels 0", C(4, 0), "out_channels")]),
        "densenet121": E(C(10), hyper={"num_classes": BAD_INT}),
        "InceptionModule": E(lambda d: C(t(d, 2, 4, 6, 6),
                                         fn=m.InceptionModule(4, 2, 2, 3, 1, 2, 2).double().to(d)),
                             skip=layer_errors, arrays=("x",),
                             extra=[X("c1 0", C(4, 0, 2, 3, 1, 2, 2), "c1")]),
        "ten_crop": E(lambda d: C(img(d), 6), arrays=("x",), hyper={"size": [0, 9, (6,), 2.5]}),
        "multi_crop_predict": E(lambda d: C(tiny().to(d).eval(), t(d, 2, 1, 10, 10), 8),
                                skip=layer_errors, arrays=("x",), hyper={"size": [0, 11]}),
        "ensemble_predict": E(lambda d: C([tiny().to(d), tiny().to(d)], img(d)),
                              skip=layer_errors, arrays=("x",),
                              hyper={"models": [[]]}),
        "digits_split": E(C(0.3), hyper={"test_size": [0.0, 1.0, NAN], "pad": [-1, 2.5]}),
        "random_crop_flip": E(lambda d: C(img(d), 6, generator=torch.Generator().manual_seed(0)),
                              arrays=("x",), hyper={"size": [0, 9, 2.5]}),
        "accuracy": E(lambda d: C(t(d, 2, 3), lbl(d)), arrays=("scores", "y"),
                      extra=lambda d: [X("no examples", C(t(d, 0, 3), ints(d)), "scores")]),
        "train_classifier": E(lambda d: C(tiny().to(d), img(d), lbl(d), epochs=1, curves=False),
                              skip=layer_errors, arrays=("x", "y"),
                              hyper={"epochs": [-1, 2.5], "lr": BAD_POS, "batch_size": BAD_INT,
                                     "lr_decay": [0.0, NAN]}),
        # a context manager without arguments: entering and leaving it is the whole API
        "single_thread": E(C()),
    }


def _t_cost_regularization():

    def net():
        return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))

    ws = lambda d: [t(d, 4, 3), t(d, 2, 4)]  # noqa: E731
    return {
        "weights_of": E(C(net()), hyper={"module": ["net"]}),
        "l2_penalty": E(lambda d: C(ws(d), 0.1, 5), hyper={"lambd": [-1.0, NAN], "m": BAD_INT,
                                                          "weights": [[np.ones(3)]]}),
        "l1_penalty": E(lambda d: C(ws(d), 0.1, 5), hyper={"lambd": [-1.0, NAN], "m": BAD_INT}),
        "regularized_cost": E(lambda d: C(torch.tensor(1.0, dtype=torch.float64, device=d),
                                          ws(d), 0.1, 5),
                              hyper={"lambd": [-1.0], "m": BAD_INT, "kind": ["l3"],
                                     "data_cost": [1.0]}),
        "weight_decay": E(C(0.1, 5), hyper={"lambd": [-1.0, NAN], "m": BAD_INT}),
    }


def _t_dropout():
    from dlnotes.torch import dropout as m

    return {
        "dropout": E(lambda d: C(t(d, 3, 4), 0.8), arrays=("x",),
                     hyper={"keep_prob": [0.0, 1.5, NAN]}),
        "Dropout": E(lambda d: C(t(d, 3, 4), fn=m.Dropout(0.8)), arrays=("x",),
                     extra=[X("keep_prob 0", C(0.0), "keep_prob"),
                            X("keep_prob nan", C(NAN), "keep_prob")]),
    }


def _t_gradient_checking():
    from dlnotes.torch import gradient_checking as m

    def setup(d):
        p = {"w": t(d, 3)}
        return p, (lambda: (p["w"] ** 2).sum())

    def make(d, *extra):
        p, f = setup(d)
        return C(f, p, *extra)

    return {
        "numerical_gradient": E(make, hyper={"eps": BAD_POS}),
        "autograd_gradient": E(make, hyper={"params": [{"w": np.ones(3)}]}),
        "grad_check": E(make, hyper={"eps": BAD_POS, "floor": [-1.0]}),
        "SigmoidFunction": E(lambda d: C(t(d, 3), fn=m.SigmoidFunction.apply)),
    }


def _t_gru_lstm():
    from dlnotes.numpy import gru_lstm as ng
    from dlnotes.torch import gru_lstm as m

    def w(d, g):
        return t(d, g * 4, 3), t(d, g * 4, 4), t(d, g * 4), t(d, g * 4, seed=1)

    cp = {k: torch.from_numpy(v) for k, v in ng.init_params("gru", 3, 4).items()}

    def gru(d):
        return m.GRU(3, 4, device=d, dtype=torch.float64)

    def lstm(d):
        return m.LSTM(3, 4, device=d, dtype=torch.float64)

    return {
        "gru_cell": E(lambda d: C(t(d, 5, 3), t(d, 5, 4), *w(d, 3)),
                      arrays=("x", "h", "weight_ih", "weight_hh", "bias_ih")),
        "lstm_cell": E(lambda d: C(t(d, 5, 3), (t(d, 5, 4), t(d, 5, 4, seed=1)), *w(d, 4)),
                       arrays=("x", "weight_ih", "weight_hh", "bias_ih")),
        "course_gru_cell": E(lambda d: C(t(d, 5, 3), t(d, 5, 4),
                                         {k: v.to(d) for k, v in cp.items()}), arrays=("x", "c")),
        "GRU": E(lambda d: C(t(d, 2, 6, 3), fn=gru(d)), arrays=("x",),
                 extra=[X("hidden_size 0", C(3, 0), "hidden_size"),
                        X("num_layers 0", C(3, 4, 0), "num_layers")]),
        "LSTM": E(lambda d: C(t(d, 2, 6, 3), fn=lstm(d)), arrays=("x",),
                  extra=[X("hidden_size 0", C(3, 0), "hidden_size"),
                         X("num_layers 0", C(3, 4, 0), "num_layers")]),
        "remember_first_task": E(C(4, 5), hyper={"n": BAD_INT, "distance": [-1, 2.5]}),
        "train_long_range": E(C("rnn", 3, hidden=4, steps=1, batch=4),
                              hyper={"kind": ["gru"], "distance": [-1], "hidden": BAD_INT,
                                     "steps": [-1], "batch": BAD_INT, "lr": BAD_POS}),
    }


def _t_initialization():
    from dlnotes.torch import initialization as m

    def g():
        return torch.Generator().manual_seed(0)

    def w(d):
        return torch.empty(4, 3, dtype=torch.float64, device=d)

    bad_t = [torch.empty(0, 3), torch.empty(3), torch.empty(3, 3, dtype=torch.int64)]
    return {
        "naive_normal_": E(lambda d: C(w(d), generator=g() if d == "cpu" else None),
                           hyper={"tensor": bad_t[2:], "scale": [-1.0, NAN]}),
        "xavier_normal_": E(lambda d: C(w(d)), hyper={"tensor": bad_t, "gain": [-1.0, NAN]}),
        "xavier_uniform_": E(lambda d: C(w(d)), hyper={"tensor": bad_t, "gain": [-1.0, NAN]}),
        "he_normal_": E(lambda d: C(w(d)), hyper={"tensor": bad_t}),
        "he_uniform_": E(lambda d: C(w(d)), hyper={"tensor": bad_t}),
        "make_mlp": E(C([3, 4, 2]), hyper={"layer_dims": [[3], [3, 0, 2]],
                                           "activation": ["elu"], "method": ["orthogonal"]}),
        "scale_by_depth": E(lambda d: C(m.make_mlp([3, 4, 2]).to(d, torch.float64), t(d, 5, 3),
                                        t(d, 5, 2)), arrays=("x", "grad_out")),
    }


def _t_mini_batch():
    from dlnotes.torch import mini_batch as m

    def batches(d):
        return m.random_mini_batches(t(d, 8, 4), t(d, 8, 1), 4)

    return {
        "random_mini_batches": E(lambda d: C(t(d, 10, 3), t(d, 10, 1), 4), arrays=("X", "Y"),
                                 hyper={"batch_size": BAD_INT}),
        "make_model": E(C(4, 8), hyper={"n_x": BAD_INT, "n_h": BAD_INT}),
        "single_process_train": E(lambda d: C(m.make_model().to(d), batches(d), lr=0.1),
                                  hyper={"lr": BAD_POS, "batches": [[]]}),
        # ddp_train forks processes: only rejections before any process starts are swept
        "ddp_train": E(lambda d: C(m.make_model(), [], lr=0.1), skip=("valid call",),
                       hyper={"lr": BAD_POS, "world_size": BAD_INT}),
    }


def _t_optimization():

    def params(d):
        return [torch.nn.Parameter(t(d, 3))]

    def sched(d):
        return C(torch.optim.SGD(params(d), lr=0.1), "exponential", base=0.9)

    return {
        "ewma": E(lambda d: C(t(d, 6, 2), 0.9), arrays=("theta",), hyper={"beta": BAD_BETA}),
        "Momentum": E(lambda d: C(params(d), 0.1),
                      hyper={"lr": BAD_POS, "beta": BAD_BETA, "convention": ["nesterov"]}),
        "RMSprop": E(lambda d: C(params(d), 0.1), hyper={"lr": BAD_POS, "beta": BAD_BETA,
                                                         "eps": BAD_POS}),
        "Adam": E(lambda d: C(params(d), 0.1), hyper={"lr": BAD_POS,
                                                      "betas": [(1.0, 0.9), (0.9, -0.1)],
                                                      "eps": BAD_POS}),
        "decay_scheduler": E(sched, hyper={"schedule": ["cosine"]},
                             extra=lambda d: [X("base 0", C(torch.optim.SGD(params(d), lr=0.1),
                                                            "exponential", base=0.0), "base")]),
    }


def _t_rnn():
    from dlnotes.torch import rnn as m

    def net(d):
        return m.RNN(3, 4, device=d, dtype=torch.float64)

    return {
        "rnn_cell": E(lambda d: C(t(d, 5, 3), t(d, 5, 4), t(d, 4, 3), t(d, 4, 4), t(d, 4),
                                  t(d, 4, seed=1)),
                      arrays=("x", "h", "weight_ih", "weight_hh", "bias_ih"),
                      hyper={"nonlinearity": ["sigmoid"]}),
        "RNN": E(lambda d: C(t(d, 2, 6, 3), fn=net(d)), arrays=("x",),
                 extra=[X("hidden_size 0", C(3, 0), "hidden_size"),
                        X("nonlinearity", C(3, 4, nonlinearity="gelu"), "nonlinearity")]),
    }


def _t_softmax_regression():
    big = [[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0], [0.0, 0.0, 1e4]]

    def tb(d):
        return torch.tensor(big, dtype=torch.float64, device=d)

    return {
        "softmax": E(lambda d: C(t(d, 5, 3)), arrays=("z",),
                     extra=lambda d: [X("logits +-1e4", C(tb(d)), "ok", finite)]),
        "log_softmax": E(lambda d: C(t(d, 5, 3)), arrays=("z",),
                         extra=lambda d: [X("logits +-1e4", C(tb(d)), "ok", finite)]),
        "cross_entropy": E(lambda d: C(t(d, 5, 3), ints(d, 0, 1, 2, 1, 0)),
                           arrays=("logits", "target"),
                           extra=lambda d: [X("logits +-1e4", C(tb(d), ints(d, 1, 0, 2)), "ok",
                                              finite),
                                            X("label out of range",
                                              C(t(d, 2, 3), ints(d, 0, 3)), "target")]),
    }


def _t_transfer_multitask():
    from dlnotes.torch import transfer_multitask as m

    def targets(d):
        y = (t(d, 5, 3, seed=1) > 0).double()
        y[1, 0] = NAN
        return y

    def cnn(d):
        return m.DigitsCNN(3).double().to(d)

    x8 = lambda d: t(d, 4, 1, 8, 8)  # noqa: E731
    return {
        "masked_bce_with_logits": E(
            lambda d: C(t(d, 5, 3), targets(d)), arrays=("logits", "targets"),
            hyper={"reduction": ["sum"]}, skip=("targets:nan",),
            extra=lambda d: [X("logits +-1e4", C(torch.tensor([[1e4, -1e4]], dtype=torch.float64,
                                                              device=d),
                                                 torch.tensor([[0.0, 1.0]], dtype=torch.float64,
                                                              device=d)), "ok", finite),
                             X("every label missing", C(t(d, 5, 3), torch.full(
                                 (5, 3), NAN, dtype=torch.float64, device=d)), "ok", finite)]),
        "DigitsCNN": E(lambda d: C(x8(d), fn=cnn(d)), arrays=("x",),
                       extra=[X("n_out 0", C(0), "n_out")]),
        "digits_tensors": E(C("cpu")),
        "fit": E(lambda d: (lambda net: C(net, list(net.parameters()), x8(d), ints(d, 0, 1, 2, 0),
                                          torch.nn.functional.cross_entropy, steps=1, lr=0.01))(
                     cnn(d)),
                 # the target dtype is loss_fn's business (its own error), not fit's
                 arrays=("x", "y"), skip=("y:dtype float",),
                 hyper={"steps": [-1, 2.5], "lr": BAD_POS,
                                           "batch_size": BAD_INT}),
        "accuracy": E(lambda d: C(t(d, 4, 3), ints(d, 0, 1, 2, 0)), arrays=("logits", "y")),
        "seeded": E(C(lambda: torch.nn.Linear(2, 2), 0), hyper={"seed": [-1, 2.5]}),
        "learn_target": E(lambda d: C("from scratch", m.DigitsCNN(5).to(d), x8(d).float(),
                                      ints(d, 0, 1, 2, 0), 0),
                          # the target dtype is cross_entropy's business, as in fit
                          arrays=("x", "y"), skip=("y:dtype float",),
                          hyper={"strategy": ["frozen"]}),
        # the experiments train for minutes: only the up-front argument checks are swept
        "transfer_experiment": E(C(), skip=("valid call",),
                                 hyper={"ns": [(), (0,)], "seeds": [()]}),
        "pretrain_on_synthetic": E(lambda d: C(20, 2, device=d),
                                   hyper={"n_images": BAD_INT, "steps": [-1, 2.5]}),
        "fine_tune": E(lambda d: C(m.DigitsCNN(10).to(d), x8(d).float(), ints(d, 0, 1, 2, 0), 0),
                       arrays=("x", "y"), skip=("y:dtype float",)),
        # pre-trains for a minute: only the up-front argument checks are swept
        "synthetic_experiment": E(C(), skip=("valid call",),
                                  hyper={"ns": [(), (0,), (80,)], "seeds": [(), (-1,)],
                                         "n_images": BAD_INT, "steps": BAD_INT}),
        "MultiTaskNet": E(lambda d: C(x8(d), fn=m.MultiTaskNet(3).double().to(d)), arrays=("x",),
                          extra=[X("n_tasks 0", C(0), "n_tasks")]),
        "multitask_experiment": E(C(), skip=("valid call",),
                                  hyper={"n_train": BAD_INT, "missing": [-0.1, 1.0, NAN]}),
    }


# ------------------------------------------------------- modules merged after the first sweep


def _np_convolutions():
    A, W, b = a(2, 5, 5, 3), a(3, 3, 3, 4), a(4)
    dZ = a(2, 3, 3, 4)                       # output of a 3x3 filter, stride 1, no padding
    P = a(2, 4, 4, 3)
    dP = a(2, 2, 2, 3)                       # output of 2x2 pooling, stride 2
    conv_hyper = {"stride": BAD_INT, "pad": [-1, 2.5]}
    pool_hyper = {"f": BAD_INT, "stride": BAD_INT, "mode": ["min"]}
    too_big = [X("filter larger than the input", C(a(1, 2, 2, 3), W, b), "W")]
    return {
        "output_size": E(C(5, 3), hyper={"n": BAD_INT, "f": [0, 8], "pad": [-1, 2.5],
                                        "stride": BAD_INT}),
        "same_padding": E(C(3), hyper={"f": [0, 2, 2.5]}),
        "zero_pad": E(C(A, 1), arrays=("X",), hyper={"pad": [-1, 2.5]}),
        "im2col": E(C(A, 3), arrays=("A_pad",), hyper={"f": [0, 6, 2.5], "stride": BAD_INT}),
        "conv_forward_loop": E(C(A, W, b), arrays=("A_prev", "W", "b"), hyper=conv_hyper,
                               extra=too_big),
        "conv_forward": E(C(A, W, b), arrays=("A_prev", "W", "b"),
                          hyper={**conv_hyper, "return_cols": [1, "yes"]}, extra=too_big),
        "conv_backward_loop": E(C(dZ, A, W), arrays=("dZ", "A_prev", "W"), hyper=conv_hyper),
        "conv_backward": E(C(dZ, A, W), arrays=("dZ", "A_prev", "W"), hyper=conv_hyper,
                           extra=[X("cols of the right shape", C(dZ, A, W, cols=a(18, 27)),
                                    "ok"),
                                  X("cols of another input", C(dZ, A, W, cols=a(18, 12)),
                                    "cols"),
                                  X("cols of another rank", C(dZ, A, W, cols=a(18, 3, 9)),
                                    "cols")]),
        "pool_forward_loop": E(C(P), arrays=("A_prev",), hyper=pool_hyper),
        "pool_forward": E(C(P), arrays=("A_prev",), hyper=pool_hyper),
        "pool_backward_loop": E(C(dP, P), arrays=("dA", "A_prev"), hyper=pool_hyper),
        "pool_backward": E(C(dP, P), arrays=("dA", "A_prev"), hyper=pool_hyper),
        "conv_param_count": E(C(3, 3, 8), hyper={"f": BAD_INT, "n_C_prev": BAD_INT,
                                                 "n_C": BAD_INT}),
        "dense_param_count": E(C(10, 4), hyper={"n_in": BAD_INT, "n_out": BAD_INT}),
    }


def _np_transformer():
    from dlnotes.torch import transformer as tm

    torch.manual_seed(0)
    enc = tm.EncoderBlock(8, 2, 16, dtype=torch.float64).numpy_params()
    dec = tm.DecoderBlock(8, 2, 16, dtype=torch.float64).numpy_params()
    x, y, mem = a(2, 4, 8), a(2, 3, 8), a(2, 5, 8)
    g, be = a(8) + 1, a(8)
    kpm = np.array([[False] * 4, [False, False, True, True]])
    mem_all = np.array([[False] * 5, [True] * 5])  # batch 1's memory is all padding
    return {
        "layer_norm": E(C(x, g, be), arrays=("x", "gamma", "beta"), hyper={"eps": [0, -1.0, NAN]},
                        extra=[X("constant token", C(np.ones((2, 8)), g, be), "ok", finite)]),
        "layer_norm_backward": E(C(a(2, 4, 8, seed=1), x, g), arrays=("d_out", "x", "gamma"),
                                 hyper={"eps": [0, -1.0, NAN]},
                                 extra=[X("constant token", C(a(2, 8), np.ones((2, 8)), g), "ok",
                                          finite)]),
        "batch_norm_tokens": E(C(x, key_padding_mask=kpm), arrays=("x",),
                               hyper={"eps": [0, -1.0, NAN],
                                      "key_padding_mask": [kpm[:, :3], kpm.astype(int)]},
                               extra=[X("constant batch", C(np.ones((2, 4, 8))), "ok", finite),
                                      X("every token padding",
                                        C(x, key_padding_mask=np.ones((2, 4), bool)),
                                        "key_padding_mask")]),
        "position_wise_ffn": E(C(x, enc["ffn"]), arrays=("x",),
                               extra=[X("W1 of the wrong width",
                                        C(x, {**enc["ffn"], "W1": a(7, 16)}), "W1"),
                                      X("params not a dict", C(x, [1, 2]), "params")]),
        "encoder_block": E(C(x, enc, 2, key_padding_mask=kpm), arrays=("x",),
                           hyper={"num_heads": [0, 3, 2.5], "params": [{}, "p"]}),
        "decoder_block": E(C(y, mem, dec, 2), arrays=("y", "memory"),
                           hyper={"num_heads": [0, 3, 2.5], "params": [{}, "p"],
                                  "tgt_key_padding_mask": [kpm]},
                           extra=[X("memory fully padded in one sequence",
                                    C(y, mem, dec, 2, memory_key_padding_mask=mem_all), "ok",
                                    finite)]),
    }


def _np_word_embeddings():
    from dlnotes.numpy import word_embeddings as m

    words = ["king", "queen", "man", "woman", "paris", "france"]
    Ew = a(4, 6) + 0.1
    counts = np.array([5.0, 3, 2, 1])
    tree = m.huffman_tree(counts)
    E4, Th3 = a(3, 4), a(3, 3)
    nodes = np.array([[0, 1], [2, 0]])
    signs = np.array([[1.0, -1.0], [-1.0, 0.0]])
    return {
        "one_hot": E(C(2, 5), hyper={"j": [-1, 5, 2.5], "V": BAD_INT}),
        "cosine_similarity": E(C(a(4), a(4, seed=1)), arrays=("u", "v"),
                               extra=[X("zero vector", C(np.zeros(4), a(4)), "u")]),
        "WordVectors": E(C(Ew, words), arrays=("E",),
                         hyper={"words": [words[:-1], words[:-1] + ["king"], [1] * 6]},
                         extra=[X("zero column", C(np.zeros((4, 6)), words), "E")]),
        "skipgram_pairs": E(C(np.arange(5), 2), hyper={"window": BAD_INT}),
        "cbow_examples": E(C(np.arange(5), 2), hyper={"window": BAD_INT}),
        "log_sigmoid": E(C(a(3, 4)), arrays=("x",),
                         extra=[X("large |x|", C(np.array([-1e4, 0.0, 1e4])), "ok", finite)]),
        "noise_distribution": E(C(counts), arrays=("counts",),
                                hyper={"power": [-1.0, NAN, math.inf]},
                                extra=[X("all counts zero", C(np.zeros(3)), "counts")]),
        "sigmoid_loss": E(C(a(3, 2), a(3, 2, 2, seed=1), signs), arrays=("e_c", "theta", "signs"),
                          extra=[X("scores +-1e4", C(np.full((1, 2), 100.0),
                                                     np.full((1, 2, 2), 50.0),
                                                     np.array([[1.0, -1.0], [-1.0, 1.0]])), "ok",
                                   finite),
                                 X("sign 2", C(a(3, 2), a(3, 2, 2), np.full((2, 2), 2.0)),
                                   "signs")]),
        "negative_sampling_loss": E(C(a(3, 2), a(3, 2, seed=1), a(3, 2, 4, seed=2)),
                                    arrays=("e_c", "theta_o", "theta_neg")),
        "skipgram_loss": E(C(E4, Th3, np.array([0, 3]), nodes, signs),
                           arrays=("E", "Theta", "signs"),
                           hyper={"centre": [np.array([0, 4]), np.array([-5, 0]),
                                             np.array([0.0, 1.0])],
                                  "nodes": [np.array([[0, 3], [1, 1]]), np.array([[0, 1]]),
                                            np.array([[0.5, 1], [1, 1]])]}),
        "HuffmanTree": E(C(tree.paths, tree.codes)),
        "huffman_tree": E(C(counts), arrays=("counts",),
                          extra=[X("one word", C(np.array([3.0])), "counts"),
                                 X("negative count", C(np.array([3.0, -1.0])), "counts")]),
        "hs_probabilities": E(C(E4, Th3, tree, 1), arrays=("E", "Theta"),
                              hyper={"centre": [-1, 4, 1.5], "tree": [None, "tree"]},
                              check=lambda p: np.testing.assert_allclose(p.sum(), 1.0)),
        "pca": E(C(a(6, 4)), arrays=("X",), hyper={"n_components": [0, 5, 2.5]}),
    }


def _np_word_embeddings_experiment():
    from dlnotes.numpy import word_embeddings as nw
    from dlnotes.numpy import word_embeddings_experiment as m

    words = ["king", "queen", "man", "woman", "paris", "france"]
    Ew = a(4, 6) + 0.1
    wv = nw.WordVectors(Ew, words)
    sentences = m.make_corpus(30, seed=1)
    vocab = m.build_vocab(sentences)
    return {
        "analogy_questions": E(C()),
        "analogy_accuracy": E(C(wv, [("king", "queen", "man", "woman")]),
                              hyper={"wv": [Ew, None],
                                     "questions": [[("king", "queen", "man")], ["abcd"]],
                                     "exclude_query": ["yes"]}),
        "make_corpus": E(C(20, seed=3), hyper={"n_sentences": BAD_INT, "seed": [-1, "a"]}),
        "Vocabulary": E(C(vocab.words, vocab.counts, vocab.index)),
        "build_vocab": E(C(sentences), hyper={"sentences": ["a b", [1, 2], ["a a"]]}),
        "corpus_pairs": E(C(sentences, vocab, 2), hyper={"window": BAD_INT}),
        "SkipGram": E(C(vocab, a(4, len(vocab.words)), a(4, len(vocab.words)), [1.0])),
        "train_skipgram": E(C(sentences[:8], n_e=4, epochs=1),
                            hyper={"n_e": BAD_INT, "window": BAD_INT, "method": ["cbow"],
                                   "k": BAD_INT, "epochs": BAD_INT, "lr": BAD_POS,
                                   "batch_size": BAD_INT, "sentences": [[], "a b"]}),
    }


def _t_convolutions():
    from dlnotes.torch import convolutions as m

    def conv(d):
        torch.manual_seed(0)
        return m.Conv2d(3, 4, 3, padding=1, device=d, dtype=torch.float64)

    return {
        "conv2d": E(lambda d: C(t(d, 2, 3, 5, 5), t(d, 4, 3, 3, 3), t(d, 4)),
                    arrays=("x", "weight", "bias"),
                    hyper={"stride": BAD_INT, "padding": [-1, 2.5]},
                    extra=lambda d: [X("filter larger than the input",
                                       C(t(d, 1, 3, 2, 2), t(d, 4, 3, 3, 3)), "weight"),
                                     X("non-square filter",
                                       C(t(d, 1, 3, 5, 5), t(d, 4, 3, 3, 2)), "weight")]),
        "Conv2d": E(lambda d: C(t(d, 2, 3, 5, 5), fn=conv(d)), arrays=("x",),
                    extra=[X("in_channels 0", C(0, 4, 3), "in_channels"),
                           X("kernel_size 2.5", C(3, 4, 2.5), "kernel_size"),
                           X("stride 0", C(3, 4, 3, stride=0), "stride"),
                           X("padding -1", C(3, 4, 3, padding=-1), "padding")]),
        "pool2d": E(lambda d: C(t(d, 2, 3, 4, 4)), arrays=("x",),
                    hyper={"f": [0, 5, 2.5], "stride": BAD_INT, "mode": ["min"]}),
    }


def _t_transformer():
    from dlnotes.torch import transformer as m

    f64 = torch.float64

    def block(kind, d):
        torch.manual_seed(0)
        return getattr(m, kind)(8, 2, 16, dtype=f64, device=d)

    def model(d):
        torch.manual_seed(0)
        return m.Transformer(12, 12, d_model=8, num_heads=2, d_ff=16, num_layers=1, max_len=6,
                             dtype=f64, device=d)

    def src(d):
        return torch.tensor([[3, 4, 5, 0], [6, 7, 0, 0]], device=d)

    def kpm(d):
        return torch.tensor([[False] * 4, [False, False, True, True]], device=d)

    return {
        "LayerNorm": E(lambda d: C(t(d, 2, 4, 8), fn=m.LayerNorm(8, dtype=f64, device=d)),
                       arrays=("x",),
                       extra=lambda d: [X("d 0", C(0), "d"), X("eps 0", C(8, 0.0), "eps"),
                                        X("eps nan", C(8, NAN), "eps"),
                                        X("constant token", C(torch.ones(2, 8, dtype=f64,
                                                                         device=d),
                                                              fn=m.LayerNorm(8, dtype=f64,
                                                                             device=d)),
                                          "ok", finite)]),
        "PositionWiseFFN": E(lambda d: C(t(d, 2, 4, 8),
                                         fn=m.PositionWiseFFN(8, 16, dtype=f64, device=d)),
                             arrays=("x",),
                             extra=[X("d_ff 0", C(8, 0), "d_ff"),
                                    X("dropout 1", C(8, 16, 1.0), "dropout")]),
        "EncoderBlock": E(lambda d: C(t(d, 2, 4, 8), kpm(d), fn=block("EncoderBlock", d)),
                          arrays=("x",),
                          extra=lambda d: [X("num_heads 3", C(8, 3, 16), "num_heads"),
                                           X("dropout -0.1", C(8, 2, 16, -0.1), "dropout"),
                                           X("mask of the wrong shape",
                                             C(t(d, 2, 4, 8), kpm(d)[:, :3],
                                               fn=block("EncoderBlock", d)),
                                             "key_padding_mask")]),
        "DecoderBlock": E(lambda d: C(t(d, 2, 3, 8), t(d, 2, 4, 8), fn=block("DecoderBlock", d),
                                      memory_key_padding_mask=kpm(d)),
                          arrays=("y", "memory"),
                          extra=lambda d: [X("d_ff 0", C(8, 2, 0), "d_ff"),
                                           X("memory fully padded in one sequence",
                                             C(t(d, 2, 3, 8), t(d, 2, 4, 8),
                                               fn=block("DecoderBlock", d),
                                               memory_key_padding_mask=torch.tensor(
                                                   [[False] * 4, [True] * 4], device=d)),
                                             "ok", finite)]),
        "Transformer": E(lambda d: C(src(d), src(d)[:, :3], fn=model(d)), arrays=("src", "tgt_in"),
                         extra=lambda d: [X("src_vocab 0", C(0, 12), "src_vocab"),
                                          X("max_len 0", C(12, 12, max_len=0), "max_len"),
                                          X("id out of the vocabulary",
                                            C(src(d) + 10, src(d), fn=model(d)), "src"),
                                          X("negative id", C(src(d), src(d) - 1, fn=model(d)),
                                            "tgt_in"),
                                          X("longer than max_len",
                                            C(src(d).repeat(1, 2), src(d), fn=model(d)), "src")]),
        "greedy_decode": E(lambda d: C(model(d), src(d), 3), arrays=("src",),
                           hyper={"steps": [0, 2.5], "model": [None]}),
    }


def _t_transformer_experiment():
    from dlnotes.data import Vocab, random_dates
    from dlnotes.torch import transformer as m

    pairs = random_dates(3, seed=1)
    vocab = Vocab.from_texts(s + t for s, t in pairs)

    def tiny(d):
        torch.manual_seed(0)
        return m.Transformer(len(vocab), len(vocab), d_model=8, num_heads=2, d_ff=16,
                             num_layers=1, max_len=32, device=d)

    return {
        "encode_dates": E(C(pairs, vocab, 32), hyper={"src_len": [0, 2.5], "pairs": [[]]}),
        # the trainer runs for minutes: only the up-front argument checks are swept
        "train_dates": E(C(), skip=("valid call",),
                         hyper={"n_train": BAD_INT, "epochs": BAD_INT, "batch_size": BAD_INT,
                                "lr": BAD_POS, "src_len": BAD_INT}),
        "exact_match": E(lambda d: C(tiny(d), vocab, pairs, 32),
                         hyper={"batch_size": BAD_INT, "pairs": [[]], "src_len": [0]}),
    }


def _t_word_embeddings():
    from dlnotes.numpy import word_embeddings_experiment as nw
    from dlnotes.torch import word_embeddings as m

    counts = [5, 3, 2, 1, 1]
    sentences = nw.make_corpus(8, seed=1)

    def sg(d, method="negative"):
        torch.manual_seed(0)
        return m.SkipGram(counts, 4, method, k=2).double().to(d)

    gen = lambda: torch.Generator().manual_seed(0)  # noqa: E731
    return {
        "sigmoid_loss": E(lambda d: C(t(d, 2, 3), t(d, 2, 2, 3), torch.tensor(
                              [[1.0, -1.0], [-1.0, 0.0]], dtype=torch.float64, device=d)),
                          arrays=("e_c", "theta", "signs"),
                          extra=lambda d: [X("scores +-1e4", C(
                              torch.full((1, 2), 100.0, dtype=torch.float64, device=d),
                              torch.full((1, 2, 2), 50.0, dtype=torch.float64, device=d),
                              torch.tensor([[1.0, -1.0]], dtype=torch.float64, device=d)),
                              "ok", finite)]),
        "negative_sampling_loss": E(lambda d: C(t(d, 2, 3), t(d, 2, 3, seed=1),
                                                t(d, 2, 4, 3, seed=2)),
                                    arrays=("e_c", "theta_o", "theta_neg")),
        "SkipGram": E(lambda d: C(ints(d, 0, 1, 4), ints(d, 2, 3, 0), gen(), fn=sg(d)),
                      arrays=("centre", "context"),
                      extra=lambda d: [
                          X("hierarchical", C(ints(d, 0, 1, 4), ints(d, 2, 3, 0),
                                              fn=sg(d, "hierarchical")), "ok"),
                          X("centre out of the vocabulary", C(ints(d, 0, 5), ints(d, 1, 2),
                                                              fn=sg(d)), "centre"),
                          X("context out of the vocabulary", C(ints(d, 0, 1), ints(d, 1, -7),
                                                               fn=sg(d)), "context"),
                          X("n_e 0", C(counts, 0), "n_e"), X("k 0", C(counts, 4, k=0), "k"),
                          X("k 2.5", C(counts, 4, k=2.5), "k"),
                          X("method", C(counts, 4, "cbow"), "method"),
                          X("one word", C([3], 4), "counts")]),
        "train_skipgram": E(C(sentences, n_e=4, epochs=1, dtype=torch.float64),
                            hyper={"n_e": BAD_INT, "window": BAD_INT, "method": ["cbow"],
                                   "k": BAD_INT, "epochs": BAD_INT, "lr": BAD_POS,
                                   "batch_size": BAD_INT}),
    }


def _np_seq2seq():
    def step_of(V=5, eos=2):
        logits = np.log(np.arange(1, V + 1, dtype=float))

        def step(prev, state):
            lp = logits - np.logaddexp.reduce(logits)
            return np.tile(lp, (len(prev), 1)), state
        return step

    cand, refs = "the cat is on the mat", ["there is a cat on the mat", "the cat is here"]
    return {
        "beam_search": E(C(step_of(), np.zeros((1, 2)), bos=1, eos=2, beam_size=2, max_len=4),
                         hyper={"beam_size": BAD_INT, "max_len": BAD_INT,
                                "alpha": [-1.0, NAN], "step": [None]}),
        "ngram_counts": E(C(cand, 2), hyper={"n": BAD_INT, "tokens": [3, None]}),
        "modified_precision": E(C(cand, refs, 2), hyper={"n": BAD_INT, "references": [[], 5]}),
        "brevity_penalty": E(C(5, 7), hyper={"c": [-1, 2.5], "r": [-1, 2.5]}),
        "bleu": E(C(cand, refs), hyper={"max_n": BAD_INT,
                                        "weights": [(0.5, 0.5), (1, 0, 0, -0.0, 0)],
                                        "smooth": ["yes"], "references": [[]]},
                  extra=[X("empty candidate", C("", refs), "ok", finite)]),
        # rows of a beam's states: indexing, the caller's (beam_search's) own indices
        "select_rows": E(C((a(3, 2), [0.0, 1.0, 2.0]), np.array([2, 0]))),
        "corpus_bleu": E(C([cand, "a cat"], [refs, ["a cat sat"]]),
                         hyper={"max_n": BAD_INT, "references_list": [[refs]],
                                "candidates": [[]], "smooth": ["yes"]}),
    }


def _t_seq2seq():
    from dlnotes.data import random_dates
    from dlnotes.torch import seq2seq as m

    sv, tv = m.date_vocabs()
    pairs = random_dates(3, seed=2)

    def model(d, attention=True):
        torch.manual_seed(0)
        return m.Seq2Seq(len(sv), len(tv), embed=4, hidden=6, attention=attention).double().to(d)

    def enc(d):
        return m.encode_pairs(pairs, sv, tv, device=d)

    return {
        "date_vocabs": E(C()),
        "encode_pairs": E(C(pairs, sv, tv), hyper={"pairs": [[]], "src_vocab": [None]}),
        "check_lengths": E(lambda d: C(*enc(d)[:2]), arrays=("src", "src_lens"),
                           extra=lambda d: [X("length 0", C(enc(d)[0], enc(d)[1] * 0),
                                              "src_lens"),
                                            X("length past T_src", C(enc(d)[0], enc(d)[1] + 99),
                                              "src_lens")]),
        "Seq2Seq": E(lambda d: (lambda s, sl, ti, _: C(s, sl, ti, fn=model(d)))(*enc(d)),
                     arrays=("src", "src_lens", "tgt_in"),
                     extra=[X("src_size 0", C(0, 5), "src_size"),
                            X("hidden 0", C(5, 5, hidden=0), "hidden"),
                            X("embed 2.5", C(5, 5, embed=2.5), "embed")]),
        "sequence_loss": E(lambda d: C(t(d, 2, 3, 5), ints(d, 1, 2, 0, 3, 4, 0).reshape(2, 3)),
                           arrays=("logits", "labels"),
                           extra=lambda d: [X("all padding", C(t(d, 2, 3, 5), ints(d, *[0] * 6)
                                                               .reshape(2, 3)), "labels"),
                                            X("label out of range",
                                              C(t(d, 2, 3, 5), ints(d, *[7] * 6).reshape(2, 3)),
                                              "labels")]),
        "greedy_decode": E(lambda d: (lambda s, sl, *_: C(model(d), s, sl, 4))(*enc(d)),
                           arrays=("src", "src_lens"),
                           hyper={"max_len": BAD_INT, "model": [None]}),
        "beam_decode": E(lambda d: (lambda s, sl, *_: C(model(d), s[0], int(sl[0]), beam_size=2,
                                                        max_len=4))(*enc(d)),
                         arrays=("src",),
                         hyper={"beam_size": BAD_INT, "max_len": BAD_INT, "src_len": [0, 999],
                                "alpha": [-1.0, NAN], "model": [None]}),
        "exact_match": E(lambda d: C(model(d), pairs, sv, tv, device=d),
                         hyper={"batch": BAD_INT, "pairs": [[]], "model": [None]}),
        "held_out_dates": E(C(3, pairs), hyper={"n": BAD_INT}),
        # the trainer runs for minutes: only the up-front argument checks are swept
        "train_dates": E(C(), skip=("valid call",),
                         hyper={"n_train": BAD_INT, "steps": BAD_INT, "batch": BAD_INT,
                                "lr": BAD_POS, "hidden": BAD_INT, "n_test": BAD_INT}),
    }


def _np_object_detection():
    from dlnotes.numpy import object_detection as m

    boxes = np.array([[0.0, 0, 2, 2], [1, 1, 3, 3], [0.1, 0, 2, 2.1], [5, 5, 6, 7]])
    scores, classes = np.array([0.9, 0.8, 0.7, 0.6]), np.array([0, 0, 1, 1])
    anchors = np.array([[1.5, 1.5], [3.0, 3.0]])
    pred = a(3, 3, 2, 5 + 3)
    dec = m.yolo_decode(pred, anchors)
    y = m.localization_target(3, box=(0.5, 0.5, 0.2, 0.3), cls=1)
    y0 = m.localization_target(3)
    Y = np.stack([y, y0])
    feats, rois = a(2, 6, 6, 3), np.array([[0, 0.0, 0, 3, 3], [1, 1, 1, 5, 4]])
    return {
        "localization_target": E(C(3, box=(0.5, 0.5, 0.2, 0.3), cls=1),
                                 hyper={"n_classes": BAD_INT, "cls": [3, -1, 1.5],
                                        "box": [(0.5, 0.5, 0.2), (NAN, 0.5, 0.2, 0.3)]}),
        "localization_loss": E(C(Y + 0.1, Y), arrays=("y_hat", "y")),
        "sliding_window_count": E(C(28, 14, 2), hyper={"image_size": BAD_INT, "window": [0, 29],
                                                      "stride": BAD_INT}),
        "box_convert": E(C(boxes, "xyxy", "cxcywh"), arrays=("boxes",),
                         hyper={"in_fmt": ["xywh"], "out_fmt": ["yolo"]}),
        "iou": E(C(boxes[0], boxes[1]), arrays=("box1", "box2"), hyper={"fmt": ["xywh"]},
                 extra=[X("two empty boxes", C(np.zeros(4), np.zeros(4)), "ok", finite)]),
        "box_iou": E(C(boxes, boxes[:2]), arrays=("boxes1", "boxes2"), hyper={"fmt": ["xywh"]},
                     extra=[X("empty boxes", C(np.zeros((2, 4)), np.zeros((1, 4))), "ok",
                              finite)]),
        "nms": E(C(boxes, scores), arrays=("boxes", "scores"),
                 hyper={"iou_threshold": [-0.1, 1.5, NAN], "convention": ["opencv"]}),
        "batched_nms": E(C(boxes, scores, classes), arrays=("boxes", "scores", "classes"),
                         hyper={"iou_threshold": [-0.1, 1.5, NAN], "convention": ["opencv"]}),
        "anchor_iou": E(C(np.array([[1.0, 2.0], [3.0, 3.0]]), anchors), arrays=("hw", "anchors")),
        "yolo_target": E(C(np.array([[0.5, 0.5, 0.2, 0.3], [0.2, 0.7, 0.1, 0.1]]),
                           np.array([0, 2]), anchors, 3, 3),
                         arrays=("boxes", "anchors"),
                         hyper={"grid": BAD_INT, "n_classes": BAD_INT,
                                "classes": [np.array([0, 3]), np.array([0.5, 1])]}),
        "yolo_decode": E(C(pred, anchors), arrays=("pred", "anchors")),
        "yolo_filter_boxes": E(C(*dec), arrays=("boxes", "p_c", "class_probs"),
                               hyper={"score_threshold": [-0.1, 1.5, NAN]}),
        "yolo_eval": E(C(pred, anchors, 0.1), arrays=("pred", "anchors"),
                       hyper={"score_threshold": [-0.1, 1.5, NAN],
                              "iou_threshold": [-0.1, 1.5, NAN], "max_boxes": BAD_INT,
                              "convention": ["opencv"]}),
        "roi_pool": E(C(feats, rois), arrays=("features", "rois"),
                      hyper={"output_size": [(0, 2), (2,), 2.5], "spatial_scale": BAD_POS},
                      extra=[X("batch index out of range", C(feats, np.array([[2, 0.0, 0, 3, 3]])),
                               "rois")]),
        "generate_anchors": E(C((2, 3), 16), hyper={"feature_shape": [(0, 3), (2,)],
                                                   "stride": BAD_POS, "scales": [(), (-1,)],
                                                   "ratios": [(), (0,)]}),
    }


def _np_object_detection_experiment():
    boxes = np.array([[0.0, 0, 2, 2], [1, 1, 3, 3], [0.1, 0, 2, 2.1], [5, 5, 6, 7]])
    scores, classes = np.array([0.9, 0.8, 0.7, 0.6]), np.array([0, 0, 1, 1])
    dets = [(boxes[:2], scores[:2], classes[:2])]
    gts = [(boxes[[0, 3]], np.array([0, 1]))]
    return {
        "average_precision": E(C(scores, np.array([True, False, True, True]), 4),
                               arrays=("scores",),
                               # n_positives=0 gives NaN by design (AP undefined), skipped
                               # by mean_average_precision
                               hyper={"n_positives": [-1, 2.5, 2]}),
        "mean_average_precision": E(C(dets, gts, 2), hyper={"n_classes": BAD_INT,
                                                           "iou_threshold": [-0.1, 1.5, NAN],
                                                           "ground_truths": [[]]}),
        "make_shapes": E(C(2, size=32, max_objects=2, min_size=6, max_size=12),
                         hyper={"n": BAD_INT, "size": [0, -1, 2.5], "max_objects": BAD_INT,
                                "min_size": [0, 2.5], "max_size": [2, 99]}),
    }


def _t_object_detection():
    from dlnotes.torch import object_detection as m

    def bx(d):
        return torch.tensor([[0.0, 0, 2, 2], [1, 1, 3, 3], [0.1, 0, 2, 2.1], [5, 5, 6, 7]],
                            dtype=torch.float64, device=d)

    def sc(d):
        return torch.tensor([0.9, 0.8, 0.7, 0.6], dtype=torch.float64, device=d)

    def anc(d):
        return torch.tensor([[1.5, 1.5], [3.0, 3.0]], dtype=torch.float64, device=d)

    from dlnotes.numpy import object_detection as nod
    target = nod.yolo_target(np.array([[0.5, 0.5, 0.2, 0.3]]), np.array([1]),
                             np.array([[1.5, 1.5], [3.0, 3.0]]), 3, 3)

    def yolo(d):
        torch.manual_seed(0)
        return m.TinyYOLO(2, 3, width=8).to(d).eval()

    return {
        "box_convert": E(lambda d: C(bx(d), "xyxy", "cxcywh"), arrays=("boxes",),
                         hyper={"in_fmt": ["xywh"], "out_fmt": ["yolo"]}),
        "box_iou": E(lambda d: C(bx(d), bx(d)[:2]), arrays=("boxes1", "boxes2"),
                     hyper={"fmt": ["xywh"]},
                     extra=lambda d: [X("empty boxes", C(torch.zeros(2, 4, device=d),
                                                         torch.zeros(1, 4, device=d)), "ok",
                                        finite)]),
        "nms": E(lambda d: C(bx(d), sc(d)), arrays=("boxes", "scores"),
                 hyper={"iou_threshold": [-0.1, 1.5, NAN], "convention": ["opencv"]}),
        "batched_nms": E(lambda d: C(bx(d), sc(d), ints(d, 0, 0, 1, 1)),
                         arrays=("boxes", "scores", "classes"),
                         hyper={"iou_threshold": [-0.1, 1.5, NAN], "convention": ["opencv"]}),
        "yolo_decode": E(lambda d: C(t(d, 2, 3, 3, 2, 8), anc(d)), arrays=("pred", "anchors")),
        "yolo_eval": E(lambda d: C(t(d, 3, 3, 2, 8), anc(d), 0.1), arrays=("pred", "anchors"),
                       hyper={"score_threshold": [-0.1, 1.5, NAN],
                              "iou_threshold": [-0.1, 1.5, NAN], "max_boxes": BAD_INT,
                              "convention": ["opencv"]}),
        "yolo_loss": E(lambda d: C(t(d, 1, 3, 3, 2, 8),
                                   torch.tensor(target[None], dtype=torch.float64, device=d),
                                   anc(d)),
                       arrays=("pred", "target", "anchors"),
                       hyper={"lambda_coord": [-1.0, NAN], "lambda_noobj": [-1.0, NAN]}),
        "roi_pool": E(lambda d: C(t(d, 2, 3, 6, 6), torch.tensor(
                          [[0, 0.0, 0, 3, 3], [1, 1, 1, 5, 4]], dtype=torch.float64, device=d)),
                      arrays=("features", "rois"),
                      hyper={"output_size": [(0, 2), (2,), 2.5], "spatial_scale": BAD_POS}),
        "generate_anchors": E(C((2, 3), 16), hyper={"feature_shape": [(0, 3), (2,)],
                                                   "stride": BAD_POS, "scales": [(), (-1,)],
                                                   "ratios": [(), (0,)]}),
        "course_classifier": E(C(4), hyper={"n_classes": BAD_INT}),
        "fc_to_conv": E(C(m.course_classifier(4)), hyper={"classifier": [None,
                                                                         torch.nn.Sequential()]}),
        "sliding_window_crops": E(lambda d: C(m.course_classifier(4).double().to(d),
                                              t(d, 1, 3, 16, 16)), arrays=("images",),
                                  hyper={"window": [0, 17, 2.5], "stride": BAD_INT}),
        "TinyYOLO": E(lambda d: C(torch.rand(2, 3, 64, 64, device=d), fn=yolo(d)), arrays=("x",),
                      extra=[X("n_anchors 0", C(0), "n_anchors"),
                             X("n_classes 0", C(2, 0), "n_classes"),
                             X("width 2.5", C(2, 3, 2.5), "width")]),
    }


def _t_object_detection_experiment():
    from dlnotes.torch import object_detection as nets

    rng_img = np.random.default_rng(0).random((2, 64, 64, 3)).astype(np.float32)

    def yolo(d):
        torch.manual_seed(0)
        return nets.TinyYOLO(2, 3, width=8).to(d).eval()

    return {
        # the trainer runs for minutes: only the up-front argument checks are swept
        "train_detector": E(C(), skip=("valid call",),
                            hyper={"n_train": BAD_INT, "n_test": BAD_INT, "epochs": BAD_INT,
                                   "batch_size": BAD_INT, "lr": BAD_POS, "grid": BAD_INT,
                                   "width": BAD_INT}),
        "detect": E(lambda d: C(yolo(d), rng_img, ((1.5, 1.5), (3.0, 3.0))), arrays=("images",),
                    hyper={"score_threshold": [-0.1, 1.5, NAN],
                           "iou_threshold": [-0.1, 1.5, NAN], "max_boxes": BAD_INT}),
    }


def _np_face_recognition():
    A, P, N = a(4, 3), a(4, 3, seed=1), a(4, 3, seed=2)
    enc = a(6, 3)
    labels = np.array([0, 0, 1, 1, 2, 2])
    return {
        "squared_distance": E(C(A, P), arrays=("a", "b")),
        "pairwise_squared_distances": E(C(A, P[:3]), arrays=("x", "y")),
        "triplet_loss": E(C(A, P, N), arrays=("anchor", "positive", "negative"),
                          hyper={"margin": [-0.1, NAN, math.inf]}),
        "triplet_loss_backward": E(C(A, P, N), arrays=("anchor", "positive", "negative"),
                                   hyper={"margin": [-0.1, NAN, math.inf]}),
        "select_triplets": E(C(enc, labels, strategy="hard"), arrays=("encodings",),
                             hyper={"margin": [-0.1, NAN], "strategy": ["easy"],
                                    "labels": [labels[:5], np.array(["a"] * 6)]}),
        "verify": E(C(A, P, 1.0), arrays=("enc_1", "enc_2"), hyper={"threshold": [-1.0, NAN]}),
        "verification_logit": E(C(A, P, a(3, seed=3), 0.5), arrays=("enc_i", "enc_j", "w"),
                                hyper={"b": [NAN, "b"]}),
        "verification_probability": E(C(A, P, a(3, seed=3), 0.5), arrays=("enc_i", "enc_j", "w"),
                                      extra=[X("logit +-1e4", C(A, P, np.full(3, 1e4), -1e4),
                                               "ok", finite)]),
        "identify": E(C(A, enc, labels, 2.0), arrays=("queries", "gallery"),
                      hyper={"threshold": [-1.0, NAN], "gallery_labels": [labels[:5]]}),
    }


def _t_face_recognition():
    from dlnotes.torch import face_recognition as m

    def enc(d):
        return torch.nn.functional.normalize(t(d, 6, 3), dim=1)

    def head(d):
        torch.manual_seed(0)
        return m.VerificationHead(3).double().to(d)

    def encoder(d):
        torch.manual_seed(0)
        return m.Encoder(4).double().to(d)

    return {
        "squared_distance": E(lambda d: C(t(d, 4, 3), t(d, 4, 3, seed=1)), arrays=("a", "b")),
        "pairwise_squared_distances": E(lambda d: C(t(d, 4, 3), t(d, 2, 3, seed=1)),
                                        arrays=("x", "y")),
        "triplet_loss": E(lambda d: C(t(d, 4, 3), t(d, 4, 3, seed=1), t(d, 4, 3, seed=2)),
                          arrays=("anchor", "positive", "negative"),
                          hyper={"margin": [-0.1, NAN, math.inf]}),
        "select_triplets": E(lambda d: C(enc(d), ints(d, 0, 0, 1, 1, 2, 2)),
                             arrays=("encodings", "labels"),
                             hyper={"margin": [-0.1, NAN], "strategy": ["easy"]}),
        "VerificationHead": E(lambda d: C(t(d, 4, 3), t(d, 4, 3, seed=1), fn=head(d)),
                              arrays=("enc_i", "enc_j"), extra=[X("d 0", C(0), "d")]),
        "Encoder": E(lambda d: C(t(d, 2, 1, 12, 12), fn=encoder(d)), arrays=("x",),
                     extra=[X("d 0", C(0), "d"), X("d 2.5", C(2.5), "d")]),
        "digits_by_class": E(C((7, 8)), hyper={"classes": [(), (10,), (-1,)]}),
        "random_poses": E(lambda d: C(t(d, 2, 1, 8, 8), torch.Generator().manual_seed(0)),
                          arrays=("x",)),
        # training runs for minutes: only the up-front argument checks are swept
        "train_encoder": E(lambda d: C(t(d, 6, 1, 8, 8), ints(d, 0, 0, 1, 1, 2, 2)),
                           skip=("valid call",),
                           hyper={"d": BAD_INT, "steps": BAD_INT, "per_class": [0, 1, 2.5],
                                  "margin": [-0.1, NAN], "lr": BAD_POS, "strategy": ["easy"]}),
        "one_shot_experiment": E(C(), skip=("valid call",),
                                 hyper={"steps": BAD_INT, "d": BAD_INT, "draws": BAD_INT}),
    }


def _np_style_transfer():
    aC, aG = a(4, 5, 3), a(4, 5, 3, seed=1)
    return {
        "content_cost": E(C(aC, aG), arrays=("a_C", "a_G")),
        "content_cost_backward": E(C(aC, aG), arrays=("a_C", "a_G")),
        "gram_matrix": E(C(aC), arrays=("a",)),
        "layer_style_cost": E(C(aC, aG), arrays=("a_S", "a_G")),
        "layer_style_cost_backward": E(C(aC, aG), arrays=("a_S", "a_G")),
        "style_cost": E(C([aC, aC[:2]], [aG, aG[:2]], [0.5, 0.5]),
                        hyper={"weights": [[0.5], [0.5, NAN], [-1.0, 2.0]],
                               "a_G": [[aG]], "a_S": [[]]}),
        "total_cost": E(C(1.0, 2.0), hyper={"alpha": [-1.0, NAN], "beta": [-1.0, NAN],
                                            "j_content": [NAN, "a"], "j_style": [NAN, -1.0]}),
        "content_image": E(C(16), hyper={"size": [0, 2.5, -1]}),
        "style_image": E(C(16), hyper={"size": [0, 2.5, -1], "seed": [-1, "a"]}),
    }


def _t_style_transfer():
    from dlnotes.numpy import style_transfer as ns
    from dlnotes.torch import style_transfer as m

    def fx(d):
        return m.FeatureExtractor(m.small_cnn().double().to(d), {"relu1": 1, "relu2": 4})

    img = ns.content_image(16)
    return {
        "gram_matrix": E(lambda d: C(t(d, 2, 3, 4, 5)), arrays=("a",)),
        "content_cost": E(lambda d: C(t(d, 2, 3, 4, 5), t(d, 2, 3, 4, 5, seed=1)),
                          arrays=("a_C", "a_G")),
        "layer_style_cost": E(lambda d: C(t(d, 2, 3, 4, 5), t(d, 2, 3, 4, 5, seed=1)),
                              arrays=("a_S", "a_G")),
        "style_cost": E(lambda d: C([t(d, 1, 3, 4, 4)], [t(d, 1, 3, 4, 4, seed=1)], [1.0]),
                        hyper={"weights": [[], [NAN], [-1.0]], "a_G": [[]]}),
        "total_cost": E(lambda d: C(t(d, 1)[0].abs(), t(d, 1, seed=1)[0].abs()),
                        hyper={"alpha": [-1.0, NAN], "beta": [-1.0, NAN]}),
        "FeatureExtractor": E(lambda d: C(t(d, 1, 3, 16, 16), fn=fx(d)), arrays=("x",),
                              extra=[X("layer past the end",
                                       C(m.small_cnn(), {"relu9": 99}), "layers"),
                                     X("no layers", C(m.small_cnn(), {}), "layers"),
                                     X("features not Sequential", C(None, {"a": 0}),
                                       "features")]),
        "vgg19_features": E(C([2] * 16), hyper={"widths": [[2] * 15, [0] * 16]}),
        "load_vgg19_features": E(C("/nonexistent/vgg19.pth"), skip=("valid call",),
                                 hyper={"path": [None, 3]}),
        "small_cnn": E(C(1), hyper={"seed": [-1, "a", 2.5]}),
        "to_tensor": E(C(img), arrays=("image",)),
        "to_image": E(lambda d: C(t(d, 1, 3, 4, 4)), arrays=("x",)),
        # optimisation runs for minutes: only the up-front argument checks are swept
        "transfer_style": E(lambda d: C(fx(d), torch.rand(1, 3, 16, 16, dtype=torch.float64,
                                                          device=d),
                                        torch.rand(1, 3, 16, 16, dtype=torch.float64, device=d),
                                        content_layer="relu2",
                                        style_weights={"relu1": 1.0}, steps=1),
                            arrays=("content", "style"),
                            hyper={"content_layer": ["relu7"], "style_weights": [{}, {"x": 1.0}],
                                   "alpha": [-1.0, NAN], "beta": [-1.0, NAN], "steps": BAD_INT}),
        "demo": E(C(), skip=("valid call",), hyper={"size": [0, 2.5]}),
        "random_cnn": E(C((2, 3)), hyper={"widths": [(2, 0), (2, 2.5)], "seed": [-1, "a"]}),
        "random_layers": E(C(2), hyper={"depth": BAD_INT}),
    }


def _t_benchmarks():
    from dlnotes.torch import benchmarks as m

    results = ROOT / "benchmarks" / "results" / "cpu.json"
    data = m.load_results(results)
    return {
        "describe_machine": E(C(data), hyper={"data": [{}, None], "lang": ["fr"]}),
        "format_table": E(C(data), hyper={"data": [{}, None], "lang": ["fr"], "device": ["tpu"]}),
        # a missing file raises FileNotFoundError (naming the file), as open() does
        "load_results": E(C(results), hyper={"path": [None, 3]}),
        "machine_info": E(C()),
        "median_times": E(C([lambda: None], repeats=3, warmup=1),
                          hyper={"repeats": BAD_INT, "warmup": [-1, 2.5], "fns": [[], None, [3]],
                                 "device": ["tpu"]}),
        "ratio_rows": E(C(data), hyper={"data": [{}, None], "device": ["tpu"]}),
    }


BUILDERS = {
    "numpy.attention": _np_attention,
    "numpy.attention_multi_head": _np_attention_multi_head,
    "numpy.batch_norm": _np_batch_norm,
    "numpy.cost_regularization": _np_cost_regularization,
    "numpy.dropout": _np_dropout,
    "numpy.gradient_checking": _np_gradient_checking,
    "numpy.gru_lstm": _np_gru_lstm,
    "numpy.hyperparameter_tuning": _np_hyperparameter_tuning,
    "numpy.initialization": _np_initialization,
    "numpy.mini_batch": _np_mini_batch,
    "numpy.ml_strategy": _np_ml_strategy,
    "numpy.optimization": _np_optimization,
    "numpy.rnn": _np_rnn,
    "numpy.rnn_experiment": _np_rnn_experiment,
    "numpy.softmax_regression": _np_softmax_regression,
    "numpy.transfer_multitask": _np_transfer_multitask,
    "torch.attention": _t_attention,
    "torch.batch_norm": _t_batch_norm,
    "torch.classic_networks": _t_classic_networks,
    "torch.cost_regularization": _t_cost_regularization,
    "torch.dropout": _t_dropout,
    "torch.gradient_checking": _t_gradient_checking,
    "torch.gru_lstm": _t_gru_lstm,
    "torch.initialization": _t_initialization,
    "torch.mini_batch": _t_mini_batch,
    "torch.optimization": _t_optimization,
    "torch.rnn": _t_rnn,
    "torch.softmax_regression": _t_softmax_regression,
    "torch.transfer_multitask": _t_transfer_multitask,
    "numpy.convolutions": _np_convolutions,
    "numpy.transformer": _np_transformer,
    "numpy.word_embeddings": _np_word_embeddings,
    "numpy.word_embeddings_experiment": _np_word_embeddings_experiment,
    "torch.convolutions": _t_convolutions,
    "torch.transformer": _t_transformer,
    "torch.transformer_experiment": _t_transformer_experiment,
    "torch.word_embeddings": _t_word_embeddings,
    "numpy.seq2seq": _np_seq2seq,
    "torch.seq2seq": _t_seq2seq,
    "numpy.object_detection": _np_object_detection,
    "numpy.object_detection_experiment": _np_object_detection_experiment,
    "torch.object_detection": _t_object_detection,
    "torch.object_detection_experiment": _t_object_detection_experiment,
    "numpy.face_recognition": _np_face_recognition,
    "torch.face_recognition": _t_face_recognition,
    "numpy.style_transfer": _np_style_transfer,
    "torch.style_transfer": _t_style_transfer,
    "torch.benchmarks": _t_benchmarks,
    # modules still being written elsewhere: add "<half>.<module>": _builder here
}

# Public callables that are not swept, each with its reason.
EXEMPT = {
    # the process body of ddp_train (rank, store, ...): only ever called by ddp_train itself
    "torch.mini_batch.ddp_worker": "internal worker of ddp_train",
    # runs both experiments (minutes) and prints; it has no arguments to get wrong
    "torch.transfer_multitask.print_results": "no arguments; minutes of training",
    # one_shot_experiment at its defaults, cached: no arguments, a minute of training
    "torch.face_recognition.demo": "no arguments; a minute of training",
}

def _entries(module: str) -> dict[str, E]:
    return {f"{module}.{k}": v for k, v in BUILDERS[module]().items()}


@pytest.mark.parametrize("module", all_modules())
def test_sweep_is_complete(module):
    """Every public callable has a sweep entry or a stated exemption."""
    known = set(_entries(module)) if module in BUILDERS else set()
    missing = missing_entries(module, known, EXEMPT)
    assert not missing, (
        f"not yet covered by the bad-input sweep ({len(missing)}): {', '.join(missing)}; add "
        f"them to BUILDERS[{module!r}] in tests/test_bad_input.py (or to EXEMPT, with a reason)"
    )
    stale = sorted(k for k in known if k not in API)
    assert not stale, f"sweep entries for names that are not public: {stale}"


NUMPY_MODULES = [m for m in all_modules() if m.startswith("numpy.") and m in BUILDERS]
TORCH_MODULES = [m for m in all_modules() if m.startswith("torch.") and m in BUILDERS]


def _sweep_module(module, dev, counts):
    failures, n_cases, n_fns = [], 0, 0
    for name, entry in _entries(module).items():
        if name not in API:
            continue
        n, fails = sweep(name, entry, dev)
        n_fns += 1
        n_cases += n
        failures += [f"{name}: {f}" for f in fails]
    counts["functions"] += n_fns
    counts["cases"] += n_cases
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("module", NUMPY_MODULES)
def test_sweep_numpy(module, counts):
    _sweep_module(module, "cpu", counts)


@pytest.mark.parametrize("module", TORCH_MODULES)
def test_sweep_torch(module, device, counts):
    _sweep_module(module, device, counts)
