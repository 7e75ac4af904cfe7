"""Hyperparameter tuning: the scales against their distributions (KS tests) and known
answers, grid vs random search and coarse-to-fine on objectives with known minima, and the
demonstration model's gradients and training loop against autograd and torch.optim.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, GRAD, PROP, close, covers, seeds, tt
from scipy import stats
from sweep_support import BAD_BETA, BAD_INT, BAD_POS, NAN, C, E, X, ar, sweep_module

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import hyperparameter_tuning as ht


def test_log_scale_is_uniform_in_the_exponent():
    p = ht.Param(1e-4, 1.0, "log")
    x = p.sample(np.random.default_rng(0), 20_000)
    assert x.min() >= 1e-4 and x.max() <= 1.0
    # oracle: log10(x) ~ U(-4, 0); a fixed seed makes the p-value a fixed number
    assert stats.kstest(np.log10(x), stats.uniform(loc=-4, scale=4).cdf).pvalue > 0.01
    per_decade = np.histogram(np.log10(x), bins=[-4, -3, -2, -1, 0])[0] / x.size
    np.testing.assert_allclose(per_decade, 0.25, atol=0.015)
    linear = ht.Param(1e-4, 1.0).sample(np.random.default_rng(0), 20_000)
    assert np.mean(linear >= 0.1) > 0.89  # a linear scale spends 90% of trials on [0.1, 1]


def test_one_minus_log_scale_for_beta():
    p = ht.Param(0.9, 0.999, "one_minus_log")
    beta = p.sample(np.random.default_rng(1), 20_000)
    assert beta.min() >= 0.9 and beta.max() <= 0.999
    assert stats.kstest(np.log10(1 - beta), stats.uniform(loc=-3, scale=2).cdf).pvalue > 0.01
    assert np.mean(beta < 0.99) == pytest.approx(0.5, abs=0.015)  # [0.9, 0.99] vs [0.99, 0.999]


@pytest.mark.parametrize("param,expected", [
    (ht.Param(1e-4, 1.0, "log"), [1e-4, 1e-3, 1e-2, 1e-1, 1.0]),
    (ht.Param(0.0, 1.0), [0.0, 0.25, 0.5, 0.75, 1.0]),
    (ht.Param(0.9, 0.99999, "one_minus_log"), [0.9, 0.99, 0.999, 0.9999, 0.99999]),
])
def test_grid_points_known_answers_and_unit_round_trip(param, expected):
    np.testing.assert_allclose(param.grid(5), expected, rtol=1e-12)
    u = np.linspace(0, 1, 11)
    np.testing.assert_allclose(param.to_unit(param.from_unit(u)), u, atol=1e-12)


def test_zoom_keeps_the_scale_and_stays_inside_the_range():
    p = ht.Param(1e-4, 1.0, "log")
    z = p.zoom(1e-2, 0.25)  # one decade around 1e-2
    assert z.scale == "log"
    assert z.low == pytest.approx(10**-2.5) and z.high == pytest.approx(10**-1.5)
    edge = p.zoom(0.9, 0.5)  # near the top: shifted down to fit
    assert edge.high == pytest.approx(1.0) and edge.low == pytest.approx(1e-2)


def _only_alpha_matters(alpha, lam):
    return (math.log10(alpha) + 2.3) ** 2  # minimum at alpha = 10**-2.3; lam is irrelevant


SPACE = {"alpha": ht.Param(1e-4, 1.0, "log"), "lam": ht.Param(1e-4, 10.0, "log")}


def test_grid_tries_few_values_of_the_important_hyperparameter():
    grid = ht.grid_search(_only_alpha_matters, SPACE, 3)
    rand = ht.random_search(_only_alpha_matters, SPACE, 9, seed=0)
    assert len(grid) == len(rand) == 9
    assert len({t.params["alpha"] for t in grid}) == 3
    assert len({t.params["alpha"] for t in rand}) == 9
    # over many seeds, 9 random trials beat the 3x3 grid on the important axis
    wins = [ht.random_search(_only_alpha_matters, SPACE, 9, seed=s)[0].loss < grid[0].loss
            for s in range(50)]
    assert np.mean(wins) > 0.7


def test_searches_are_sorted_and_reproducible():
    a = ht.random_search(_only_alpha_matters, SPACE, 20, seed=3)
    b = ht.random_search(_only_alpha_matters, SPACE, 20, seed=3)
    assert a == b and [t.loss for t in a] == sorted(t.loss for t in a)
    assert a != ht.random_search(_only_alpha_matters, SPACE, 20, seed=4)


def test_coarse_to_fine_beats_one_random_round_of_the_same_budget():
    fine = ht.coarse_to_fine(_only_alpha_matters, SPACE, n_trials=10, rounds=3, seed=0)
    assert len(fine) == 30 and {t.round for t in fine} == {0, 1, 2}
    per_round = [min(t.loss for t in fine if t.round == r) for r in range(3)]
    assert per_round[2] <= per_round[0]
    gains = []
    for s in range(20):
        one = ht.random_search(_only_alpha_matters, SPACE, 30, seed=100 + s)[0].loss
        c2f = ht.coarse_to_fine(_only_alpha_matters, SPACE, 10, rounds=3, seed=100 + s)[0].loss
        gains.append(c2f < one)
    assert np.mean(gains) > 0.7


def test_diverged_trials_rank_last():
    trials = ht.random_search(lambda alpha, lam: math.nan if alpha > 0.1 else alpha, SPACE, 20,
                              seed=0)
    assert math.isinf(trials[-1].loss) and math.isfinite(trials[0].loss)


# --- the demonstration model ---------------------------------------------------------------------

def _small_softmax_problem(seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(10, 6)) * 0.3, rng.normal(size=(10, 1)) * 0.1,
            rng.random((6, 12)), rng.integers(0, 10, 12))


def test_softmax_gradients_pass_the_gradient_check():
    W, b, X, y = _small_softmax_problem()
    params = {"W": W, "b": b}
    J, dW, db = ht.softmax_cost_and_grads(W, b, X, y, lam=0.7)
    result = gc.grad_check(lambda: ht.softmax_cost_and_grads(params["W"], params["b"], X, y,
                                                             lam=0.7)[0],
                           params, {"W": dW, "b": db})
    assert result.overall < 1e-7


def test_softmax_cost_matches_torch_cross_entropy():
    W, b, X, y = _small_softmax_problem(1)
    Wt = torch.tensor(W, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    logits = (Wt @ torch.tensor(X) + bt).T  # (m, classes), as torch wants it
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(y)) + 0.3 / (2 * 12) * (
        Wt**2).sum()
    loss.backward()
    J, dW, db = ht.softmax_cost_and_grads(W, b, X, y, lam=0.3)
    assert J == pytest.approx(loss.item(), rel=1e-13)
    np.testing.assert_allclose(dW, Wt.grad.numpy(), rtol=1e-11, atol=1e-15)
    np.testing.assert_allclose(db, bt.grad.numpy(), rtol=1e-11, atol=1e-15)
    # no overflow at extreme scores
    J, _, _ = ht.softmax_cost_and_grads(W * 1e4, b, X, y)
    assert math.isfinite(J)


def test_training_loop_equals_torch_sgd_with_momentum():
    rng = np.random.default_rng(2)
    X, y = rng.random((8, 100)), rng.integers(0, 10, 100)
    alpha, beta, lam = 0.5, 0.9, 0.01
    W, b = ht.train_softmax(X, y, alpha=alpha, beta=beta, lam=lam, epochs=2, batch_size=32,
                            seed=5)
    Wt = torch.zeros(10, 8, dtype=torch.float64, requires_grad=True)
    bt = torch.zeros(10, 1, dtype=torch.float64, requires_grad=True)
    # average-convention momentum == SGD(lr * (1 - beta), momentum=beta)
    opt = torch.optim.SGD([Wt, bt], lr=alpha * (1 - beta), momentum=beta)
    perm_rng = np.random.default_rng(5)
    for _ in range(2):
        perm = perm_rng.permutation(100)
        for k in range(0, 100, 32):
            idx = perm[k : k + 32]
            opt.zero_grad()
            logits = (Wt @ torch.tensor(X[:, idx]) + bt).T
            m = X.shape[1]  # the penalty of the whole training set at every step
            (torch.nn.functional.cross_entropy(logits, torch.tensor(y[idx]))
             + lam / (2 * m) * (Wt**2).sum()).backward()
            opt.step()
    np.testing.assert_allclose(W, Wt.detach().numpy(), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(b, bt.detach().numpy(), rtol=1e-10, atol=1e-13)


def test_digits_split_sizes():
    parts = ht.load_digits_split(0)
    assert [p.shape for p in parts] == [(64, 1000), (1000,), (64, 400), (400,), (64, 397),
                                        (397,)]
    assert parts[0].min() >= 0 and parts[0].max() <= 1


@pytest.mark.slow
def test_search_on_digits_finds_a_good_model():
    """Coarse-to-fine random search on the digits: the chosen hyperparameters reach >= 95%
    test accuracy, while the worst sampled point is far worse (the ranges matter)."""
    data = ht.load_digits_split(0)
    objective = ht.digits_objective(data, epochs=10)
    space = {"alpha": ht.Param(1e-3, 100.0, "log"),
             "beta": ht.Param(0.5, 0.999, "one_minus_log"),
             "lam": ht.Param(1e-4, 10.0, "log")}
    trials = ht.coarse_to_fine(objective, space, n_trials=25, rounds=2, seed=1)
    W, b = ht.train_softmax(data[0], data[1], epochs=10, **trials[0].params)
    assert ht.accuracy(W, b, data[4], data[5]) >= 0.95
    assert trials[-1].loss > 2 * trials[0].loss
    assert 0.3 < trials[0].params["alpha"] < 100


# --- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("call,exc,arg", [
    (lambda: ht.Param(1.0, 0.5), ValueError, "low"),
    (lambda: ht.Param(0.0, 1.0, "log"), ValueError, "low"),
    (lambda: ht.Param(0.9, 1.0, "one_minus_log"), ValueError, "low and high"),
    (lambda: ht.Param(0.1, 1.0, "exp"), ValueError, "scale"),
    (lambda: ht.Param("a", 1.0), TypeError, "low"),
    (lambda: ht.Param(0.0, 1.0).grid(0), ValueError, "n"),
    (lambda: ht.Param(0.0, 1.0).zoom(0.5, 0), ValueError, "width"),
    (lambda: ht.Param(0.0, 1.0).zoom(0.5, 1.5), ValueError, "width"),
    (lambda: ht.random_search(_only_alpha_matters, SPACE, 0), ValueError, "n_trials"),
    (lambda: ht.random_search(_only_alpha_matters, {"alpha": (1e-4, 1)}, 3), TypeError,
     "space['alpha']"),
    (lambda: ht.random_search(_only_alpha_matters, {}, 3), TypeError, "space"),
    (lambda: ht.grid_search(_only_alpha_matters, SPACE, 0), ValueError, "points_per_axis"),
    (lambda: ht.coarse_to_fine(_only_alpha_matters, SPACE, 5, rounds=0), ValueError, "rounds"),
    (lambda: ht.train_softmax(np.zeros((4, 8)), np.zeros(8, int), alpha=-1, beta=0.9, lam=0),
     ValueError, "alpha"),
    (lambda: ht.train_softmax(np.zeros((4, 8)), np.zeros(8, int), alpha=1, beta=1.0, lam=0),
     ValueError, "beta"),
    (lambda: ht.train_softmax(np.zeros((4, 8)), np.zeros(8, int), alpha=1, beta=0.9, lam=-1),
     ValueError, "lam"),
    (lambda: ht.train_softmax(np.zeros((4, 8)), np.zeros(8, int), alpha=1, beta=0.9, lam=0,
                              batch_size=0), ValueError, "batch_size"),
    (lambda: ht.softmax_cost_and_grads(np.zeros((10, 4)), np.zeros((10, 1)), np.zeros((3, 2)),
                                       np.zeros(2, int)), ValueError, "W"),
    (lambda: ht.softmax_cost_and_grads(np.zeros((10, 3)), np.zeros((10, 1)), np.zeros((3, 2)),
                                       np.array([0, 10])), ValueError, "y"),
    (lambda: ht.softmax_cost_and_grads(np.zeros((10, 3)), np.zeros((10, 1)), np.zeros((3, 2)),
                                       np.array([0.0, 1.0])), ValueError, "y"),
    (lambda: ht.softmax_cost_and_grads(np.zeros((10, 3)), np.zeros((10,)), np.zeros((3, 2)),
                                       np.array([0, 1])), ValueError, "b"),
])
def test_bad_input_is_rejected_by_name(call, exc, arg):
    with pytest.raises(exc, match="^" + re.escape(arg)):
        call()


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, m=st.integers(1, 8), n_x=st.integers(1, 4), lam=st.floats(0, 1))
@covers("numpy.hyperparameter_tuning.accuracy",
        "numpy.hyperparameter_tuning.softmax_cost_and_grads")
def test_accuracy_and_softmax_cost(seed, m, n_x, lam):
    rng = np.random.default_rng(seed)
    W, b, X = rng.standard_normal((10, n_x)), rng.standard_normal((10, 1)), rng.standard_normal(
        (n_x, m))
    yd = rng.integers(0, 10, m)
    assert ht.accuracy(W, b, X, yd) == pytest.approx(
        float(np.mean((W @ X + b).argmax(0) == yd)))
    Wt, bt = tt(W, "cpu", grad=True), tt(b, "cpu", grad=True)
    J = F.cross_entropy((Wt @ tt(X, "cpu") + bt).T, torch.tensor(yd)) + lam / (2 * m) * (
        Wt**2).sum()
    J.backward()
    cost, dW, db = ht.softmax_cost_and_grads(W, b, X, yd, lam)
    close(cost, J)
    close(dW, Wt.grad, GRAD)
    close(db, bt.grad, GRAD)


# Public callables without a property test, and why.
NO_ORACLE = {
    **dict.fromkeys([
        "numpy.hyperparameter_tuning.Param",
        "numpy.hyperparameter_tuning.Trial",
        "numpy.hyperparameter_tuning.random_search",
        "numpy.hyperparameter_tuning.grid_search",
        "numpy.hyperparameter_tuning.coarse_to_fine",
        "numpy.hyperparameter_tuning.load_digits_split",
        "numpy.hyperparameter_tuning.train_softmax",
        "numpy.hyperparameter_tuning.digits_objective",
    ], CHAPTER_TESTS),
    "numpy.hyperparameter_tuning.evaluate": "runs an objective at given points: the searches "
                                            "built on it are chapter experiments",
}


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    from dlnotes.numpy import hyperparameter_tuning as m

    space = {"x": m.Param(0.0, 1.0), "y": m.Param(1e-3, 1.0, "log")}

    def obj(x, y):
        return (x - 0.3) ** 2 + y

    W, b, Xd, yd = ar(3, 4), ar(3, 1), ar(4, 6), np.array([0, 1, 2, 0, 1, 2])
    return {
        "Param": E(C(0.0, 1.0), hyper={"low": [2.0, NAN], "high": [-1.0, NAN],
                                       "scale": ["exp"]},
                   extra=[X("log scale with low <= 0", C(0.0, 1.0, "log"), "low")]),
        "Trial": E(C({"x": 0.5}, 0.1)),
        "evaluate": E(C(obj, [{"x": 0.5, "y": 0.1}]), hyper={"objective": [None]}),
        "random_search": E(C(obj, space, 4), hyper={"n_trials": BAD_INT, "space": [{}]}),
        "grid_search": E(C(obj, space, 3), hyper={"space": [{}], "points_per_axis": BAD_INT}),
        "coarse_to_fine": E(C(obj, space, 3), hyper={"n_trials": BAD_INT, "rounds": BAD_INT,
                                                     "width": [0.0, 1.5, NAN]}),
        "load_digits_split": E(C(0)),
        "softmax_cost_and_grads": E(C(W, b, Xd, yd), arrays=("W", "b", "X", "y"),
                                    hyper={"lam": [-1.0, NAN]}),
        "train_softmax": E(C(ar(4, 6), yd, alpha=0.1, beta=0.9, lam=0.0, epochs=1),
                           arrays=("X", "y"),
                           hyper={"alpha": BAD_POS, "beta": BAD_BETA, "lam": [-1.0, NAN],
                                  "epochs": BAD_INT, "batch_size": BAD_INT}),
        "accuracy": E(C(W, b, Xd, yd), arrays=("W", "X", "y")),
        "digits_objective": E(C((ar(4, 6), yd, ar(4, 6), yd)), hyper={"epochs": BAD_INT}),
    }


SWEEP = {"numpy.hyperparameter_tuning": _numpy_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.hyperparameter_tuning", _numpy_sweep, "cpu")
