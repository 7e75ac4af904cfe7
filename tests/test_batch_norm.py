"""Batch normalization: NumPy forward/backward against nn.BatchNorm1d/2d (train and eval,
running statistics included), autograd and finite differences; the torch layer against the
built-ins with copied weights; the notes' claims (b is redundant, constant batches stay
finite, the running variance is unbiased); bad input; and (slow) the sensitivity sweep and
the training curves with and without batch norm (fresh and committed)."""

import json

import numpy as np
import pytest
import torch

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
