"""Cost and regularization: the costs against torch built-ins, the backward passes through
them against finite differences, the penalties and their gradients, L2 = weight decay against
torch.optim.SGD, ridge and lasso against scikit-learn.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, GRAD, PROP, arr, close, covers, mlp_params, seeds, tt
from sklearn.linear_model import Lasso, Ridge
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, X, ar, finite, sweep_module, tn

from dlnotes.numpy import cost_regularization as cr
from dlnotes.numpy import mlp
from dlnotes.numpy.gradient_checking import check_gradients
from dlnotes.torch import cost_regularization as tcr

RNG = np.random.default_rng(0)


# ------------------------------------------------------------------ gradients of the cost


@pytest.mark.parametrize("kind", ["l2", "l1"])
def test_regularized_cost_gradient_passes_the_finite_difference_check(kind):
    dims, lambd = [3, 5, 1], 0.7
    params = mlp_params(dims, seed=3)
    X = RNG.normal(size=(3, 8))
    Y = (RNG.uniform(size=(1, 8)) > 0.5).astype(float)
    m = X.shape[1]

    def J():
        Z, _ = mlp.mlp_forward(X, params, hidden="tanh", output="linear")
        return cr.regularized_cost(cr.logistic_cost(Z, Y)[0], params, lambd, m, kind)

    Z, cache = mlp.mlp_forward(X, params, hidden="tanh", output="linear")
    grads = mlp.mlp_backward(cr.logistic_cost(Z, Y)[1], cache, params)
    for k, g in cr.penalty_gradients(params, lambd, m, kind).items():
        grads[k] = grads[k] + g
    errors = check_gradients(J, params, grads)
    assert max(errors.values()) < 1e-7, errors


def test_relu_network_passes_the_finite_difference_check_away_from_kinks():
    params = mlp_params([3, 6, 2], seed=5)
    X = RNG.normal(size=(3, 7))
    Z1 = params["W1"] @ X + params["b1"]
    assert np.min(np.abs(Z1)) > 1e-4  # no pre-activation sits on the kink at 0
    Y = RNG.normal(size=(2, 7))

    def J():
        return cr.squared_error_cost(mlp.mlp_forward(X, params)[0], Y)[0]

    AL, cache = mlp.mlp_forward(X, params)
    grads = mlp.mlp_backward(cr.squared_error_cost(AL, Y)[1], cache, params)
    assert max(check_gradients(J, params, grads).values()) < 1e-7


# ------------------------------------------------------------------------------------ costs


def test_logistic_cost_matches_torch_and_survives_extreme_logits():
    Z = np.array([[-1e4, -30.0, -1.0, 0.0, 2.0, 40.0, 1e4]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0]])
    J, dZ = cr.logistic_cost(Z, Y)
    z = tt(Z, "cpu", grad=True)
    ref = F.binary_cross_entropy_with_logits(z, tt(Y, "cpu"))
    ref.backward()
    assert np.isfinite(J) and np.all(np.isfinite(dZ))
    np.testing.assert_allclose(J, ref.item(), rtol=1e-12)
    np.testing.assert_allclose(dZ, z.grad.numpy(), rtol=1e-12, atol=1e-300)


def test_squared_error_cost_matches_half_the_summed_mse_over_m():
    Yh, Y = RNG.normal(size=(2, 5)), RNG.normal(size=(2, 5))
    J, dY = cr.squared_error_cost(Yh, Y)
    yh = tt(Yh, "cpu", grad=True)
    ref = 0.5 * F.mse_loss(yh, tt(Y, "cpu"), reduction="sum") / 5
    ref.backward()
    np.testing.assert_allclose(J, ref.item(), rtol=1e-12)
    np.testing.assert_allclose(dY, yh.grad.numpy(), rtol=1e-12)


# -------------------------------------------------------------------------------- penalties


def test_l2_penalty_is_the_squared_frobenius_norm_of_the_weights_only():
    params = mlp_params([4, 3, 2])
    expected = 0.5 / (2 * 10) * sum(np.linalg.norm(params[k], "fro") ** 2 for k in ("W1", "W2"))
    np.testing.assert_allclose(cr.l2_penalty(params, 0.5, 10), expected, rtol=1e-13)
    doubled = {k: 2 * v for k, v in params.items()}
    np.testing.assert_allclose(cr.l2_penalty(doubled, 0.5, 10),
                               4 * cr.l2_penalty(params, 0.5, 10), rtol=1e-13)
    np.testing.assert_allclose(cr.l1_penalty(params, 0.5, 10),
                               0.05 * sum(np.abs(params[k]).sum() for k in ("W1", "W2")))
    assert cr.penalty(params, 0.0, 10) == 0.0


@pytest.mark.parametrize("kind", ["l2", "l1"])
def test_torch_penalties_and_numpy_gradients_match_autograd(kind, device):
    params = mlp_params([4, 3, 2], seed=1)
    ws = [tt(params[k], device, grad=True) for k in ("W1", "W2")]
    fn = tcr.l2_penalty if kind == "l2" else tcr.l1_penalty
    value = fn(ws, 0.3, 7)
    value.backward()
    assert value.device.type == device
    np.testing.assert_allclose(value.item(), cr.penalty(params, 0.3, 7, kind), rtol=1e-12)
    grads = cr.penalty_gradients(params, 0.3, 7, kind)
    for w, k in zip(ws, ("W1", "W2"), strict=True):
        np.testing.assert_allclose(grads[k], w.grad.cpu().numpy(), rtol=1e-12)


def test_regularized_cost_in_torch_adds_the_penalty(device):
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
    net = net.to(device=device, dtype=torch.float64)
    ws = tcr.weights_of(net)
    assert len(ws) == 2 and all(w.dim() == 2 for w in ws)
    data = torch.tensor(0.25, dtype=torch.float64, device=device)
    total = tcr.regularized_cost(data, ws, 2.0, 5)
    expected = 0.25 + 2.0 / 10 * sum(w.detach().pow(2).sum().item() for w in ws)
    assert total.item() == pytest.approx(expected, rel=1e-12)


def test_l2_gradient_descent_is_torch_sgd_weight_decay(device):
    """Gradient descent on J + (lambda/2m)||W||^2 (NumPy, hand-written gradients) takes the same
    steps as torch.optim.SGD(weight_decay=lambda/m) on the bare cost -- except that torch also
    decays the biases, so the torch model puts its biases in a group without weight decay."""
    dims, lambd, lr, steps = [3, 8, 1], 4.0, 0.1, 30
    params = mlp_params(dims, seed=2)
    X = RNG.normal(size=(3, 16))
    Y = (RNG.uniform(size=(1, 16)) > 0.5).astype(float)
    m = X.shape[1]
    for _ in range(steps):
        Z, cache = mlp.mlp_forward(X, params, hidden="tanh")
        grads = mlp.mlp_backward(cr.logistic_cost(Z, Y)[1], cache, params)
        cr.gradient_descent_step(params, grads, lr, lambd, m)

    start = mlp_params(dims, seed=2)
    tp = {k: tt(v, device, grad=True) for k, v in start.items()}
    opt = torch.optim.SGD([
        {"params": [tp["W1"], tp["W2"]], "weight_decay": cr.weight_decay(lambd, m)},
        {"params": [tp["b1"], tp["b2"]], "weight_decay": 0.0},
    ], lr=lr)
    x, y = tt(X, device), tt(Y, device)
    for _ in range(steps):
        opt.zero_grad()
        z = tp["W2"] @ torch.tanh(tp["W1"] @ x + tp["b1"]) + tp["b2"]
        F.binary_cross_entropy_with_logits(z, y).backward()
        opt.step()
    for k in params:
        np.testing.assert_allclose(params[k], tp[k].detach().cpu().numpy(), rtol=1e-11)


def test_weight_decay_shrinks_by_a_constant_factor():
    """With a zero data gradient one L2 step multiplies W by (1 - lr*lambda/m) exactly."""
    params = {"W1": np.ones((2, 2)), "b1": np.ones((2, 1))}
    zero = {k: np.zeros_like(v) for k, v in params.items()}
    cr.gradient_descent_step(params, zero, lr=0.5, lambd=2.0, m=4)
    np.testing.assert_allclose(params["W1"], 1 - 0.5 * 2.0 / 4)
    np.testing.assert_allclose(params["b1"], 1.0)  # biases are not decayed


# ------------------------------------------------------------- ridge, lasso, over-fitting

LAMBDAS = [1e-3, 1e-2, 1e-1, 1.0, 10.0]


@pytest.fixture(scope="module")
def problem():
    x_tr, y_tr, x_dev, y_dev = cr.overfitting_data()
    return cr.polynomial_features(x_tr, 9), y_tr, cr.polynomial_features(x_dev, 9), y_dev


@pytest.mark.parametrize("lambd", LAMBDAS)
def test_ridge_and_lasso_match_scikit_learn(problem, lambd):
    X, Y, _, _ = problem
    m = X.shape[1]
    w, b = cr.ridge_fit(X, Y, lambd)
    # sklearn Ridge: ||y - Xw||^2 + alpha ||w||^2 = 2m * J  ->  alpha = lambda
    ref = Ridge(alpha=lambd).fit(X.T, Y[0])
    np.testing.assert_allclose(w[0], ref.coef_, rtol=1e-8, atol=1e-10)
    assert b == pytest.approx(ref.intercept_, abs=1e-10)
    # sklearn Lasso: (1/2m)||y - Xw||^2 + alpha ||w||_1 = J  ->  alpha = lambda / m
    w1, b1 = cr.lasso_fit(X, Y, lambd)
    ref1 = Lasso(alpha=lambd / m, tol=1e-14, max_iter=100_000).fit(X.T, Y[0])
    np.testing.assert_allclose(w1[0], ref1.coef_, atol=1e-7)
    assert b1 == pytest.approx(ref1.intercept_, abs=1e-7)


def test_ridge_fit_is_a_stationary_point_of_the_l2_cost(problem):
    X, Y, _, _ = problem
    w, b = cr.ridge_fit(X, Y, 0.3)
    _, dY = cr.squared_error_cost(cr.predict_linear(X, w, b), Y)
    dw = dY @ X.T + cr.penalty_gradients({"W": w}, 0.3, X.shape[1])["W"]
    np.testing.assert_allclose(dw, 0, atol=1e-12)
    np.testing.assert_allclose(dY.sum(), 0, atol=1e-12)


def test_l1_gives_sparsity_and_l2_only_shrinkage(problem):
    X, Y, _, _ = problem
    zeros_l1 = [int(np.sum(cr.lasso_fit(X, Y, lam)[0] == 0)) for lam in LAMBDAS]
    zeros_l2 = [int(np.sum(cr.ridge_fit(X, Y, lam)[0] == 0)) for lam in LAMBDAS]
    norms_l2 = [np.linalg.norm(cr.ridge_fit(X, Y, lam)[0]) for lam in LAMBDAS]
    assert zeros_l1 == sorted(zeros_l1) and zeros_l1[-1] == 9 and zeros_l1[0] == 0
    assert zeros_l2 == [0] * len(LAMBDAS)
    assert norms_l2 == sorted(norms_l2, reverse=True)


def test_train_cost_rises_with_lambda_and_dev_cost_has_an_interior_minimum(problem):
    X, Y, Xd, Yd = problem
    lambdas = np.logspace(-6, 2, 17)
    train, dev = [], []
    for lam in lambdas:
        w, b = cr.ridge_fit(X, Y, lam)
        train.append(cr.squared_error_cost(cr.predict_linear(X, w, b), Y)[0])
        dev.append(cr.squared_error_cost(cr.predict_linear(Xd, w, b), Yd)[0])
    assert np.all(np.diff(train) > 0)
    best = int(np.argmin(dev))
    assert 0 < best < len(lambdas) - 1
    assert dev[0] > 5 * dev[best] and dev[-1] > 2 * dev[best]


def test_polynomial_features_are_legendre_polynomials():
    x = np.linspace(-1, 1, 5)
    P = cr.polynomial_features(x, 3)
    np.testing.assert_allclose(P, [x, (3 * x**2 - 1) / 2, (5 * x**3 - 3 * x) / 2], atol=1e-15)


# ------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("call,exc,match", [
    (lambda: cr.l2_penalty({"W1": np.ones((2, 2))}, -1.0, 3), ValueError, "^lambd"),
    (lambda: cr.l1_penalty({"W1": np.ones((2, 2))}, 1.0, 0), ValueError, "^m must"),
    (lambda: cr.l2_penalty({"W1": np.ones((2, 2))}, 1.0, 2.5), TypeError, "^m must"),
    (lambda: cr.l2_penalty({"b1": np.ones((2, 1))}, 1.0, 3), ValueError, "^params"),
    (lambda: cr.l2_penalty([np.ones(2)], 1.0, 3), TypeError, "^params"),
    (lambda: cr.l2_penalty({"W1": np.ones((2, 2), bool)}, 1.0, 3), TypeError, r"^params\['W1'\]"),
    (lambda: cr.penalty({"W1": np.ones((2, 2))}, 1.0, 3, "l3"), ValueError, "^kind"),
    (lambda: cr.regularized_cost("0.1", {"W1": np.ones(2)}, 1.0, 3), TypeError, "^data_cost"),
    (lambda: cr.weight_decay(float("nan"), 3), ValueError, "^lambd"),
    (lambda: cr.logistic_cost(np.zeros((1, 3)), np.array([[0.0, 2.0, 1.0]])), ValueError, "^Y"),
    (lambda: cr.squared_error_cost(np.zeros((1, 3)), np.zeros((1, 4))), ValueError, "^Y"),
    (lambda: cr.ridge_fit(np.ones((2, 5)), np.ones((5, 1)), 1.0), ValueError, "^Y must"),
    (lambda: cr.lasso_fit(np.ones((2, 5)), np.ones((1, 5)), -0.1), ValueError, "^lambd"),
    (lambda: cr.polynomial_features(np.array([0.0, 2.0]), 3), ValueError, "^x must"),
    (lambda: cr.polynomial_features(np.array([0.0]), 0), ValueError, "^degree"),
    (lambda: cr.gradient_descent_step({"W1": np.ones((2, 2))}, {"W1": np.ones((2, 2))},
                                      0.0, 1.0, 2), ValueError, "^lr"),
    (lambda: cr.gradient_descent_step({"W1": np.ones((2, 2))}, {"W1": np.ones((3, 2))},
                                      0.1, 1.0, 2), ValueError, r"^grads\['W1'\]"),
    (lambda: cr.overfitting_data(m_train=0), ValueError, "^m_train"),
    (lambda: tcr.l2_penalty(torch.ones(2, 2), -0.5, 3), ValueError, "^lambd"),
    (lambda: tcr.l1_penalty([torch.ones(2, dtype=torch.int64)], 0.5, 3), TypeError,
     r"^weights\[0\]"),
    (lambda: tcr.l2_penalty([], 0.5, 3), ValueError, "^weights"),
    (lambda: tcr.l2_penalty(torch.ones(2), 0.5, 0), ValueError, "^m must"),
    (lambda: tcr.regularized_cost(1.0, torch.ones(2), 0.5, 3), TypeError, "^data_cost"),
    (lambda: tcr.weights_of("net"), TypeError, "^module"),
])
def test_bad_input_is_rejected_with_a_message_naming_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, n=st.integers(1, 4), m=st.integers(1, 5))
@covers("numpy.cost_regularization.squared_error_cost", "numpy.cost_regularization.logistic_cost")
def test_costs_match_autograd(seed, n, m):
    rng = np.random.default_rng(seed)
    AL, Y = arr(rng, (n, m), "F"), rng.standard_normal((n, m))
    At = tt(AL, "cpu", grad=True)
    ref = 0.5 * ((At - tt(Y, "cpu")) ** 2).sum() / m
    ref.backward()
    J, dAL = cr.squared_error_cost(AL, Y)
    close(J, ref)
    close(dAL, At.grad, GRAD)
    Zl = arr(rng, (1, m), scale=30.0)
    Yl = (rng.random((1, m)) > 0.5).astype(float)
    Zt = tt(Zl, "cpu", grad=True)
    bce = F.binary_cross_entropy_with_logits(Zt, tt(Yl, "cpu"))
    bce.backward()
    J, dZ = cr.logistic_cost(Zl, Yl)
    close(J, bce)
    close(dZ, Zt.grad, GRAD)


@PROP
@given(seed=seeds, dims=st.lists(st.integers(1, 4), min_size=2, max_size=4),
       lambd=st.floats(0, 10), m=st.integers(1, 100), kind=st.sampled_from(["l2", "l1"]))
@covers("numpy.cost_regularization.l2_penalty", "numpy.cost_regularization.l1_penalty",
        "numpy.cost_regularization.penalty", "numpy.cost_regularization.penalty_gradients",
        "numpy.cost_regularization.regularized_cost", "numpy.cost_regularization.weight_decay",
        "torch.cost_regularization.l2_penalty", "torch.cost_regularization.l1_penalty",
        "torch.cost_regularization.regularized_cost", "torch.cost_regularization.weight_decay",
        "torch.cost_regularization.weights_of")
def test_penalties_numpy_torch_autograd(device, seed, dims, lambd, m, kind):
    torch.manual_seed(seed)
    pairs = list(zip(dims, dims[1:], strict=False))
    layers = [torch.nn.Linear(a, b, dtype=torch.float64) for a, b in pairs]
    net = torch.nn.Sequential(*layers).to(device)
    ws = tcr.weights_of(net)
    assert [w.data_ptr() for w in ws] == [layer.weight.data_ptr() for layer in layers]
    params = {}
    for i, layer in enumerate(layers, 1):
        params[f"W{i}"] = layer.weight.detach().cpu().numpy()
        params[f"b{i}"] = layer.bias.detach().cpu().numpy()[:, None]
    pen = (tcr.l2_penalty if kind == "l2" else tcr.l1_penalty)(ws, lambd, m)
    close((cr.l2_penalty if kind == "l2" else cr.l1_penalty)(params, lambd, m), pen)
    close(cr.penalty(params, lambd, m, kind), pen)
    close(cr.regularized_cost(1.5, params, lambd, m, kind), pen + 1.5)
    data = torch.tensor(1.5, dtype=torch.float64, device=device)
    close(tcr.regularized_cost(data, ws, lambd, m, kind), pen + 1.5)
    pen.backward()
    grads = cr.penalty_gradients(params, lambd, m, kind)
    for i, layer in enumerate(layers, 1):
        close(grads.get(f"W{i}", grads.get(f"dW{i}")), layer.weight.grad, GRAD)
    assert cr.weight_decay(lambd, m) == tcr.weight_decay(lambd, m) == pytest.approx(lambd / m)


@PROP
@given(seed=seeds, degree=st.integers(1, 6), m=st.integers(8, 20), lambd=st.floats(0.01, 5))
@covers("numpy.cost_regularization.polynomial_features", "numpy.cost_regularization.ridge_fit",
        "numpy.cost_regularization.predict_linear", "numpy.cost_regularization.lasso_fit")
def test_ridge_and_legendre_identities(seed, degree, m, lambd):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, m)
    P = cr.polynomial_features(x, degree)
    close(P, np.polynomial.legendre.legvander(x, degree)[:, 1:].T)
    Y = rng.standard_normal((1, m))
    w, b = cr.ridge_fit(P, Y, lambd)
    # oracle: least squares on the augmented system [P^T 1; sqrt(lambd) I 0] [w; b] = [Y; 0]
    A = np.vstack([np.hstack([P.T, np.ones((m, 1))]),
                   np.hstack([np.sqrt(lambd) * np.eye(degree), np.zeros((degree, 1))])])
    sol = np.linalg.lstsq(A, np.concatenate([Y[0], np.zeros(degree)]), rcond=None)[0]
    close(np.ravel(w), sol[:-1], {"rtol": 1e-7, "atol": 1e-9})
    close(b, sol[-1], {"rtol": 1e-7, "atol": 1e-9})
    close(cr.predict_linear(P, np.reshape(w, (1, -1)), b), np.reshape(w, (1, -1)) @ P + b)
    # lasso: the subgradient optimality conditions hold at its answer
    wl, bl = cr.lasso_fit(P, Y, lambd)
    r = (np.reshape(wl, (1, -1)) @ P + bl - Y)[0]
    g = P @ r  # m * dJ_data/dw
    wl = np.ravel(wl)
    on = np.abs(wl) > 1e-9
    close(g[on], -lambd * np.sign(wl[on]), {"rtol": 1e-5, "atol": 1e-6})
    assert np.all(np.abs(g[~on]) <= lambd * (1 + 1e-6) + 1e-6)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.cost_regularization.overfitting_data",
    "numpy.cost_regularization.gradient_descent_step",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    params = {"W1": ar(4, 3), "b1": ar(4, 1), "W2": ar(2, 4), "b2": ar(2, 1)}
    return {
        "squared_error_cost": E(C(ar(2, 5), ar(2, 5, seed=1)), arrays=("Y_hat", "Y")),
        "logistic_cost": E(C(ar(1, 5), (ar(1, 5) > 0).astype(float)), arrays=("Z", "Y"),
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
        "ridge_fit": E(C(ar(2, 6), ar(1, 6), 0.1), arrays=("X", "Y"), hyper={"lambd": [-1.0, NAN]}),
        "lasso_fit": E(C(ar(2, 6), ar(1, 6), 0.1, sweeps=50), arrays=("X", "Y"),
                       hyper={"lambd": [-1.0, NAN], "sweeps": BAD_INT, "tol": [-1.0, NAN]}),
        "predict_linear": E(C(ar(2, 6), ar(1, 2), 0.5), arrays=("X", "w"), hyper={"b": [NAN]}),
        "overfitting_data": E(C(5, 7), hyper={"m_train": BAD_INT, "m_dev": BAD_INT,
                                              "noise": [-1.0, NAN]}),
    }


def _torch_sweep():

    def net():
        return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))

    ws = lambda d: [tn(d, 4, 3), tn(d, 2, 4)]  # noqa: E731
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


SWEEP = {"numpy.cost_regularization": _numpy_sweep, "torch.cost_regularization": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.cost_regularization", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.cost_regularization", _torch_sweep, device)
