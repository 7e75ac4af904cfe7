"""Gradient checking: the checker against known derivatives and autograd, the two-layer
network's backward pass against torch autograd (copied weights, float64), the planted bug
caught, kinks, and torch.autograd.gradcheck as the oracle of the torch half.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import GRAD, PROP, arr, close, covers, seeds, tt
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, ar, sweep_module, tn

from dlnotes.numpy import gradient_checking as gc
from dlnotes.torch import gradient_checking as tgc


def _data(n_x=4, m=7, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n_x, m)), (rng.random((1, m)) < 0.5).astype(float)


def test_numerical_gradient_matches_a_known_derivative():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 2))
    params = {"W": rng.normal(size=(3, 2)), "v": rng.normal(size=5)}

    def f():
        return float(np.sum(np.sin(params["W"]) * A) + 0.5 * params["v"] @ params["v"])

    approx = gc.numerical_gradient(f, params)
    assert gc.relative_error(approx["W"], np.cos(params["W"]) * A) < 1e-8
    assert gc.relative_error(approx["v"], params["v"]) < 1e-8


def test_two_sided_difference_error_shrinks_as_eps_squared():
    """(f(x+e) - f(x-e)) / 2e - f'(x) = f'''(x) e^2 / 6 + O(e^4): known answer for exp."""
    x = {"x": np.array([0.3])}
    for eps in (1e-2, 1e-3):
        g = gc.numerical_gradient(lambda: float(np.exp(x["x"][0])), x, eps)["x"][0]
        assert g - np.exp(0.3) == pytest.approx(np.exp(0.3) * eps**2 / 6, rel=1e-3)


def test_two_layer_backward_equals_torch_autograd():
    params = gc.init_two_layer(4, 5, seed=2)
    X, Y = _data()
    J, cache = gc.two_layer_cost(params, X, Y)
    grads = gc.two_layer_backward(params, cache, Y)
    t = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    z2 = t["W2"] @ torch.relu(t["W1"] @ torch.tensor(X) + t["b1"]) + t["b2"]
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z2, torch.tensor(Y))
    loss.backward()
    assert J == pytest.approx(loss.item(), rel=1e-13)
    for k in params:
        np.testing.assert_allclose(grads[k], t[k].grad.numpy(), rtol=1e-12, atol=1e-15)


def test_correct_backward_passes_the_check_away_from_kinks():
    params = gc.init_two_layer(4, 5, seed=2)
    X, Y = _data()
    J, cache = gc.two_layer_cost(params, X, Y)
    assert gc.kink_distance(cache[1]) > 1e-4  # no ReLU input within reach of eps = 1e-7
    grads = gc.two_layer_backward(params, cache, Y)
    result = gc.grad_check(lambda: gc.two_layer_cost(params, X, Y)[0], params, grads)
    assert result.overall < 1e-7 and result.verdict == "ok"
    assert all(err < 1e-7 for err in result.errors.values())
    # the old interface gives the same per-parameter numbers
    old = gc.check_gradients(lambda: gc.two_layer_cost(params, X, Y)[0], params, grads)
    assert old == pytest.approx(result.errors)


def test_planted_bug_is_caught_and_located():
    params = gc.init_two_layer(4, 5, seed=2)
    X, Y = _data()
    _, cache = gc.two_layer_cost(params, X, Y)
    assert (cache[1] < 0).any()  # the dropped ReLU derivative matters at this point
    bad = gc.two_layer_backward(params, cache, Y, planted_bug=True)
    result = gc.grad_check(lambda: gc.two_layer_cost(params, X, Y)[0], params, bad)
    assert result.verdict == "bug" and result.overall > 1e-3
    assert result.errors["W2"] < 1e-7 and result.errors["b2"] < 1e-7  # layer 2 is right
    assert result.errors["W1"] > 1e-3 and result.errors["b1"] > 1e-3
    assert result.worst[0] in ("W1", "b1")


def test_check_at_a_kink_gives_a_false_alarm_that_moving_away_removes():
    x = {"x": np.array([-1.0, 0.0, 2.0])}

    def f():
        return float(np.maximum(x["x"], 0).sum())

    exact = {"x": (x["x"] > 0).astype(float)}  # the usual convention relu'(0) = 0
    assert gc.grad_check(f, x, exact).overall > 0.1  # the difference straddles the kink: 0.5
    x["x"] = gc.away_from_kinks(x["x"], margin=1e-3)
    np.testing.assert_array_equal(x["x"], [-1.0, 1e-3, 2.0])
    assert gc.grad_check(f, x, {"x": (x["x"] > 0).astype(float)}).overall < 1e-9
    assert gc.kink_distance([-3.0, 0.25, 5.0]) == 0.25


@pytest.mark.parametrize("error,expected", [
    (0.0, "ok"), (1e-7, "ok"), (9.9e-7, "ok"), (1e-5, "suspicious"), (9.9e-5, "suspicious"),
    (1e-3, "bug"), (1.0, "bug"),
])
def test_reading_of_the_relative_error(error, expected):
    assert gc.verdict(error) == expected


def test_zero_gradients_are_compared_absolutely():
    assert gc.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gc.relative_error(np.full(3, 1e-14), np.zeros(3)) == 0.0
    # a parameter the cost does not depend on: its difference quotient is exactly 0 here
    p = {"w": np.array([1.0, 2.0]), "unused": np.array([3.0])}
    result = gc.grad_check(lambda: float(p["w"] @ p["w"]), p,
                           {"w": 2 * p["w"], "unused": np.zeros(1)})
    assert result.errors["unused"] == 0.0 and result.verdict == "ok"


# --- torch half -------------------------------------------------------------------------------

def _sigmoid_problem(device, planted_bug):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(6, generator=g, dtype=torch.float64).to(device)
    w = torch.randn(6, generator=g, dtype=torch.float64).to(device)
    params = {"x": x}
    return params, (lambda: (tgc.SigmoidFunction.apply(params["x"], planted_bug) * w).sum())


@pytest.mark.parametrize("planted_bug", [False, True])
def test_torch_check_agrees_with_torch_autograd_gradcheck(device, planted_bug):
    params, f = _sigmoid_problem(device, planted_bug)
    ours = tgc.grad_check(f, params)
    x = params["x"].clone().requires_grad_(True)
    # the oracle checks the Function itself (its Jacobian, column by column)
    oracle = torch.autograd.gradcheck(lambda t: tgc.SigmoidFunction.apply(t, planted_bug), (x,),
                                      raise_exception=False)
    assert oracle is (not planted_bug)
    assert ours.verdict == ("bug" if planted_bug else "ok")
    if not planted_bug:
        assert ours.overall < 1e-7


def test_torch_numerical_gradient_equals_numpy_one(device):
    W = np.random.default_rng(5).normal(size=(3, 4))
    npd = {"W": W.copy()}
    thd = {"W": torch.tensor(W, device=device)}
    a = gc.numerical_gradient(lambda: float(np.tanh(npd["W"]).sum() ** 2), npd)
    b = tgc.numerical_gradient(lambda: torch.tanh(thd["W"]).sum() ** 2, thd)
    assert b["W"].device.type == device
    np.testing.assert_allclose(b["W"].cpu().numpy(), a["W"], rtol=1e-6)
    np.testing.assert_array_equal(thd["W"].cpu().numpy(), W)  # restored after the check


def test_torch_check_of_a_module_with_autograd(device):
    torch.manual_seed(0)
    lin = torch.nn.Linear(3, 2).double().to(device)
    x = torch.randn(5, 3, dtype=torch.float64, device=device)
    params = {"weight": lin.weight.detach().clone(), "bias": lin.bias.detach().clone()}

    def f():
        return torch.nn.functional.linear(x, params["weight"], params["bias"]).tanh().sum()

    assert tgc.grad_check(f, params).overall < 1e-7


# --- bad input --------------------------------------------------------------------------------

def _msg(arg):
    return "^" + re.escape(arg)


@pytest.mark.parametrize("call,exc,arg", [
    (lambda: gc.numerical_gradient(lambda: 0.0, {"w": np.zeros(2, np.float32)}), TypeError,
     "params['w']"),
    (lambda: gc.numerical_gradient(lambda: 0.0, {"w": np.zeros(2)}, eps=0), ValueError, "eps"),
    (lambda: gc.grad_check(lambda: 0.0, {"w": np.zeros(2)}, {"v": np.zeros(2)}), ValueError,
     "grads"),
    (lambda: gc.grad_check(lambda: 0.0, {"w": np.zeros(2)}, {"w": np.zeros(3)}), ValueError,
     "grads['w']"),
    (lambda: gc.grad_check(lambda: 0.0, [np.zeros(2)], {"w": np.zeros(2)}), TypeError,
     "params and grads"),
    (lambda: gc.grad_check(lambda: 0.0, {"w": np.zeros(2)}, {"w": np.zeros(2)}, floor=0),
     ValueError, "floor"),
    (lambda: gc.verdict(-1e-3), ValueError, "error"),
    (lambda: gc.away_from_kinks([0.0], margin=-1), ValueError, "margin"),
    (lambda: gc.kink_distance([]), ValueError, "z"),
    (lambda: gc.init_two_layer(0, 3), ValueError, "n_x"),
    (lambda: gc.two_layer_cost(gc.init_two_layer(4, 3), np.zeros((3, 5)), np.zeros((1, 5))),
     ValueError, "X"),
    (lambda: gc.two_layer_cost(gc.init_two_layer(4, 3), np.zeros((4, 5), complex),
                               np.zeros((1, 5))), TypeError, "X"),
    (lambda: gc.two_layer_cost(gc.init_two_layer(4, 3), np.zeros((4, 5)), np.zeros((5,))),
     ValueError, "Y"),
    (lambda: gc.two_layer_cost(gc.init_two_layer(4, 3), np.zeros((4, 2)), [[0.0, 2.0]]),
     ValueError, "Y"),
    (lambda: gc.two_layer_cost({"W1": np.zeros((3, 4))}, np.zeros((4, 2)), [[0.0, 1.0]]),
     ValueError, "params"),
    (lambda: tgc.grad_check(lambda: torch.zeros(()), {"w": torch.zeros(2)}), TypeError,
     "params['w']"),
    (lambda: tgc.grad_check(lambda: torch.zeros(()), {}), ValueError, "params"),
    (lambda: tgc.grad_check(lambda: torch.zeros(2, dtype=torch.float64),
                            {"w": torch.zeros(2, dtype=torch.float64)}), ValueError, "f"),
    (lambda: tgc.numerical_gradient(lambda: torch.zeros(()),
                                    {"w": torch.zeros(2, dtype=torch.float64)}, eps=-1),
     ValueError, "eps"),
])
def test_bad_input_is_rejected_by_name(call, exc, arg):
    with pytest.raises(exc, match=_msg(arg)):
        call()


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, n_x=st.integers(1, 4), n_h=st.integers(1, 4), m=st.integers(1, 5))
@covers("numpy.gradient_checking.numerical_gradient", "numpy.gradient_checking.relative_error",
        "numpy.gradient_checking.grad_check", "numpy.gradient_checking.check_gradients",
        "numpy.gradient_checking.compare", "numpy.gradient_checking.GradCheck",
        "numpy.gradient_checking.verdict", "numpy.gradient_checking.two_layer_cost",
        "numpy.gradient_checking.two_layer_backward", "numpy.gradient_checking.init_two_layer",
        "numpy.gradient_checking.kink_distance", "numpy.gradient_checking.away_from_kinks")
def test_numpy_gradient_checking_against_autograd(seed, n_x, n_h, m):
    rng = np.random.default_rng(seed)
    params = gc.init_two_layer(n_x, n_h, seed=seed % 1000)
    X = arr(rng, (n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    Z1 = params["W1"] @ X + params["b1"]
    assume_away = gc.kink_distance(Z1) > 1e-4
    T = {k: tt(v, "cpu", grad=True) for k, v in params.items()}
    z2 = T["W2"] @ torch.relu(T["W1"] @ tt(X, "cpu") + T["b1"]) + T["b2"]
    J = F.binary_cross_entropy_with_logits(z2, tt(Y, "cpu"))
    J.backward()
    cost, cache = gc.two_layer_cost(params, X, Y)
    close(cost, J)
    grads = gc.two_layer_backward(params, cache, Y)
    for k in params:
        close(grads[k], T[k].grad, GRAD)
    if assume_away:
        result = gc.grad_check(lambda: gc.two_layer_cost(params, X, Y)[0], params, grads)
        assert result.overall < 1e-5 and gc.verdict(result.overall) in ("ok", "suspicious")
        errs = gc.check_gradients(lambda: gc.two_layer_cost(params, X, Y)[0], params, grads)
        assert max(errs.values()) < 1e-5
    num = gc.numerical_gradient(lambda: float(np.sum(params["W1"] ** 3)), {"W1": params["W1"]})
    close(num["W1"], 3 * params["W1"] ** 2, {"rtol": 1e-5, "atol": 1e-7})
    a, b = rng.standard_normal(5), rng.standard_normal(5)
    e = gc.relative_error(a, b)
    assert 0 <= e <= 1 and e == pytest.approx(gc.relative_error(b, a))
    assert gc.relative_error(a, a) == 0
    assert gc.compare({"a": a}, {"a": b}).errors["a"] == pytest.approx(e)
    moved = gc.away_from_kinks(a, 0.5)
    assert gc.kink_distance(moved) >= 0.5 - 1e-12
    assert gc.kink_distance(a) == pytest.approx(np.abs(a).min())


@PROP
@given(seed=seeds, n=st.integers(1, 6))
@covers("torch.gradient_checking.numerical_gradient", "torch.gradient_checking.autograd_gradient",
        "torch.gradient_checking.grad_check", "torch.gradient_checking.SigmoidFunction")
def test_torch_gradient_checking(device, seed, n):
    rng = np.random.default_rng(seed)
    p = {"w": tt(rng.standard_normal(n), device)}

    def f():
        return (tgc.SigmoidFunction.apply(p["w"]) ** 2).sum()

    auto = tgc.autograd_gradient(f, p)
    num = tgc.numerical_gradient(f, p)
    s = torch.sigmoid(p["w"])
    close(auto["w"], 2 * s * s * (1 - s), GRAD)
    close(num["w"], auto["w"], {"rtol": 1e-6, "atol": 1e-8})
    assert tgc.grad_check(f, p).overall < 1e-6




# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    from dlnotes.numpy import gradient_checking as m

    p = {"w": ar(3)}

    def f():
        return float(np.sum(p["w"] ** 2))

    params = m.init_two_layer(3, 4)
    X_, Y_ = ar(3, 5), (ar(1, 5) > 0).astype(float)
    _, cache = m.two_layer_cost(params, X_, Y_)
    return {
        "numerical_gradient": E(C(f, p), hyper={"eps": BAD_POS, "params": [{"w": "abc"}]}),
        "relative_error": E(C(ar(3), ar(3, seed=1)), arrays=("approx", "exact"),
                            hyper={"floor": [-1.0, NAN]}),
        "check_gradients": E(C(f, p, {"w": 2 * p["w"]}), hyper={"eps": BAD_POS,
                                                                "grads": [{"v": ar(3)}]}),
        "verdict": E(C(1e-8), hyper={"error": [-1.0, NAN, "x"]}),
        "GradCheck": E(C({"w": 1e-9}, 1e-9, ("w", (0,)))),
        "compare": E(C({"w": ar(3)}, {"w": ar(3, seed=1)}),
                     hyper={"exact": [{"v": ar(3)}, {"w": ar(4)}], "floor": [-1.0]}),
        "grad_check": E(C(f, p, {"w": 2 * p["w"]}), hyper={"eps": BAD_POS, "floor": [-1.0]}),
        "kink_distance": E(C(ar(3, 4)), arrays=("z",)),
        "away_from_kinks": E(C(ar(3, 4), 0.1), arrays=("x",), hyper={"margin": [-1.0, NAN]}),
        "init_two_layer": E(C(3, 4), hyper={"n_x": BAD_INT, "n_h": BAD_INT}),
        "two_layer_cost": E(C(params, X_, Y_), arrays=("X", "Y")),
        "two_layer_backward": E(C(params, cache, Y_), arrays=("Y",)),
    }


def _torch_sweep():
    from dlnotes.torch import gradient_checking as m

    def setup(d):
        p = {"w": tn(d, 3)}
        return p, (lambda: (p["w"] ** 2).sum())

    def make(d, *extra):
        p, f = setup(d)
        return C(f, p, *extra)

    return {
        "numerical_gradient": E(make, hyper={"eps": BAD_POS}),
        "autograd_gradient": E(make, hyper={"params": [{"w": np.ones(3)}]}),
        "grad_check": E(make, hyper={"eps": BAD_POS, "floor": [-1.0]}),
        "SigmoidFunction": E(lambda d: C(tn(d, 3), fn=m.SigmoidFunction.apply)),
    }


SWEEP = {"numpy.gradient_checking": _numpy_sweep, "torch.gradient_checking": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.gradient_checking", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.gradient_checking", _torch_sweep, device)
