"""Softmax regression: NumPy and torch against F.softmax / F.log_softmax / F.cross_entropy,
the gradient Y_hat - Y against autograd and finite differences, extreme logits, bad input.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, GRAD, PROP, arr, close, covers, layouts, seeds, tt
from sweep_support import BAD_INT, C, E, X, ar, finite, ints, sweep_module, tn

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import softmax_regression as nsr
from dlnotes.torch import softmax_regression as tsr

RNG = np.random.default_rng(0)
Z = RNG.normal(scale=3.0, size=(5, 7))  # (C, m): 5 classes, 7 examples
LABELS = RNG.integers(0, 5, size=7)
EXTREME = np.array([[1e4, -1e4, 0.0, 1e4], [-1e4, 1e4, 0.0, 1e4], [0.0, 0.0, 1e4, -1e4]])


def _t(a, device, **kw):
    return torch.tensor(a, dtype=torch.float64, device=device, **kw)


def test_numpy_softmax_and_log_softmax_match_torch():
    zt = torch.tensor(Z.T)  # torch is batch-first: (m, C)
    np.testing.assert_allclose(nsr.softmax(Z), F.softmax(zt, dim=1).numpy().T, rtol=1e-13)
    np.testing.assert_allclose(nsr.log_softmax(Z), F.log_softmax(zt, dim=1).numpy().T,
                               rtol=1e-13)
    np.testing.assert_allclose(nsr.softmax(Z[:, 0]), F.softmax(zt[0], dim=0).numpy(), rtol=1e-13)
    np.testing.assert_allclose(nsr.softmax(Z).sum(axis=0), 1.0, rtol=1e-15)


def test_softmax_is_shift_invariant_and_integer_logits_work():
    np.testing.assert_allclose(nsr.softmax(Z + 1000.0), nsr.softmax(Z), rtol=1e-12)
    np.testing.assert_allclose(nsr.softmax(np.array([0, 0])), [0.5, 0.5])


def test_numpy_cross_entropy_matches_torch_with_index_and_one_hot_labels():
    oracle = F.cross_entropy(torch.tensor(Z.T), torch.tensor(LABELS)).item()
    assert nsr.cross_entropy(Z, LABELS) == pytest.approx(oracle, rel=1e-13)
    assert nsr.cross_entropy(Z, nsr.one_hot(LABELS, 5)) == pytest.approx(oracle, rel=1e-13)
    # soft labels: torch's probability-target mode
    soft = nsr.softmax(RNG.normal(size=(5, 7)))
    oracle_soft = F.cross_entropy(torch.tensor(Z.T), torch.tensor(soft.T)).item()
    assert nsr.cross_entropy(Z, soft) == pytest.approx(oracle_soft, rel=1e-13)


def test_one_hot_matches_torch():
    np.testing.assert_array_equal(nsr.one_hot(LABELS, 5),
                                  F.one_hot(torch.tensor(LABELS), 5).numpy().T)


def test_numpy_gradient_is_y_hat_minus_y_against_autograd_and_finite_differences():
    zt = torch.tensor(Z.T, requires_grad=True)
    F.cross_entropy(zt, torch.tensor(LABELS)).backward()
    ours = nsr.cross_entropy_backward(Z, LABELS)
    np.testing.assert_allclose(ours, zt.grad.numpy().T, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours, (nsr.softmax(Z) - nsr.one_hot(LABELS, 5)) / 7, rtol=1e-14)
    params = {"Z": Z.copy()}
    err = gc.check_gradients(lambda: nsr.cross_entropy(params["Z"], LABELS), params,
                             {"Z": ours})
    assert err["Z"] < 1e-7


def test_softmax_regression_model_gradients_by_finite_differences():
    X = RNG.normal(size=(4, 9))
    y = RNG.integers(0, 3, size=9)
    model = nsr.SoftmaxRegression(4, 3, seed=1)
    model.params["W"] = RNG.normal(size=(3, 4))  # away from the tiny initial weights
    _, grads = model.loss_and_grads(X, y)
    errors = gc.check_gradients(lambda: model.loss_and_grads(X, y)[0], model.params, grads)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("as_one_hot", [False, True])
def test_torch_functions_match_builtins_and_autograd_gives_y_hat_minus_y(device, as_one_hot):
    z = _t(Z.T, device, requires_grad=True)
    labels = torch.tensor(LABELS, device=device)
    target = F.one_hot(labels, 5).to(torch.float64) if as_one_hot else labels
    torch.testing.assert_close(tsr.softmax(z), F.softmax(z, dim=1), rtol=1e-13, atol=0)
    torch.testing.assert_close(tsr.log_softmax(z), F.log_softmax(z, dim=1), rtol=1e-13, atol=0)
    loss = tsr.cross_entropy(z, target)
    torch.testing.assert_close(loss, F.cross_entropy(z, target), rtol=1e-13, atol=0)
    loss.backward()
    expected = (F.softmax(z, dim=1) - F.one_hot(labels, 5)) / z.shape[0]
    torch.testing.assert_close(z.grad, expected.detach(), rtol=1e-12, atol=1e-15)
    assert z.grad.device == z.device


def test_torch_and_numpy_agree_in_float32(device):
    z32 = torch.tensor(Z.T, dtype=torch.float32, device=device)
    np.testing.assert_allclose(tsr.softmax(z32).cpu().numpy().T, nsr.softmax(Z), rtol=2e-6,
                               atol=1e-7)


def test_extreme_logits_give_no_nan_or_inf_in_numpy():
    p = nsr.softmax(EXTREME)
    log_p = nsr.log_softmax(EXTREME)
    assert np.isfinite(p).all() and np.isfinite(log_p).all()
    np.testing.assert_allclose(p[:, 0], [1, 0, 0])
    np.testing.assert_allclose(p[:, 3], [0.5, 0.5, 0], atol=1e-300)
    np.testing.assert_allclose(log_p[:, 0], [0, -2e4, -1e4])
    labels = np.array([1, 0, 2, 2])
    loss = nsr.cross_entropy(EXTREME, labels)
    # examples 0, 1 and 3 are wrong by 2e4, 2e4 and 2e4 + log 2; example 2 is right
    assert loss == pytest.approx((2e4 + 2e4 + 0 + 2e4 + np.log(2)) / 4, rel=1e-12)
    grad = nsr.cross_entropy_backward(EXTREME, labels)
    assert np.isfinite(grad).all()
    with np.errstate(over="ignore", invalid="ignore"):  # the naive formula breaks down
        naive = np.exp(EXTREME) / np.exp(EXTREME).sum(axis=0)
    assert np.isnan(naive).any()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_extreme_logits_give_no_nan_or_inf_in_torch(device, dtype):
    z = torch.tensor(EXTREME.T, dtype=dtype, device=device, requires_grad=True)
    labels = torch.tensor([1, 0, 2, 2], device=device)
    loss = tsr.cross_entropy(z, labels)
    loss.backward()
    assert torch.isfinite(tsr.softmax(z)).all() and torch.isfinite(tsr.log_softmax(z)).all()
    assert torch.isfinite(loss) and torch.isfinite(z.grad).all()
    torch.testing.assert_close(loss, F.cross_entropy(z, labels))


def test_softmax_with_minus_infinity_masks_a_class():
    z = np.array([[0.0, 1.0], [-np.inf, 1.0]])
    np.testing.assert_allclose(nsr.softmax(z), [[1.0, 0.5], [0.0, 0.5]])
    assert nsr.cross_entropy(z, np.array([0, 1])) == pytest.approx(np.log(2) / 2)


@pytest.mark.slow
def test_softmax_regression_learns_digits():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X / 16.0, y, test_size=0.25, random_state=0)
    model = nsr.SoftmaxRegression(64, 10)
    for _ in range(500):
        _, grads = model.loss_and_grads(X_tr.T, y_tr)
        for k in grads:
            model.params[k] -= 0.5 * grads[k]
    assert (model.predict(X_te.T) == y_te).mean() > 0.93


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("call,exc,arg", [
    (lambda: nsr.softmax(np.zeros((2, 2, 2))), ValueError, "z"),
    (lambda: nsr.softmax(np.zeros((0, 3))), ValueError, "z"),
    (lambda: nsr.softmax(np.array(["a"])), TypeError, "z"),
    (lambda: nsr.softmax(np.array([1.0, np.nan])), ValueError, "z"),
    (lambda: nsr.log_softmax(np.array([True, False])), TypeError, "z"),
    (lambda: nsr.cross_entropy(np.zeros(3), np.array([0])), ValueError, "Z"),
    (lambda: nsr.cross_entropy(Z, LABELS[:3]), ValueError, "y"),
    (lambda: nsr.cross_entropy(Z, LABELS + 5), ValueError, "y"),
    (lambda: nsr.cross_entropy(Z, LABELS.astype(float)), TypeError, "y"),
    (lambda: nsr.cross_entropy(Z, np.ones((5, 7))), ValueError, "y"),
    (lambda: nsr.cross_entropy(Z, np.ones((7, 5)) / 5), ValueError, "y"),
    (lambda: nsr.cross_entropy_backward(Z, -LABELS - 1), ValueError, "y"),
    (lambda: nsr.one_hot(np.array([0, 3]), 3), ValueError, "labels"),
    (lambda: nsr.one_hot(np.array([0, 1]), 0), ValueError, "num_classes"),
    (lambda: nsr.one_hot(np.array([0, 1]), 2.0), TypeError, "num_classes"),
    (lambda: nsr.SoftmaxRegression(0, 3), ValueError, "n_x"),
    (lambda: nsr.SoftmaxRegression(4, 3).loss_and_grads(np.zeros((3, 2)), [0, 1]),
     ValueError, "X"),
    (lambda: tsr.softmax(torch.zeros(3, dtype=torch.int64)), TypeError, "z"),
    (lambda: tsr.softmax(torch.zeros(2, 2, 2)), ValueError, "z"),
    (lambda: tsr.cross_entropy(torch.zeros(3), torch.tensor([0])), ValueError, "logits"),
    (lambda: tsr.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 3])), ValueError, "target"),
    (lambda: tsr.cross_entropy(torch.zeros(2, 3), torch.tensor([0])), ValueError, "target"),
    (lambda: tsr.cross_entropy(torch.zeros(2, 3), torch.zeros(3, 2)), ValueError, "target"),
    (lambda: tsr.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1], dtype=torch.int32)),
     TypeError, "target"),
    (lambda: tsr.cross_entropy(torch.zeros(2, 3), [0, 1]), TypeError, "target"),
])
def test_bad_input_is_rejected_by_name(call, exc, arg):
    with pytest.raises(exc, match=rf"^{arg} must"):
        call()


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, C=st.integers(1, 6), m=st.integers(1, 5), layout=layouts,
       scale=st.sampled_from([1e-3, 1.0, 30.0, 1e4]))
@covers("numpy.softmax_regression.softmax", "numpy.softmax_regression.log_softmax",
        "torch.softmax_regression.softmax", "torch.softmax_regression.log_softmax")
def test_softmax_matches_torch(device, seed, C, m, layout, scale):
    z = arr(np.random.default_rng(seed), (C, m), layout, scale)
    ref = torch.softmax(tt(z, "cpu"), dim=0)
    close(nsr.softmax(z), ref)
    close(nsr.log_softmax(z), torch.log_softmax(tt(z, "cpu"), dim=0), {"rtol": 1e-9, "atol": 1e-8})
    zt = tt(z.T, device)
    close(tsr.softmax(zt), ref.T)
    close(tsr.log_softmax(zt), F.log_softmax(zt, dim=-1), {"rtol": 1e-9, "atol": 1e-8})


@PROP
@given(seed=seeds, C=st.integers(2, 6), m=st.integers(1, 6), scale=st.sampled_from([1.0, 1e3]),
       soft=st.booleans())
@covers("numpy.softmax_regression.cross_entropy", "numpy.softmax_regression.cross_entropy_backward",
        "numpy.softmax_regression.one_hot", "torch.softmax_regression.cross_entropy")
def test_cross_entropy_matches_torch(device, seed, C, m, scale, soft):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((C, m)) * scale
    y = rng.integers(0, C, m)
    Y = rng.dirichlet(np.ones(C), m).T if soft else nsr.one_hot(y, C)
    close(nsr.one_hot(y, C), F.one_hot(torch.tensor(y), C).T.double())
    logits = tt(Z.T, "cpu", grad=True)
    target = tt(Y.T, "cpu") if soft else torch.tensor(y)
    ref = F.cross_entropy(logits, target)
    ref.backward()
    close(nsr.cross_entropy(Z, Y if soft else y), ref)
    close(nsr.cross_entropy_backward(Z, Y if soft else y), logits.grad.T, GRAD)
    close(tsr.cross_entropy(tt(Z.T, device), target.to(device)), ref)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.softmax_regression.SoftmaxRegression",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():

    Z, y = ar(3, 5), np.array([0, 1, 2, 1, 0])
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


def _torch_sweep():
    big = [[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0], [0.0, 0.0, 1e4]]

    def tb(d):
        return torch.tensor(big, dtype=torch.float64, device=d)

    return {
        "softmax": E(lambda d: C(tn(d, 5, 3)), arrays=("z",),
                     extra=lambda d: [X("logits +-1e4", C(tb(d)), "ok", finite)]),
        "log_softmax": E(lambda d: C(tn(d, 5, 3)), arrays=("z",),
                         extra=lambda d: [X("logits +-1e4", C(tb(d)), "ok", finite)]),
        "cross_entropy": E(lambda d: C(tn(d, 5, 3), ints(d, 0, 1, 2, 1, 0)),
                           arrays=("logits", "target"),
                           extra=lambda d: [X("logits +-1e4", C(tb(d), ints(d, 1, 0, 2)), "ok",
                                              finite),
                                            X("label out of range",
                                              C(tn(d, 2, 3), ints(d, 0, 3)), "target")]),
    }


SWEEP = {"numpy.softmax_regression": _numpy_sweep, "torch.softmax_regression": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.softmax_regression", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.softmax_regression", _torch_sweep, device)
