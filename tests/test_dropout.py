"""Dropout: inverted dropout against its definition (statistical tests with stated tolerances),
against F.dropout's semantics (same mask, same output; eval mode; p = 1 - keep_prob), the
backward pass against autograd and finite differences, and the chapter's claim that a gradient
check fails while dropout draws new masks.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, PROP, close, covers, seeds, tt
from sweep_support import NAN, C, E, X, ar, sweep_module, tn

from dlnotes.numpy import cost_regularization as cr
from dlnotes.numpy import dropout as nd
from dlnotes.numpy import mlp
from dlnotes.numpy.gradient_checking import check_gradients
from dlnotes.torch import dropout as td

# Statistical tolerance: a deviation is flagged beyond 5 standard errors (two-sided
# probability < 6e-7 per check under the null; the seeds are fixed, so the tests are
# deterministic anyway).
Z_MAX = 5.0


@pytest.mark.parametrize("keep_prob", [0.2, 0.5, 0.8])
def test_kept_fraction_and_values_follow_the_definition(keep_prob):
    A = np.random.default_rng(0).uniform(0.5, 2.0, size=(200, 500))
    out, mask = nd.dropout_forward(A, keep_prob, rng=1)
    n = A.size
    se = np.sqrt(keep_prob * (1 - keep_prob) / n)
    assert abs(mask.mean() - keep_prob) < Z_MAX * se
    np.testing.assert_array_equal(out[~mask], 0.0)
    np.testing.assert_allclose(out[mask], A[mask] / keep_prob, rtol=1e-15)


@pytest.mark.parametrize("keep_prob", [0.3, 0.8])
def test_expected_activation_is_preserved(keep_prob):
    """E[A * D / keep_prob] = A: averaged over T draws, each entry is within 5 standard errors
    (se = |A| sqrt((1 - keep_prob) / (keep_prob T)))."""
    rng = np.random.default_rng(2)
    A = rng.normal(size=(10, 20))
    T = 4000
    total = np.zeros_like(A)
    for _ in range(T):
        total += nd.dropout_forward(A, keep_prob, rng)[0]
    mean = total / T
    se = np.abs(A) * np.sqrt((1 - keep_prob) / (keep_prob * T))
    assert np.all(np.abs(mean - A) <= Z_MAX * se)
    # without the division by keep_prob the mean would be keep_prob * A: clearly rejected
    assert np.mean(np.abs(keep_prob * mean - A) > Z_MAX * se) > 0.9


def test_nothing_is_dropped_at_test_time_or_with_keep_prob_1(device):
    A = np.random.default_rng(0).normal(size=(5, 7))
    out, mask = nd.dropout_forward(A, 0.5, rng=0, training=False)
    assert mask is None and np.array_equal(out, A)
    out, mask = nd.dropout_forward(A, 1.0, rng=0)
    assert mask.all() and np.array_equal(out, A)
    x = torch.tensor(A, device=device)
    assert torch.equal(td.dropout(x, 0.5, training=False), x)
    assert torch.equal(td.dropout(x, 1.0), x)
    module = td.Dropout(0.5)
    module.eval()
    assert torch.equal(module(x), x)
    assert torch.equal(F.dropout(x, p=0.5, training=False), x)  # the semantics we follow


@pytest.mark.parametrize("keep_prob", [0.5, 0.9])
def test_same_mask_gives_the_output_of_F_dropout(keep_prob, device):
    """F.dropout(x, p) draws a mask and scales by 1/(1-p). Recover its mask from a run on
    ones with the same RNG state, then our NumPy forward with that mask must give F.dropout's
    output, with p = 1 - keep_prob."""
    x = torch.randn(40, 30, dtype=torch.float64, device=device)
    torch.manual_seed(11)
    ref = F.dropout(x, p=1 - keep_prob, training=True)
    torch.manual_seed(11)
    mask = F.dropout(torch.ones_like(x), p=1 - keep_prob, training=True) != 0
    ours, _ = nd.dropout_forward(x.cpu().numpy(), keep_prob, mask=mask.cpu().numpy())
    np.testing.assert_allclose(ours, ref.cpu().numpy(), rtol=1e-15)


@pytest.mark.parametrize("keep_prob", [0.25, 0.75])
def test_torch_dropout_matches_F_dropout_in_distribution(keep_prob, device):
    x = torch.full((400, 500), 3.0, dtype=torch.float64, device=device)
    gen = torch.Generator(device=device).manual_seed(0)
    ours = td.dropout(x, keep_prob, generator=gen)
    assert ours.device.type == device
    torch.manual_seed(0)
    ref = F.dropout(x, p=1 - keep_prob)
    for out in (ours, ref):
        assert set(torch.unique(out).tolist()) == {0.0, 3.0 / keep_prob}
        se = (keep_prob * (1 - keep_prob) / x.numel()) ** 0.5
        assert abs((out != 0).double().mean().item() - keep_prob) < Z_MAX * se


def test_dropout_backward_matches_autograd_and_finite_differences(device):
    rng = np.random.default_rng(3)
    A = rng.normal(size=(6, 8))
    G = rng.normal(size=A.shape)
    out, mask = nd.dropout_forward(A, 0.6, rng)
    dA = nd.dropout_backward(G, mask, 0.6)
    a = torch.tensor(A, device=device, requires_grad=True)
    (a * torch.tensor(mask, device=device) / 0.6).backward(torch.tensor(G, device=device))
    np.testing.assert_allclose(dA, a.grad.cpu().numpy(), rtol=1e-15)
    params = {"A": A.copy()}
    err = check_gradients(lambda: float(np.sum(G * nd.dropout_forward(
        params["A"], 0.6, mask=mask)[0])), params, {"A": dA})
    assert err["A"] < 1e-7
    x = torch.randn(5, 4, dtype=torch.float64, device=device, requires_grad=True)
    gen = torch.Generator(device=device).manual_seed(4)
    y = td.dropout(x, 0.5, generator=gen)
    y.sum().backward()
    torch.testing.assert_close(x.grad, (y != 0).double() / 0.5)


def _net(seed=0):
    rng = np.random.default_rng(seed)
    dims = [3, 10, 8, 1]
    params = {}
    for k in range(1, len(dims)):
        params[f"W{k}"] = rng.normal(size=(dims[k], dims[k - 1])) * np.sqrt(2 / dims[k - 1])
        params[f"b{k}"] = rng.normal(size=(dims[k], 1)) * 0.1
    X = rng.normal(size=(3, 12))
    Y = (rng.uniform(size=(1, 12)) > 0.5).astype(float)
    return params, X, Y


def _grads(params, X, Y, keep_prob, rng=None, masks=None):
    Z, cache = nd.dropout_mlp_forward(X, params, keep_prob, rng, masks=masks, hidden="tanh")
    return nd.dropout_mlp_backward(cr.logistic_cost(Z, Y)[1], cache, params), cache


def test_network_backward_with_dropout_matches_autograd():
    params, X, Y = _net()
    grads, cache = _grads(params, X, Y, 0.7, rng=5)
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    D = {k: torch.tensor(m, dtype=torch.float64) / 0.7 for k, m in cache["masks"].items()}
    a = torch.tensor(X)
    for k in (1, 2):
        a = torch.tanh(tp[f"W{k}"] @ a + tp[f"b{k}"]) * D[k]
    z = tp["W3"] @ a + tp["b3"]
    F.binary_cross_entropy_with_logits(z, torch.tensor(Y)).backward()
    for k in params:
        np.testing.assert_allclose(grads[k], tp[k].grad.numpy(), rtol=1e-10, atol=1e-15)


def test_gradient_check_fails_with_dropout_on_and_passes_with_it_off_or_frozen():
    """The chapter's demonstration: J with fresh masks is a different function at every call,
    so finite differences of it are noise; freeze the masks or turn dropout off to check."""
    params, X, Y = _net()
    rng = np.random.default_rng(6)

    def J(keep_prob, masks=None):
        return lambda: cr.logistic_cost(nd.dropout_mlp_forward(
            X, params, keep_prob, rng, masks=masks, hidden="tanh")[0], Y)[0]

    grads, cache = _grads(params, X, Y, 0.5, rng=rng)
    on = max(check_gradients(J(0.5), params, grads).values())
    frozen = max(check_gradients(J(0.5, cache["masks"]), params, grads).values())
    grads_off, _ = _grads(params, X, Y, 1.0, rng=rng)
    off = max(check_gradients(J(1.0), params, grads_off).values())
    assert on > 1e-2
    assert frozen < 1e-7 and off < 1e-7


def test_cost_with_dropout_on_is_a_random_variable():
    params, X, Y = _net()
    rng = np.random.default_rng(7)
    costs = [cr.logistic_cost(nd.dropout_mlp_forward(X, params, 0.5, rng, hidden="tanh")[0],
                              Y)[0] for _ in range(50)]
    clean = [cr.logistic_cost(nd.dropout_mlp_forward(X, params, 0.5, rng, hidden="tanh",
                                                     training=False)[0], Y)[0]
             for _ in range(3)]
    assert np.std(costs) > 0.05 and len(set(clean)) == 1


def test_dropout_module_in_a_network_is_switched_by_train_and_eval(device):
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), td.Dropout(0.5),
                              torch.nn.Linear(16, 1)).to(device)
    x = torch.randn(8, 4, device=device)
    net.train()
    assert not torch.equal(net(x), net(x))
    net.eval()
    assert torch.equal(net(x), net(x))
    assert "keep_prob=0.5" in repr(net)


@pytest.mark.parametrize("call,exc,match", [
    (lambda: nd.dropout_forward(np.ones((2, 2)), 0.0, rng=0), ValueError, "^keep_prob"),
    (lambda: nd.dropout_forward(np.ones((2, 2)), 1.5, rng=0), ValueError, "^keep_prob"),
    (lambda: nd.dropout_forward(np.ones((2, 2)), -0.2, rng=0), ValueError, "^keep_prob"),
    (lambda: nd.dropout_forward(np.ones((2, 2)), float("nan"), rng=0), ValueError,
     "^keep_prob"),
    (lambda: nd.dropout_forward(np.ones((2, 2)), "0.5", rng=0), TypeError, "^keep_prob"),
    (lambda: nd.dropout_forward(np.ones((2, 2)), 0.5), ValueError, "^rng"),
    (lambda: nd.dropout_forward(np.ones((2, 2)), 0.5, rng="x"), TypeError, "^rng"),
    (lambda: nd.dropout_forward(np.ones((2, 2)), 0.5, mask=np.ones((2, 3), bool)),
     ValueError, "^mask"),
    (lambda: nd.dropout_forward(np.ones((2, 2)), 0.5, mask=np.ones((2, 2))), TypeError,
     "^mask"),
    (lambda: nd.dropout_forward(np.array([["a"]]), 0.5, rng=0), TypeError, "^A"),
    (lambda: nd.dropout_backward(np.ones((2, 2)), np.ones((2, 2), bool), 2.0), ValueError,
     "^keep_prob"),
    (lambda: nd.dropout_mlp_forward(np.ones((3, 4)), _net()[0], 0.5, rng=0, masks={1: None}),
     ValueError, "^masks"),
    (lambda: nd.dropout_mlp_forward(np.ones((3, 4)), _net()[0], 0.5), ValueError, "^rng"),
    (lambda: nd.dropout_mlp_forward(np.ones((2, 4)), _net()[0], 0.5, rng=0), ValueError,
     "^X must"),
    (lambda: td.dropout(torch.ones(2), 0.0), ValueError, "^keep_prob"),
    (lambda: td.dropout(torch.ones(2), 1.01), ValueError, "^keep_prob"),
    (lambda: td.dropout(torch.ones(2, dtype=torch.int64), 0.5), TypeError, "^x must"),
    (lambda: td.dropout(torch.ones(2), 0.5, generator=1), TypeError, "^generator"),
    (lambda: td.Dropout(keep_prob=0), ValueError, "^keep_prob"),
])
def test_bad_input_is_rejected_with_a_message_naming_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_dropout_network_without_dropout_is_the_plain_network():
    params, X, _ = _net()
    plain, _ = mlp.mlp_forward(X, params, hidden="tanh")
    for kwargs in ({"keep_prob": 1.0, "rng": 0}, {"keep_prob": 0.5, "training": False}):
        out, cache = nd.dropout_mlp_forward(X, params, hidden="tanh", **kwargs)
        np.testing.assert_array_equal(out, plain)


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, shape=st.tuples(st.integers(1, 5), st.integers(1, 6)),
       keep_prob=st.floats(0.05, 1.0))
@covers("numpy.dropout.dropout_mask", "numpy.dropout.dropout_forward",
        "numpy.dropout.dropout_backward", "torch.dropout.dropout", "torch.dropout.Dropout")
def test_inverted_dropout_identities(device, seed, shape, keep_prob):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal(shape)
    mask = nd.dropout_mask(shape, keep_prob, np.random.default_rng(seed))
    out = nd.dropout_forward(A, keep_prob, mask=mask)
    out = out[0] if isinstance(out, tuple) else out
    close(out, A * mask / keep_prob)
    dout = rng.standard_normal(shape)
    close(nd.dropout_backward(dout, mask, keep_prob), dout * mask / keep_prob)
    test_time = nd.dropout_forward(A, keep_prob, training=False)
    close(test_time[0] if isinstance(test_time, tuple) else test_time, A)
    x = tt(A, device)
    g = torch.Generator(device=device).manual_seed(seed)
    y = td.dropout(x, keep_prob, generator=g)
    kept = y != 0
    close(y[kept], x[kept] / keep_prob)
    if keep_prob == 1.0:
        close(y, x)
    mod = td.Dropout(keep_prob).eval()
    close(mod(x), x)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.dropout.dropout_mlp_forward",
    "numpy.dropout.dropout_mlp_backward",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    from dlnotes.numpy import dropout as m

    params = {"W1": ar(4, 3), "b1": ar(4, 1), "W2": ar(2, 4), "b2": ar(2, 1)}
    rng = np.random.default_rng(0)
    mask = m.dropout_mask((3, 4), 0.8, rng)
    _, cache = m.dropout_mlp_forward(ar(3, 5), params, 0.8, np.random.default_rng(0))
    return {
        "dropout_mask": E(lambda d: C((3, 4), 0.8, np.random.default_rng(0)),
                          hyper={"keep_prob": [0.0, 1.5, NAN], "shape": [(3, -1)]}),
        "dropout_forward": E(lambda d: C(ar(3, 4), 0.8, np.random.default_rng(0)), arrays=("A",),
                             hyper={"keep_prob": [0.0, 1.5, NAN]}),
        "dropout_backward": E(C(ar(3, 4), mask, 0.8), arrays=("dout", "mask"),
                              hyper={"keep_prob": [0.0, 1.5, NAN]}),
        "dropout_mlp_forward": E(lambda d: C(ar(3, 5), params, 0.8, np.random.default_rng(0)),
                                 arrays=("X",), hyper={"keep_prob": [0.0, 1.5, NAN],
                                                       "hidden": ["elu"]}),
        "dropout_mlp_backward": E(C(ar(2, 5), cache, params), arrays=("dAL",)),
    }


def _torch_sweep():
    from dlnotes.torch import dropout as m

    return {
        "dropout": E(lambda d: C(tn(d, 3, 4), 0.8), arrays=("x",),
                     hyper={"keep_prob": [0.0, 1.5, NAN]}),
        "Dropout": E(lambda d: C(tn(d, 3, 4), fn=m.Dropout(0.8)), arrays=("x",),
                     extra=[X("keep_prob 0", C(0.0), "keep_prob"),
                            X("keep_prob nan", C(NAN), "keep_prob")]),
    }


SWEEP = {"numpy.dropout": _numpy_sweep, "torch.dropout": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.dropout", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.dropout", _torch_sweep, device)
