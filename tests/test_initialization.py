"""Initialization: our initializers against torch.nn.init in distribution (a statistical test
with stated tolerances), the variance arguments against known answers, the NumPy depth
measurement against the torch one (autograd, copied weights), and the deep linear net W = cI
against its closed form.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, PROP, close, covers, seeds
from scipy import stats
from sweep_support import BAD_INT, NAN, C, E, ar, sweep_module, tn

from dlnotes.numpy import initialization as ini
from dlnotes.numpy import mlp
from dlnotes.torch import initialization as tini

SHAPE = (300, 500)  # (fan_out, fan_in): 150,000 samples per draw
FAN_OUT, FAN_IN = SHAPE
N = FAN_OUT * FAN_IN

# name: (NumPy initializer, our torch initializer, torch.nn.init oracle, exact std)
CASES = {
    "naive": (lambda s, r: ini.naive_normal(s, r), tini.naive_normal_,
              lambda t: torch.nn.init.normal_(t, std=0.01), 0.01),
    "lecun": (ini.lecun_normal, None,
              lambda t: torch.nn.init.kaiming_normal_(t, nonlinearity="linear"),
              math.sqrt(1 / FAN_IN)),
    "xavier_normal": (ini.xavier_normal, tini.xavier_normal_, torch.nn.init.xavier_normal_,
                      math.sqrt(2 / (FAN_IN + FAN_OUT))),
    "xavier_uniform": (ini.xavier_uniform, tini.xavier_uniform_, torch.nn.init.xavier_uniform_,
                       math.sqrt(2 / (FAN_IN + FAN_OUT))),
    "he_normal": (ini.he_normal, tini.he_normal_,
                  lambda t: torch.nn.init.kaiming_normal_(t, nonlinearity="relu"),
                  math.sqrt(2 / FAN_IN)),
    "he_uniform": (ini.he_uniform, tini.he_uniform_,
                   lambda t: torch.nn.init.kaiming_uniform_(t, nonlinearity="relu"),
                   math.sqrt(2 / FAN_IN)),
}

# Tolerances of the statistical test. With n = 150,000 samples the sample std has a relative
# standard error of about 1/sqrt(2n) = 0.18% (normal; less for uniform), so 1% is > 5 standard
# errors; the mean's standard error is std/sqrt(n) = 0.26% of the std, so 1.5% is > 5. The
# two-sample Kolmogorov-Smirnov test must not reject "same distribution" at the 0.1% level.
STD_RTOL, MEAN_ATOL_IN_STDS, KS_ALPHA = 0.01, 0.015, 1e-3


def _check_distribution(ours, oracle, std, uniform):
    assert abs(ours.std() / std - 1) < STD_RTOL
    assert abs(oracle.std() / std - 1) < STD_RTOL
    assert abs(ours.mean()) < MEAN_ATOL_IN_STDS * std
    assert stats.ks_2samp(ours.ravel(), oracle.ravel()).pvalue > KS_ALPHA
    if uniform:  # the same support [-a, a]
        a = math.sqrt(3) * std
        assert np.abs(ours).max() <= a and np.abs(ours).max() > 0.999 * a


@pytest.mark.parametrize("name", CASES)
def test_numpy_initializers_match_torch_nn_init_in_distribution(name):
    ours_fn, _, oracle_fn, std = CASES[name]
    ours = ours_fn(SHAPE, np.random.default_rng(0))
    torch.manual_seed(0)
    oracle = oracle_fn(torch.empty(SHAPE, dtype=torch.float64)).numpy()
    _check_distribution(ours, oracle, std, "uniform" in name)


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c[1] is not None])
def test_torch_initializers_match_torch_nn_init_in_distribution(name, device):
    _, ours_fn, oracle_fn, std = CASES[name]
    gen = torch.Generator(device=device).manual_seed(1)
    ours = ours_fn(torch.empty(SHAPE, dtype=torch.float64, device=device), generator=gen)
    assert ours.device.type == device
    torch.manual_seed(2)
    oracle = oracle_fn(torch.empty(SHAPE, dtype=torch.float64, device=device))
    _check_distribution(ours.cpu().numpy(), oracle.cpu().numpy(), std, "uniform" in name)


def test_seeds_make_initialization_reproducible(device):
    a = ini.initialize_parameters([4, 3, 2], "he", rng=7)
    b = ini.initialize_parameters([4, 3, 2], "he", rng=np.random.default_rng(7))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert all(not np.any(a[f"b{k}"]) for k in (1, 2))
    t1 = tini.he_normal_(torch.empty(5, 3, device=device),
                         generator=torch.Generator(device=device).manual_seed(3))
    t2 = tini.he_normal_(torch.empty(5, 3, device=device),
                         generator=torch.Generator(device=device).manual_seed(3))
    assert torch.equal(t1, t2)


# ------------------------------------------------------------------ scale vs depth

WIDTH, M, DEPTH = 50, 100, 20  # small enough that BLAS stays single-threaded


def _x(seed=0):
    return np.random.default_rng(seed).standard_normal((WIDTH, M))


def test_variance_halves_per_relu_layer_with_1_over_n_and_is_kept_with_2_over_n():
    """Known answer: for ReLU, E[a^2] after a layer = n Var(w) E[a_prev^2] / 2."""
    dims = [WIDTH] * (DEPTH + 1)
    ratios = {}
    for method in ("lecun", "he"):
        params = ini.initialize_parameters(dims, method, rng=3)
        _, cache = mlp.mlp_forward(_x(), params, hidden="relu")
        ms = np.array([np.mean(cache["A"][k] ** 2) for k in range(1, DEPTH)])
        ratios[method] = np.exp(np.mean(np.log(ms[1:] / ms[:-1])))  # geometric mean
    assert ratios["lecun"] == pytest.approx(0.5, abs=0.08)
    assert ratios["he"] == pytest.approx(1.0, abs=0.15)


def test_naive_init_makes_the_signal_and_the_gradients_vanish():
    params = ini.initialize_parameters([WIDTH] * (DEPTH + 1), "naive", rng=0)
    act, grad = ini.scale_by_depth(params, _x(), hidden="relu")
    assert act[-1] < 1e-15 * act[0]
    assert np.all(grad < 1e-15)
    params = ini.initialize_parameters([WIDTH] * (DEPTH + 1), "he", rng=0)
    act, grad = ini.scale_by_depth(params, _x(), hidden="relu")
    assert 0.2 < act[-2] / act[0] < 5 and 0.2 < grad[0] / grad[-1] < 5


def test_relu_keeps_gradients_alive_where_sigmoid_lets_them_vanish():
    dims = [WIDTH] * (DEPTH + 1)
    _, g_relu = ini.scale_by_depth(ini.initialize_parameters(dims, "he", 0), _x(), hidden="relu")
    _, g_sig = ini.scale_by_depth(ini.initialize_parameters(dims, "xavier", 0), _x(),
                                  hidden="sigmoid")
    assert 0.2 < g_relu[0] / g_relu[-1] < 5
    assert g_sig[0] / g_sig[-1] < 1e-8  # sigma' <= 1/4 at every layer


@pytest.mark.parametrize("activation,method", [("relu", "he"), ("sigmoid", "xavier"),
                                               ("tanh", "naive")])
def test_numpy_depth_measurement_matches_torch_autograd(activation, method, device):
    dims = [WIDTH, 40, 30, 20, 10]
    gen = torch.Generator().manual_seed(0)
    net = tini.make_mlp(dims, activation, method, generator=gen).to(device, torch.float64)
    params = {}
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    for k, lin in enumerate(linears, start=1):
        params[f"W{k}"] = lin.weight.detach().cpu().numpy().copy()
        params[f"b{k}"] = lin.bias.detach().cpu().numpy()[:, None].copy()
    X = _x(1)
    act, grad = ini.scale_by_depth(params, X, hidden=activation, seed=5)
    dAL = np.random.default_rng(5).standard_normal((dims[-1], M)) / M  # what scale_by_depth uses
    t_act, t_grad = tini.scale_by_depth(net, torch.tensor(X.T, device=device),
                                        torch.tensor(dAL.T, device=device))
    assert t_act.device.type == device
    np.testing.assert_allclose(act, t_act.cpu().numpy(), rtol=1e-10)
    np.testing.assert_allclose(grad, t_grad.cpu().numpy(), rtol=1e-10)


@pytest.mark.parametrize("c", [0.5, 0.9, 1.0, 1.1, 2.0])
def test_deep_linear_identity_net_scales_by_c_to_the_depth(c):
    x = np.random.default_rng(0).normal(size=(3, 4))
    depth = 30
    out, dX, grads = ini.deep_linear_identity(c, depth, x)
    np.testing.assert_allclose(out, c**depth * x, rtol=1e-12)
    np.testing.assert_allclose(dX, np.full_like(x, c**depth), rtol=1e-12)
    # J = sum(A[L]): dJ/dW[l] = c**(L-1) * ones(n, m) @ x.T for every layer
    for k in (1, 15, 30):
        np.testing.assert_allclose(grads[f"W{k}"], c ** (depth - 1) * np.ones((3, 4)) @ x.T,
                                   rtol=1e-11)


def test_deep_linear_identity_gradients_match_autograd():
    x = np.random.default_rng(0).normal(size=(3, 4))
    c, depth = 1.1, 10
    _, dX, grads = ini.deep_linear_identity(c, depth, x)
    ws = [torch.tensor(c * np.eye(3), requires_grad=True) for _ in range(depth)]
    xt = torch.tensor(x, requires_grad=True)
    a = xt
    for w in ws:
        a = w @ a
    a.sum().backward()
    np.testing.assert_allclose(dX, xt.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(grads["W4"], ws[3].grad.numpy(), rtol=1e-12)


# ------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("call,exc,match", [
    (lambda: ini.he_normal((3,), 0), ValueError, "^shape"),
    (lambda: ini.xavier_normal((3, 0), 0), ValueError, "^shape"),
    (lambda: ini.xavier_uniform((3, 2), 0, gain=-1.0), ValueError, "^gain"),
    (lambda: ini.naive_normal((3, 2), 0, scale=0.0), ValueError, "^scale"),
    (lambda: ini.he_uniform((3, 2), "seed"), TypeError, "^rng"),
    (lambda: ini.initialize_parameters([3, 2], "glorot"), ValueError, "^method"),
    (lambda: ini.initialize_parameters([3], "he"), ValueError, "^layer_dims"),
    (lambda: ini.initialize_parameters([3, 0], "he"), ValueError, "^layer_dims"),
    (lambda: ini.deep_linear_identity(1.0, 0, np.ones((2, 1))), ValueError, "^depth"),
    (lambda: ini.deep_linear_identity(float("inf"), 3, np.ones((2, 1))), ValueError, "^c must"),
    (lambda: ini.deep_linear_identity(1.0, 3, np.ones(2)), ValueError, "^x must"),
    (lambda: ini.scale_by_depth(ini.initialize_parameters([3, 2], "he"), np.ones((4, 5))),
     ValueError, "^X must"),
    (lambda: tini.he_normal_(torch.empty(3)), ValueError, "^tensor"),
    (lambda: tini.xavier_normal_(torch.empty(3, 2, dtype=torch.int64)), TypeError, "^tensor"),
    (lambda: tini.xavier_uniform_(torch.empty(3, 2), gain=0.0), ValueError, "^gain"),
    (lambda: tini.he_uniform_(torch.empty(3, 2), generator=3), TypeError, "^generator"),
    (lambda: tini.make_mlp([3, 2], "gelu"), ValueError, "^activation"),
    (lambda: tini.make_mlp([3, 2], "relu", "orthogonal"), ValueError, "^method"),
    (lambda: tini.make_mlp([3], "relu"), ValueError, "^layer_dims"),
    (lambda: tini.scale_by_depth(tini.make_mlp([3, 2]), torch.ones(4, 2), torch.ones(4, 2)),
     ValueError, "^x must"),
    (lambda: tini.scale_by_depth(tini.make_mlp([3, 2]), torch.ones(4, 3), torch.ones(4, 3)),
     ValueError, "^grad_out"),
    (lambda: tini.scale_by_depth(torch.nn.Linear(3, 2), torch.ones(4, 3), torch.ones(4, 2)),
     TypeError, "^net"),
])
def test_bad_input_is_rejected_with_a_message_naming_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, shape=st.sampled_from([(200, 300), (300, 120), (150, 150)]))
@covers("numpy.initialization.fans", "numpy.initialization.naive_normal",
        "numpy.initialization.lecun_normal", "numpy.initialization.xavier_normal",
        "numpy.initialization.xavier_uniform", "numpy.initialization.he_normal",
        "numpy.initialization.he_uniform", "torch.initialization.xavier_normal_",
        "torch.initialization.xavier_uniform_", "torch.initialization.he_normal_",
        "torch.initialization.he_uniform_", "torch.initialization.naive_normal_")
def test_initializers_have_the_stated_variance(seed, shape):
    """fans agree with torch's; each initializer's sample variance is within 10% of the formula
    (tens of thousands of draws), and the uniform ones stay inside their bound."""
    fan_in, fan_out = ini.fans(shape)
    ref = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert (fan_in, fan_out) == ref
    rng = np.random.default_rng(seed)
    want = {"lecun": 1 / fan_in, "xavier": 2 / (fan_in + fan_out), "he": 2 / fan_in}
    got = {"lecun": ini.lecun_normal(shape, rng), "xavier": ini.xavier_normal(shape, rng),
           "he": ini.he_normal(shape, rng)}
    for k, w in got.items():
        assert w.shape == shape and np.var(w) == pytest.approx(want[k], rel=0.1)
    assert np.var(ini.naive_normal(shape, rng, 0.01)) == pytest.approx(1e-4, rel=0.1)
    xu, hu = ini.xavier_uniform(shape, rng), ini.he_uniform(shape, rng)
    assert np.abs(xu).max() <= np.sqrt(6 / (fan_in + fan_out))
    assert np.var(xu) == pytest.approx(want["xavier"], rel=0.1)
    assert np.abs(hu).max() <= np.sqrt(6 / fan_in) and np.var(hu) == pytest.approx(want["he"],
                                                                                   rel=0.1)
    g = torch.Generator().manual_seed(seed)
    for fn, var in ((tini.xavier_normal_, want["xavier"]), (tini.xavier_uniform_, want["xavier"]),
                    (tini.he_normal_, want["he"]), (tini.he_uniform_, want["he"])):
        t = fn(torch.empty(shape, dtype=torch.float64), generator=g)
        assert float(t.var()) == pytest.approx(var, rel=0.1)
    t = tini.naive_normal_(torch.empty(shape, dtype=torch.float64), 0.01, generator=g)
    assert float(t.var()) == pytest.approx(1e-4, rel=0.1)


@PROP
@given(c=st.floats(0.5, 1.5), depth=st.integers(1, 8), seed=seeds,
       dims=st.lists(st.integers(1, 5), min_size=2, max_size=4))
@covers("numpy.initialization.deep_linear_identity", "numpy.initialization.initialize_parameters",
        "torch.initialization.make_mlp")
def test_deep_linear_and_parameter_shapes(c, depth, seed, dims):
    x = np.random.default_rng(seed).standard_normal((3, 2))
    out = ini.deep_linear_identity(c, depth, x)
    out = out[0] if isinstance(out, tuple) else out
    close(out, c**depth * x, {"rtol": 1e-12, "atol": 1e-12})
    params = ini.initialize_parameters(dims, "he", seed)
    for i in range(1, len(dims)):
        assert params[f"W{i}"].shape == (dims[i], dims[i - 1])
        assert np.all(params[f"b{i}"] == 0) and params[f"b{i}"].shape == (dims[i], 1)
    net = tini.make_mlp(dims, generator=torch.Generator().manual_seed(seed))
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    pairs = list(zip(dims, dims[1:], strict=False))
    assert [(m.in_features, m.out_features) for m in linears] == pairs


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.initialization.scale_by_depth",
    "torch.initialization.scale_by_depth",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
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
        "scale_by_depth": E(C(params, ar(3, 5)), arrays=("X",), hyper={"hidden": ["elu"]}),
        "deep_linear_identity": E(C(0.9, 5, ar(3, 2)), arrays=("x",),
                                  hyper={"c": [NAN], "depth": BAD_INT}),
    }


def _torch_sweep():
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
        "scale_by_depth": E(lambda d: C(m.make_mlp([3, 4, 2]).to(d, torch.float64), tn(d, 5, 3),
                                        tn(d, 5, 2)), arrays=("x", "grad_out")),
    }


SWEEP = {"numpy.initialization": _numpy_sweep, "torch.initialization": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.initialization", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.initialization", _torch_sweep, device)
