"""The fully-connected base (dlnotes.numpy.mlp): activations, the linear layer and the
L-layer perceptron against torch built-ins and autograd (float64), and their bad-input
messages.

Then the property tests (hypothesis) and the bad-input sweep of the module's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import GRAD, PROP, arr, close, covers, layouts, mlp_params, seeds, tt
from sweep_support import C, E, X, ar, finite, sweep_module

from dlnotes.numpy import mlp
from dlnotes.numpy.gradient_checking import away_from_kinks

RNG = np.random.default_rng(0)


# ------------------------------------------------------------------ activations and layers


@pytest.mark.parametrize("name,oracle", [("relu", torch.relu), ("sigmoid", torch.sigmoid),
                                         ("tanh", torch.tanh), ("linear", lambda z: z)])
def test_activations_and_their_derivatives_match_autograd(name, oracle):
    Z = RNG.normal(size=(4, 6)) * 3
    Z[np.abs(Z) < 1e-3] = 0.5  # away from ReLU's kink
    dA = RNG.normal(size=Z.shape)
    z = tt(Z, "cpu", grad=True)
    out = oracle(z)
    out.backward(tt(dA, "cpu"))
    np.testing.assert_allclose(mlp.activation_forward(Z, name), out.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(mlp.activation_backward(dA, Z, name), z.grad.numpy(), rtol=1e-10,
                               atol=1e-15)


def test_sigmoid_survives_extreme_inputs():
    z = np.array([-1e4, -800.0, 0.0, 800.0, 1e4])
    s = mlp.sigmoid(z)  # RuntimeWarnings (overflow) are errors in this package
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s, torch.sigmoid(torch.tensor(z)).numpy())


def test_linear_forward_matches_F_linear_with_copied_weights():
    A, W, b = RNG.normal(size=(5, 7)), RNG.normal(size=(3, 5)), RNG.normal(size=(3, 1))
    # F.linear is batch-first: (m, n_prev) @ W.T + b; the notes' columns are its transpose
    ref = F.linear(tt(A.T, "cpu"), tt(W, "cpu"), tt(b[:, 0], "cpu")).numpy().T
    np.testing.assert_allclose(mlp.linear_forward(A, W, b), ref, rtol=1e-12)


@pytest.mark.parametrize("hidden", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("output", ["linear", "sigmoid"])
def test_mlp_backward_matches_autograd(hidden, output):
    dims = [4, 6, 5, 2]
    params = mlp_params(dims)
    X = RNG.normal(size=(4, 9))
    dAL = RNG.normal(size=(2, 9))
    AL, cache = mlp.mlp_forward(X, params, hidden=hidden, output=output)
    grads = mlp.mlp_backward(dAL, cache, params)

    tp = {k: tt(v, "cpu", grad=True) for k, v in params.items()}
    act = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
           "linear": lambda z: z}
    a = tt(X, "cpu")
    for k in range(1, len(dims)):
        a = act[output if k == len(dims) - 1 else hidden](tp[f"W{k}"] @ a + tp[f"b{k}"])
    a.backward(tt(dAL, "cpu"))
    np.testing.assert_allclose(AL, a.detach().numpy(), rtol=1e-12)
    assert list(grads) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for k in params:
        np.testing.assert_allclose(grads[k], tp[k].grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("call,exc,match", [
    (lambda: mlp.activation_forward(np.ones(2), "softplus"), ValueError, "^activation"),
    (lambda: mlp.activation_backward(np.ones(2), np.ones(3), "relu"), ValueError, "^dA"),
    (lambda: mlp.linear_forward(np.ones((3, 4)), np.ones((2, 5)), np.ones((2, 1))),
     ValueError, "^W must"),
    (lambda: mlp.linear_forward(np.ones((3, 4)), np.ones((2, 3)), np.ones((2,))),
     ValueError, "^b must"),
    (lambda: mlp.linear_forward(np.ones(3), np.ones((2, 3)), np.ones((2, 1))),
     ValueError, "^A_prev"),
    (lambda: mlp.linear_backward(np.ones((2, 5)), np.ones((3, 4)), np.ones((2, 3))),
     ValueError, "^dZ"),
    (lambda: mlp.mlp_forward(np.ones((3, 4)), {"W1": np.ones((2, 3))}), ValueError, "^params"),
    (lambda: mlp.mlp_forward(np.ones((4, 4)), mlp_params([3, 2])), ValueError, "^X must"),
    (lambda: mlp.mlp_forward(np.ones((3, 4)), {"W1": np.ones((2, 3)), "b1": np.ones((2, 1)),
                                             "W2": np.ones((1, 3)), "b2": np.ones((1, 1))}),
     ValueError, r"^params\['W2'\]"),
])
def test_bad_input_is_rejected_with_a_message_naming_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, shape=st.tuples(st.integers(1, 4), st.integers(1, 5)), layout=layouts,
       act=st.sampled_from(list(mlp.ACTIVATIONS)), scale=st.sampled_from([1.0, 50.0, 1e3]))
@covers("numpy.mlp.sigmoid", "numpy.mlp.relu", "numpy.mlp.activation_forward",
        "numpy.mlp.activation_backward")
def test_activations_match_autograd(seed, shape, layout, act, scale):
    rng = np.random.default_rng(seed)
    Z = away_from_kinks(arr(rng, shape, layout, scale), 1e-3)
    dA = rng.standard_normal(shape)
    torch_fn = {"sigmoid": torch.sigmoid, "relu": torch.relu, "tanh": torch.tanh,
                "linear": lambda z: z, "leaky_relu": lambda z: F.leaky_relu(z, 0.01)}[act]
    Zt = tt(Z, "cpu", grad=True)
    ref = torch_fn(Zt)
    ref.backward(torch.tensor(dA))
    close(mlp.activation_forward(Z, act), ref)
    close(mlp.activation_backward(dA, Z, act), Zt.grad, GRAD)
    close(mlp.sigmoid(Z), torch.sigmoid(tt(Z, "cpu")))
    close(mlp.relu(Z), torch.relu(tt(Z, "cpu")))


@PROP
@given(seed=seeds, dims=st.lists(st.integers(1, 4), min_size=2, max_size=4), m=st.integers(1, 5),
       hidden=st.sampled_from(["relu", "tanh", "sigmoid"]))
@covers("numpy.mlp.linear_forward", "numpy.mlp.linear_backward", "numpy.mlp.mlp_forward",
        "numpy.mlp.mlp_backward")
def test_mlp_matches_autograd(seed, dims, m, hidden):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(dims)):
        params[f"W{i}"], params[f"b{i}"] = arr(rng, (dims[i], dims[i - 1])), arr(rng, (dims[i], 1))
    X = arr(rng, (dims[0], m), "F")
    T = {k: tt(v, "cpu", grad=True) for k, v in params.items()}
    A = tt(X, "cpu")
    act = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}[hidden]
    L = len(dims) - 1
    for i in range(1, L + 1):
        Z = T[f"W{i}"] @ A + T[f"b{i}"]
        A = act(Z) if i < L else Z
    AL, cache = mlp.mlp_forward(X, params, hidden=hidden)
    close(AL, A)
    dAL = rng.standard_normal(AL.shape)
    A.backward(torch.tensor(dAL))
    grads = mlp.mlp_backward(dAL, cache, params)
    for k in params:
        close(grads.get(k, grads.get("d" + k)), T[k].grad, GRAD)
    W, b, Ap = params["W1"], params["b1"], X
    Wt, At = tt(W, "cpu", grad=True), tt(Ap, "cpu", grad=True)
    out = Wt @ At + tt(b, "cpu")
    close(mlp.linear_forward(Ap, W, b), out)
    dZ = rng.standard_normal(out.shape)
    out.backward(torch.tensor(dZ))
    dA_prev, dW, db = mlp.linear_backward(dZ, Ap, W)
    close(dA_prev, At.grad, GRAD)
    close(dW, Wt.grad, GRAD)
    close(db, dZ.sum(axis=1, keepdims=True), GRAD)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    params = {"W1": ar(4, 3), "b1": ar(4, 1), "W2": ar(2, 4), "b2": ar(2, 1)}
    A, cache = mlp.mlp_forward(ar(3, 5), params)
    return {
        "sigmoid": E(C(ar(3, 4)), arrays=("z",),
                     extra=[X("z = +-1e4", C(np.array([-1e4, 1e4])), "ok", finite)]),
        "relu": E(C(ar(3, 4)), arrays=("z",)),
        "activation_forward": E(C(ar(3, 4), "tanh"), arrays=("Z",), hyper={"activation": ["elu"]}),
        "activation_backward": E(C(ar(3, 4), ar(3, 4, seed=1), "relu"), arrays=("dA", "Z"),
                                 hyper={"activation": ["elu"]}),
        "linear_forward": E(C(ar(3, 5), ar(4, 3), ar(4, 1)), arrays=("A_prev", "W", "b")),
        "linear_backward": E(C(ar(4, 5), ar(3, 5), ar(4, 3)), arrays=("dZ", "A_prev", "W")),
        "mlp_forward": E(C(ar(3, 5), params), arrays=("X",),
                         hyper={"hidden": ["elu"], "output": ["elu"], "params": [{}]}),
        "mlp_backward": E(C(ar(2, 5), cache, params), arrays=("dAL",)),
    }


SWEEP = {"numpy.mlp": _numpy_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.mlp", _numpy_sweep, "cpu")
