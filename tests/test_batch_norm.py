"""Batch normalization: NumPy forward/backward against nn.BatchNorm1d/2d (train and eval,
running statistics included), autograd and finite differences; the torch layer against the
built-ins with copied weights; the notes' claims (b is redundant, constant batches stay
finite, the running variance is unbiased); bad input; and (slow) the sensitivity sweep and
the training curves with and without batch norm (fresh and committed).

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, PROP, arr, close, covers, layouts, seeds, tt
from sweep_support import BAD_BETA, BAD_INT, BAD_POS, NAN, C, E, X, ar, finite, sweep_module, tn

from dlnotes.numpy import batch_norm as nbn
from dlnotes.numpy import gradient_checking as gc
from dlnotes.torch import batch_norm as tbn
from site_tools.doc_examples import ROOT

RNG = np.random.default_rng(0)


def _builtin(cls, n, gamma, beta):
    layer = cls(n, eps=1e-5, momentum=0.1).double()
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(np.ravel(gamma)))
        layer.bias.copy_(torch.tensor(np.ravel(beta)))
    return layer


def test_fc_forward_backward_and_running_stats_match_batchnorm1d():
    n = 4
    layer = nbn.BatchNorm(n, layout="fc", avg_beta=0.9)  # PyTorch momentum = 1 - 0.9
    layer.params["gamma"][:] = RNG.normal(size=(n, 1))
    layer.params["beta"][:] = RNG.normal(size=(n, 1))
    oracle = _builtin(torch.nn.BatchNorm1d, n, layer.params["gamma"], layer.params["beta"])
    for step in range(5):
        Z = RNG.normal(loc=step, scale=2.0, size=(n, 8))  # (features, batch)
        out = layer.forward(Z, training=True)
        z = torch.tensor(Z.T, requires_grad=True)  # torch: (batch, features)
        ref = oracle(z)
        np.testing.assert_allclose(out, ref.detach().numpy().T, rtol=1e-12, atol=1e-12)
        dout = RNG.normal(size=Z.shape)
        dZ = layer.backward(dout)
        oracle.zero_grad()
        ref.backward(torch.tensor(dout.T))
        np.testing.assert_allclose(dZ, z.grad.numpy().T, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(layer.grads["gamma"].ravel(), oracle.weight.grad.numpy(),
                                   rtol=1e-10)
        np.testing.assert_allclose(layer.grads["beta"].ravel(), oracle.bias.grad.numpy(),
                                   rtol=1e-10)
        np.testing.assert_allclose(layer.running_mean.ravel(), oracle.running_mean.numpy(),
                                   rtol=1e-12)
        np.testing.assert_allclose(layer.running_var.ravel(), oracle.running_var.numpy(),
                                   rtol=1e-12)
    oracle.eval()
    Z = RNG.normal(size=(n, 3))
    np.testing.assert_allclose(layer.forward(Z, training=False),
                               oracle(torch.tensor(Z.T)).detach().numpy().T, rtol=1e-12)


def test_conv_nhwc_matches_batchnorm2d_in_train_and_eval():
    c = 3
    layer = nbn.BatchNorm(c, layout="conv", avg_beta=0.8)
    layer.params["gamma"][:] = RNG.normal(size=c)
    layer.params["beta"][:] = RNG.normal(size=c)
    oracle = _builtin(torch.nn.BatchNorm2d, c, layer.params["gamma"], layer.params["beta"])
    oracle.momentum = 1 - 0.8
    for _ in range(3):
        X = RNG.normal(scale=3.0, size=(2, 4, 5, c))  # NHWC
        out = layer.forward(X, training=True)
        x = torch.tensor(X).permute(0, 3, 1, 2).requires_grad_()  # NCHW view
        ref = oracle(x)
        np.testing.assert_allclose(out, ref.detach().permute(0, 2, 3, 1).numpy(), rtol=1e-12,
                                   atol=1e-12)
        dout = RNG.normal(size=X.shape)
        dX = layer.backward(dout)
        oracle.zero_grad()
        ref.backward(torch.tensor(dout).permute(0, 3, 1, 2))
        np.testing.assert_allclose(dX, x.grad.permute(0, 2, 3, 1).numpy(), rtol=1e-10,
                                   atol=1e-12)
        np.testing.assert_allclose(layer.grads["gamma"], oracle.weight.grad.numpy(), rtol=1e-10)
        np.testing.assert_allclose(layer.running_var, oracle.running_var.numpy(), rtol=1e-12)
    oracle.eval()
    X = RNG.normal(size=(1, 2, 2, c))
    ref = oracle(torch.tensor(X).permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
    np.testing.assert_allclose(layer.forward(X, training=False), ref.detach().numpy(),
                               rtol=1e-12)


def test_fc_backward_by_finite_differences():
    Z = RNG.normal(size=(3, 6))
    params = {"Z": Z, "gamma": RNG.normal(size=(3, 1)), "beta": RNG.normal(size=(3, 1))}
    W = RNG.normal(size=(3, 6))  # cost = sum(W * Z_tilde): an arbitrary linear read-out

    def cost():
        return float((W * nbn.batchnorm_forward(params["Z"], params["gamma"],
                                                params["beta"])[0]).sum())

    _, cache = nbn.batchnorm_forward(params["Z"], params["gamma"], params["beta"])
    dZ, dgamma, dbeta = nbn.batchnorm_backward(W, cache)
    errors = gc.check_gradients(cost, params, {"Z": dZ, "gamma": dgamma, "beta": dbeta})
    assert max(errors.values()) < 1e-7, errors


def test_conv_backward_by_finite_differences():
    params = {"X": RNG.normal(size=(2, 3, 3, 2)), "gamma": RNG.normal(size=2),
              "beta": RNG.normal(size=2)}
    W = RNG.normal(size=(2, 3, 3, 2))

    def cost():
        out, _ = nbn.conv_batchnorm_forward(params["X"], params["gamma"], params["beta"])
        return float((W * out ** 2).sum())  # non-linear read-out

    out, cache = nbn.conv_batchnorm_forward(params["X"], params["gamma"], params["beta"])
    dX, dgamma, dbeta = nbn.conv_batchnorm_backward(2 * W * out, cache)
    errors = gc.check_gradients(cost, params, {"X": dX, "gamma": dgamma, "beta": dbeta})
    assert max(errors.values()) < 1e-7, errors


def test_running_variance_averages_the_unbiased_batch_variance():
    layer = nbn.BatchNorm(1, avg_beta=0.9)
    Z = np.array([[1.0, 2.0, 3.0, 6.0]])
    layer.forward(Z)
    assert layer.running_mean[0, 0] == pytest.approx(0.1 * 3.0)
    assert layer.running_var[0, 0] == pytest.approx(0.9 * 1.0 + 0.1 * np.var(Z, ddof=1))
    assert np.var(Z, ddof=1) != pytest.approx(np.var(Z))


def test_bias_before_batch_norm_is_redundant():
    W, X = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 10))
    gamma, beta = RNG.normal(size=(4, 1)), RNG.normal(size=(4, 1))
    b = RNG.normal(size=(4, 1)) * 5
    without, _ = nbn.batchnorm_forward(W @ X, gamma, beta)
    with_b, cache = nbn.batchnorm_forward(W @ X + b, gamma, beta)
    np.testing.assert_allclose(with_b, without, atol=1e-12)
    dZ, _, _ = nbn.batchnorm_backward(RNG.normal(size=(4, 10)), cache)
    db = dZ.sum(axis=1)  # the gradient b would get
    np.testing.assert_allclose(db, 0.0, atol=1e-12)
    # and finite differences agree: an absolute comparison, the gradient is zero
    params = {"b": b.copy()}
    approx = gc.numerical_gradient(
        lambda: float(nbn.batchnorm_forward(W @ X + params["b"], gamma, beta)[0].sum()), params)
    assert np.abs(approx["b"]).max() < 1e-6


@pytest.mark.parametrize("value", [0.0, 3.7, 1e6])
def test_constant_batch_gives_no_nan(value):
    Z = np.full((2, 5), value)
    gamma, beta = np.full((2, 1), 2.0), np.array([[0.5], [-1.0]])
    out, cache = nbn.batchnorm_forward(Z, gamma, beta)
    assert np.isfinite(out).all()
    np.testing.assert_allclose(out, np.broadcast_to(beta, Z.shape), atol=1e-6)
    grads = nbn.batchnorm_backward(np.ones_like(Z), cache)
    assert all(np.isfinite(g).all() for g in grads)
    out4, _ = nbn.conv_batchnorm_forward(np.full((2, 2, 2, 3), value), np.ones(3), np.zeros(3))
    assert np.isfinite(out4).all()


def test_torch_constant_batch_gives_no_nan(device):
    x = torch.full((6, 3), 4.2, device=device, requires_grad=True)
    out = tbn.BatchNorm(3).to(device)(x)
    out.sum().backward()
    assert torch.isfinite(out).all() and torch.isfinite(x.grad).all()


@pytest.mark.parametrize("shape,builtin", [((8, 5), torch.nn.BatchNorm1d),
                                           ((4, 5, 7), torch.nn.BatchNorm1d),
                                           ((3, 5, 4, 4), torch.nn.BatchNorm2d)])
def test_torch_layer_matches_builtin_with_copied_weights(device, shape, builtin):
    torch.manual_seed(0)
    ours = tbn.BatchNorm(5, momentum=0.3).to(device).double()
    oracle = builtin(5, momentum=0.3).to(device).double()
    with torch.no_grad():
        oracle.weight.normal_()
        oracle.bias.normal_()
    ours.load_state_dict(oracle.state_dict())
    for _ in range(3):
        x = torch.randn(shape, dtype=torch.float64, device=device) * 3 + 1
        x1, x2 = x.clone().requires_grad_(), x.clone().requires_grad_()
        y1, y2 = ours(x1), oracle(x2)
        torch.testing.assert_close(y1, y2, rtol=1e-12, atol=1e-12)
        g = torch.randn_like(y1)
        y1.backward(g)
        y2.backward(g)
        torch.testing.assert_close(x1.grad, x2.grad, rtol=1e-10, atol=1e-12)
        torch.testing.assert_close(ours.weight.grad, oracle.weight.grad, rtol=1e-10, atol=1e-12)
    for key, value in oracle.state_dict().items():
        torch.testing.assert_close(ours.state_dict()[key], value, rtol=1e-12, atol=0)
    ours.eval()
    oracle.eval()
    x = torch.randn(shape, dtype=torch.float64, device=device)
    torch.testing.assert_close(ours(x), oracle(x), rtol=1e-12, atol=1e-12)
    assert ours.running_mean.device == x.device


def test_torch_and_numpy_agree():
    Z = RNG.normal(size=(4, 6))
    gamma, beta = RNG.normal(size=(4, 1)), RNG.normal(size=(4, 1))
    ours, _ = nbn.batchnorm_forward(Z, gamma, beta)
    t = tbn.batch_norm(torch.tensor(Z.T), torch.tensor(gamma[:, 0]), torch.tensor(beta[:, 0]))
    np.testing.assert_allclose(ours, t.numpy().T, rtol=1e-12)


@pytest.mark.parametrize("batch_norm", [False, True])
def test_network_gradients_by_finite_differences(batch_norm):
    X, y = RNG.normal(size=(5, 7)), RNG.integers(0, 3, size=7)
    net = nbn.Network([5, 4, 4, 3], batch_norm=batch_norm, l2=0.3, seed=2)
    for p in net.params.values():  # move off the kinks: with b = 0, a dead layer
        p += 0.1 * RNG.normal(size=p.shape)  # below gives z = 0 exactly, ReLU's kink
    _, grads = net.loss_and_grads(X, y)
    errors = gc.check_gradients(lambda: net.loss_and_grads(X, y)[0], net.params, grads)
    assert max(errors.values()) < 1e-7, errors


def test_network_dropout_backward_uses_the_forward_masks():
    X, y = RNG.normal(size=(5, 7)), RNG.integers(0, 3, size=7)
    net = nbn.Network([5, 6, 3], keep_prob=0.5, seed=3)
    for p in net.params.values():
        p += 0.1 * RNG.normal(size=p.shape)
    state = net.rng.bit_generator.state

    def cost():  # the same mask every evaluation: reset the generator
        net.rng.bit_generator.state = state
        return net.loss_and_grads(X, y)[0]

    cost()
    net.rng.bit_generator.state = state
    _, grads = net.loss_and_grads(X, y)
    errors = gc.check_gradients(cost, net.params, grads)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.slow
def test_batch_norm_widens_the_range_of_good_hyperparameters():
    lrs, scales = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0), (0.1, 0.3, 1.0, 3.0, 10.0)
    plain = nbn.sensitivity_sweep(lrs, scales, batch_norm=False)
    normed = nbn.sensitivity_sweep(lrs, scales, batch_norm=True)
    assert np.isfinite(normed).all()  # nothing blows up with batch norm
    assert (~np.isfinite(plain)).sum() >= 5  # several runs blow up without it
    assert (normed < 0.5).sum() >= 3 * (plain < 0.5).sum()
    assert normed.min() < plain.min()


def _first_below(curves, level, every):
    """Per seed, the first iteration whose block of ``every`` mini-batches has a mean cost
    below ``level`` (None where none does)."""
    return [every * (int(np.argmax(c < level)) + 1) if (c < level).any() else None
            for c in curves]


def test_committed_speed_curves_show_what_the_page_says():
    data = json.loads((ROOT / "snippets" / "batch-norm" / "speed.json").read_text())
    plain, normed = np.array(data["plain"]), np.array(data["bn"])
    every = data["config"]["every"]
    assert plain.shape == normed.shape == (5, 40) and data["config"]["lr"] == 3.0
    # at iteration 100, every seed with batch norm is far below every seed without
    assert normed[:, 9].max() < 0.4 and plain[:, 9].min() > 1.7
    # every seed gets below 0.5 within 80 iterations with batch norm, none before 300 without
    assert max(_first_below(normed, 0.5, every)) <= 80
    assert all(i is None or i >= 300 for i in _first_below(plain, 0.5, every))
    # the caveats: batch norm overshoots in its first steps, and the plain network does learn
    assert normed[:, 0].min() > plain[:, 0].max()
    assert plain[:, -1].max() < 1.0 and normed[:, -1].max() < 0.05


@pytest.mark.slow
def test_batch_norm_trains_the_sigmoid_network_faster():
    plain = tbn.training_curves(False, iterations=100)
    normed = tbn.training_curves(True, iterations=100)
    assert np.isfinite(normed).all() and np.isfinite(plain).all()
    # every one of the five seeds: below 0.5 with batch norm, above 1.5 without, at 100
    assert normed[:, -1].max() < 0.5, normed[:, -1]
    assert plain[:, -1].min() > 1.5, plain[:, -1]


def test_sigmoid_mlp_layers():
    plain, normed = tbn.sigmoid_mlp(False), tbn.sigmoid_mlp(True)
    assert [type(m).__name__ for m in normed][:4] == ["Linear", "BatchNorm", "Sigmoid", "Linear"]
    assert normed[0].bias is None and plain[0].bias is not None
    assert plain(torch.zeros(2, 64)).shape == (2, 10)



# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("call,exc,arg", [
    (lambda: nbn.batchnorm_forward(np.zeros(3), np.ones((3, 1)), np.zeros((3, 1))),
     ValueError, "Z"),
    (lambda: nbn.batchnorm_forward(np.zeros((3, 2), dtype=complex), np.ones((3, 1)),
                                   np.zeros((3, 1))), TypeError, "Z"),
    (lambda: nbn.batchnorm_forward(np.zeros((3, 2)), np.ones((1, 3)), np.zeros((3, 1))),
     ValueError, "gamma"),
    (lambda: nbn.batchnorm_forward(np.zeros((3, 2)), np.ones((3, 1)), np.zeros(3)),
     ValueError, "beta"),
    (lambda: nbn.batchnorm_forward(np.zeros((3, 2)), np.ones((3, 1)), np.zeros((3, 1)), eps=0),
     ValueError, "eps"),
    (lambda: nbn.batchnorm_forward(np.full((3, 2), np.nan), np.ones((3, 1)), np.zeros((3, 1))),
     ValueError, "Z"),
    (lambda: nbn.conv_batchnorm_forward(np.zeros((2, 3, 3)), np.ones(3), np.zeros(3)),
     ValueError, "X"),
    (lambda: nbn.conv_batchnorm_forward(np.zeros((2, 3, 3, 4)), np.ones(3), np.zeros(3)),
     ValueError, "gamma"),
    (lambda: nbn.batchnorm_inference(np.zeros((2, 2)), np.ones((2, 1)), np.zeros((2, 1)),
                                     np.zeros((2, 1)), -np.ones((2, 1))),
     ValueError, "running_var"),
    (lambda: nbn.BatchNorm(0), ValueError, "num_features"),
    (lambda: nbn.BatchNorm(3, layout="nchw"), ValueError, "layout"),
    (lambda: nbn.BatchNorm(3, avg_beta=1.0), ValueError, "avg_beta"),
    (lambda: nbn.BatchNorm(3).forward(np.zeros((3, 1))), ValueError, "Z"),
    (lambda: nbn.BatchNorm(3).forward(np.zeros((4, 5))), ValueError, "Z"),
    (lambda: nbn.BatchNorm(3, layout="conv").forward(np.zeros((2, 3, 3))), ValueError, "Z"),
    (lambda: nbn.Network([5]), ValueError, "layer_dims"),
    (lambda: nbn.Network([5, 3], keep_prob=0), ValueError, "keep_prob"),
    (lambda: nbn.Network([5, 3], keep_prob=1.5), ValueError, "keep_prob"),
    (lambda: nbn.Network([5, 3], l2=-1.0), ValueError, "l2"),
    (lambda: nbn.Network([5, 3], init_scale=0), ValueError, "init_scale"),
    (lambda: nbn.Network([5, 3]).loss_and_grads(np.zeros((4, 2)), [0, 1]), ValueError, "X"),
    (lambda: nbn.sensitivity_sweep([0.1, -1.0], [1.0], True), ValueError, "learning_rates"),
    (lambda: nbn.sensitivity_sweep([0.1], [1.0], True, batch_size=0), ValueError, "batch_size"),
    (lambda: nbn.sensitivity_sweep([0.1], [1.0], True, epochs=2.5), TypeError, "epochs"),
    (lambda: tbn.batch_norm(torch.zeros(4, 3, dtype=torch.int64), torch.ones(3),
                            torch.zeros(3)), TypeError, "x"),
    (lambda: tbn.batch_norm(torch.zeros(4), torch.ones(3), torch.zeros(3)), ValueError, "x"),
    (lambda: tbn.batch_norm(torch.zeros(4, 3), torch.ones(4), torch.zeros(3)),
     ValueError, "gamma"),
    (lambda: tbn.batch_norm(torch.zeros(1, 3), torch.ones(3), torch.zeros(3)), ValueError, "x"),
    (lambda: tbn.batch_norm(torch.zeros(4, 3), torch.ones(3), torch.zeros(3), training=False),
     ValueError, "running_mean"),
    (lambda: tbn.BatchNorm(3, momentum=1.5), ValueError, "momentum"),
    (lambda: tbn.BatchNorm(3, eps=-1e-5), ValueError, "eps"),
    (lambda: tbn.BatchNorm(0), ValueError, "num_features"),
])
def test_bad_input_is_rejected_by_name(call, exc, arg):
    with pytest.raises(exc, match=rf"^{arg}"):
        call()


def test_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="backward needs a training-mode forward pass"):
        nbn.BatchNorm(2).backward(np.zeros((2, 3)))


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, n=st.integers(1, 5), m=st.integers(2, 7), layout=layouts,
       shift=st.sampled_from([0.0, 1e3]), constant=st.booleans())
@covers("numpy.batch_norm.batchnorm_forward", "numpy.batch_norm.batchnorm_backward",
        "numpy.batch_norm.batchnorm_inference")
def test_batchnorm_fc_matches_builtin(seed, n, m, layout, shift, constant):
    rng = np.random.default_rng(seed)
    Z = arr(rng, (n, m), layout) + shift
    if constant:
        Z[0] = 7.0  # a constant feature: finite output (beta), no NaN
    g, b = arr(rng, (n, 1)), arr(rng, (n, 1))
    T = [tt(x, "cpu", grad=True) for x in (Z, g, b)]
    ref = F.batch_norm(T[0].T, None, None, T[1][:, 0], T[2][:, 0], training=True, eps=1e-5).T
    out, cache = nbn.batchnorm_forward(Z, g, b)
    close(out, ref, {"rtol": 1e-9, "atol": 1e-9})
    d = rng.standard_normal(out.shape)
    ref.backward(torch.tensor(d))
    for mine, t in zip(nbn.batchnorm_backward(d, cache), T, strict=True):
        close(mine, t.grad, {"rtol": 1e-6, "atol": 1e-8})
    rm, rv = arr(rng, (n, 1)), np.abs(arr(rng, (n, 1))) + 0.1
    ref = F.batch_norm(tt(Z.T, "cpu"), tt(rm[:, 0], "cpu"), tt(rv[:, 0], "cpu"), tt(g[:, 0], "cpu"),
                       tt(b[:, 0], "cpu"), training=False, eps=1e-5).T
    close(nbn.batchnorm_inference(Z, g, b, rm, rv), ref)


@PROP
@given(seed=seeds, m=st.integers(1, 3), h=st.integers(1, 3), w=st.integers(1, 3),
       c=st.integers(1, 4))
@covers("numpy.batch_norm.conv_batchnorm_forward", "numpy.batch_norm.conv_batchnorm_backward")
def test_conv_batchnorm_matches_builtin(seed, m, h, w, c):
    if m * h * w < 2:
        m = 2
    rng = np.random.default_rng(seed)
    X, g, b = arr(rng, (m, h, w, c)), arr(rng, (c,)), arr(rng, (c,))
    T = [tt(x, "cpu", grad=True) for x in (X, g, b)]
    ref = F.batch_norm(T[0].permute(0, 3, 1, 2), None, None, T[1], T[2], training=True,
                       eps=1e-5).permute(0, 2, 3, 1)
    out, cache = nbn.conv_batchnorm_forward(X, g, b)
    close(out, ref, {"rtol": 1e-9, "atol": 1e-9})
    d = rng.standard_normal(out.shape)
    ref.backward(torch.tensor(d))
    for mine, t in zip(nbn.conv_batchnorm_backward(d, cache), T, strict=True):
        close(mine, t.grad, {"rtol": 1e-6, "atol": 1e-8})


@PROP
@given(seed=seeds, n=st.integers(2, 5), c=st.integers(1, 4), spatial=st.integers(0, 2),
       momentum=st.floats(0.01, 0.99), training=st.booleans())
@covers("torch.batch_norm.batch_norm", "torch.batch_norm.BatchNorm")
def test_torch_batch_norm_matches_builtin(device, seed, n, c, spatial, momentum, training):
    rng = np.random.default_rng(seed)
    x = tt(arr(rng, (n, c) + (3,) * spatial) * 2 + 1, device)
    ours = tbn.BatchNorm(c, momentum=momentum).to(device, torch.float64)
    ref = {0: torch.nn.BatchNorm1d, 1: torch.nn.BatchNorm1d, 2: torch.nn.BatchNorm2d}[spatial](
        c, momentum=momentum).to(device, torch.float64)
    with torch.no_grad():
        ref.weight.copy_(tt(rng.standard_normal(c), device))
        ref.bias.copy_(tt(rng.standard_normal(c), device))
    ours.load_state_dict(ref.state_dict())
    ours.train(training), ref.train(training)
    close(ours(x), ref(x))
    close(ours.running_mean, ref.running_mean)
    close(ours.running_var, ref.running_var)
    close(tbn.batch_norm(x, ref.weight, ref.bias, training=True),
          F.batch_norm(x, None, None, ref.weight, ref.bias, training=True))


@PROP
@given(seed=seeds, batch_norm=st.booleans(), hidden=st.lists(st.integers(1, 6), max_size=3),
       n_in=st.integers(1, 5), n_out=st.integers(1, 4), m=st.integers(2, 6))
@covers("torch.batch_norm.sigmoid_mlp")
def test_sigmoid_mlp_is_the_network_of_torchs_layers(device, seed, batch_norm, hidden, n_in,
                                                     n_out, m):
    """Oracle: the same network from torch.nn.Linear, BatchNorm1d and Sigmoid with the
    weights copied, in training mode (batch statistics) and after it in evaluation mode."""
    torch.manual_seed(seed)
    ours = tbn.sigmoid_mlp(batch_norm, hidden=tuple(hidden), n_in=n_in, n_out=n_out)
    layers, n = [], n_in
    for width in hidden:
        layers.append(torch.nn.Linear(n, width, bias=not batch_norm))
        layers += [torch.nn.BatchNorm1d(width)] if batch_norm else []
        layers.append(torch.nn.Sigmoid())
        n = width
    ref = torch.nn.Sequential(*layers, torch.nn.Linear(n, n_out))
    for a, b in zip(ours, ref, strict=True):
        if isinstance(a, torch.nn.Linear):
            b.load_state_dict(a.state_dict())
    ours, ref = ours.to(device, torch.float64), ref.to(device, torch.float64)
    x = tt(np.random.default_rng(seed).standard_normal((m, n_in)), device)
    close(ours(x), ref(x))
    ours.eval(), ref.eval()
    close(ours(x), ref(x))


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.batch_norm.digits_data",
    "numpy.batch_norm.sensitivity_sweep",
    "torch.batch_norm.training_curves",
    "numpy.batch_norm.Network",
    "numpy.batch_norm.BatchNorm",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    from dlnotes.numpy import batch_norm as m

    Z, g, b = ar(3, 8), np.ones((3, 1)), np.zeros((3, 1))
    X4 = ar(2, 3, 3, 4)
    _, cache = m.batchnorm_forward(Z, g, b)
    _, ccache = m.conv_batchnorm_forward(X4, np.ones(4), np.zeros(4))
    const = np.full((3, 8), 7.0)
    return {
        "batchnorm_forward": E(C(Z, g, b), arrays=("Z", "gamma", "beta"), hyper={"eps": BAD_POS},
                               extra=[X("constant batch", C(const, g, b), "ok", finite)]),
        "batchnorm_backward": E(C(ar(3, 8, seed=1), cache), arrays=("dZ_tilde",)),
        "batchnorm_inference": E(C(Z, g, b, ar(3, 1), np.ones((3, 1))),
                                 arrays=("Z", "gamma", "beta", "running_mean", "running_var"),
                                 hyper={"eps": BAD_POS},
                                 extra=[X("negative running_var",
                                          C(Z, g, b, ar(3, 1), -np.ones((3, 1))), "running_var")]),
        "conv_batchnorm_forward": E(C(X4, np.ones(4), np.zeros(4)), arrays=("X", "gamma", "beta"),
                                    hyper={"eps": BAD_POS},
                                    extra=[X("constant batch", C(np.full((2, 3, 3, 4), -3.0),
                                             np.ones(4), np.zeros(4)), "ok", finite)]),
        "conv_batchnorm_backward": E(C(ar(2, 3, 3, 4, seed=1), ccache), arrays=("dX_tilde",)),
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


def _torch_sweep():
    from dlnotes.torch import batch_norm as m

    def bn(d):
        return m.BatchNorm(3).to(d, torch.float64)

    return {
        "batch_norm": E(lambda d: C(tn(d, 8, 3), torch.ones(3, dtype=torch.float64, device=d),
                                    torch.zeros(3, dtype=torch.float64, device=d)),
                        arrays=("x", "gamma", "beta"),
                        hyper={"eps": BAD_POS, "momentum": [-0.1, 1.5, NAN]},
                        extra=lambda d: [X("constant batch", C(
                            torch.full((8, 3, 2, 2), 5.0, dtype=torch.float64, device=d),
                            torch.ones(3, dtype=torch.float64, device=d),
                            torch.zeros(3, dtype=torch.float64, device=d)), "ok", finite)]),
        "BatchNorm": E(lambda d: C(tn(d, 8, 3, 4), fn=bn(d)), arrays=("x",),
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


SWEEP = {"numpy.batch_norm": _numpy_sweep, "torch.batch_norm": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.batch_norm", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.batch_norm", _torch_sweep, device)
