"""Recurrent networks: the NumPy forward pass against nn.RNN with copied weights, the
hand-written backpropagation through time against finite differences and autograd, clipping
against torch.nn.utils, the from-scratch torch RNN against nn.RNN (deep, bidirectional), and
the character-level language model.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py); the torch RNN cell and layer are
property-tested beside the GRU and LSTM, in test_gru_lstm.py."""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, PROP, arr, close, covers, seeds, tt
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, X, ar, sweep_module, tn

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import rnn as nr
from dlnotes.numpy import rnn_experiment as nrx
from dlnotes.torch import rnn as tr
from site_tools.doc_examples import ROOT

N_X, N_A, N_Y, M, T = 3, 5, 2, 4, 6


def _params(seed=0, scale=0.5):
    return nr.init_params(N_X, N_A, N_Y, seed=seed, scale=scale) | {
        "ba": np.random.default_rng(seed + 1).normal(0, 0.3, (N_A, 1)),
        "by": np.random.default_rng(seed + 2).normal(0, 0.3, (N_Y, 1)),
    }


def _data(seed=0, activation="sigmoid"):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N_X, M, T))
    if activation == "sigmoid":
        y = (rng.uniform(size=(N_Y, M, T)) < 0.5).astype(np.float64)
    else:
        y = np.eye(N_Y)[rng.integers(N_Y, size=(M, T))].transpose(2, 0, 1)
    a0 = rng.normal(0, 0.5, (N_A, M))
    return x, y, a0


def _torch_rnn_from(params, device, bidirectional=False, params_bwd=None):
    """nn.RNN (seq-first) holding the NumPy weights; the notes' b_a goes into bias_ih."""
    n_a, n_x = params["Wax"].shape
    ref = torch.nn.RNN(n_x, n_a, bidirectional=bidirectional, dtype=torch.float64,
                       device=device)
    with torch.no_grad():
        for p, suffix in ((params, ""), (params_bwd, "_reverse"))[: 1 + bidirectional]:
            getattr(ref, f"weight_ih_l0{suffix}").copy_(torch.from_numpy(p["Wax"]))
            getattr(ref, f"weight_hh_l0{suffix}").copy_(torch.from_numpy(p["Waa"]))
            getattr(ref, f"bias_ih_l0{suffix}").copy_(torch.from_numpy(p["ba"][:, 0].copy()))
            getattr(ref, f"bias_hh_l0{suffix}").zero_()
    return ref


def test_stacked_notation_equals_two_matrices():
    p = _params()
    x, _, a0 = _data()
    wa = nr.stack_weights(p["Waa"], p["Wax"])
    assert wa.shape == (N_A, N_A + N_X)
    np.testing.assert_allclose(wa @ np.vstack([a0, x[:, :, 0]]),
                               p["Waa"] @ a0 + p["Wax"] @ x[:, :, 0], rtol=1e-13)
    waa, wax = nr.split_weights(wa, N_A)
    assert np.array_equal(waa, p["Waa"]) and np.array_equal(wax, p["Wax"])


def _t(array, device):
    """A NumPy array as a contiguous float64 tensor on ``device``."""
    return torch.from_numpy(np.ascontiguousarray(array)).to(device)


def _np(tensor):
    return tensor.detach().cpu().numpy()


def test_forward_matches_nn_rnn_with_copied_weights(device):
    p = _params()
    x, _, a0 = _data()
    a, caches = nr.rnn_forward(x, a0, p)
    ref = _torch_rnn_from(p, device)
    out, h_n = ref(_t(x.transpose(2, 1, 0), device), _t(a0.T, device)[None])
    np.testing.assert_allclose(a, _np(out).transpose(2, 1, 0), rtol=1e-12,
                               atol=1e-14)
    assert len(caches) == T


@pytest.mark.parametrize("activation", ["sigmoid", "softmax"])
def test_bptt_passes_gradient_check(activation):
    p = _params()
    x, y, a0 = _data(activation=activation)
    loss, grads = nr.loss_and_grads(p, x, y, a0, activation)
    errors = gc.check_gradients(lambda: nr.loss_and_grads(p, x, y, a0, activation)[0], p, grads)
    assert max(errors.values()) < 1e-7, errors


def test_bptt_input_and_initial_state_gradients_pass_gradient_check():
    p = _params()
    x, y, a0 = _data()
    w = np.random.default_rng(5).normal(size=(N_A, M, T))  # L = sum(w * a)

    def loss():
        return float(np.sum(w * nr.rnn_forward(x, a0, p)[0]))

    _, caches = nr.rnn_forward(x, a0, p)
    g = nr.rnn_backward(w, caches)
    errors = gc.check_gradients(loss, {"x": x, "a0": a0}, {"x": g["dx"], "a0": g["da0"]})
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("activation", ["sigmoid", "softmax"])
def test_bptt_matches_autograd(activation, device):
    p = _params()
    x, y, a0 = _data(activation=activation)
    loss, grads = nr.loss_and_grads(p, x, y, a0, activation)
    ref = _torch_rnn_from(p, device)
    wya = _t(p["Wya"], device).requires_grad_(True)
    by = _t(p["by"][:, 0], device).requires_grad_(True)
    out, _ = ref(_t(x.transpose(2, 1, 0), device), _t(a0.T, device)[None])
    logits = out @ wya.T + by  # (T, m, n_y)
    target = _t(y.transpose(2, 1, 0), device)
    if activation == "sigmoid":
        total = torch.nn.functional.binary_cross_entropy_with_logits(logits, target,
                                                                     reduction="sum")
    else:
        total = -(target * torch.log_softmax(logits, dim=2)).sum()
    total = total / M
    total.backward()
    assert loss == pytest.approx(total.item(), rel=1e-12)
    oracle = {"Wax": ref.weight_ih_l0.grad, "Waa": ref.weight_hh_l0.grad,
              "ba": ref.bias_ih_l0.grad[:, None], "Wya": wya.grad, "by": by.grad[:, None]}
    for k, g in oracle.items():
        np.testing.assert_allclose(grads[k], _np(g), rtol=1e-10, atol=1e-13, err_msg=k)


def test_notes_formula_for_dWya():
    """dL/dWya = (1/m) sum_t (y_hat<t> - y<t>) a<t>T, written out step by step."""
    p = _params()
    x, y, a0 = _data()
    a, _ = nr.rnn_forward(x, a0, p)
    y_hat = nr.output_forward(a, p["Wya"], p["by"])
    by_hand = sum((y_hat[:, :, t] - y[:, :, t]) @ a[:, :, t].T for t in range(T)) / M
    _, grads = nr.loss_and_grads(p, x, y, a0)
    np.testing.assert_allclose(grads["Wya"], by_hand, rtol=1e-12)


def test_sigmoid_output_and_loss_survive_extreme_logits():
    a = np.ones((1, 1, 2))
    y_hat = nr.output_forward(a, np.array([[1e4]]), np.zeros((1, 1)))
    assert np.array_equal(y_hat, np.ones((1, 1, 2)))
    loss = nr.sequence_loss(y_hat, np.zeros((1, 1, 2)))
    assert np.isfinite(loss) and loss > 20


def test_clipping_matches_torch_utils(device):
    rng = np.random.default_rng(3)
    grads = {"a": rng.normal(0, 10, (3, 4)), "b": rng.normal(0, 10, (5,))}
    tensors = {k: _t(g, device) for k, g in grads.items()}
    params = [torch.zeros_like(t, requires_grad=True) for t in tensors.values()]
    for p, t in zip(params, tensors.values(), strict=True):
        p.grad = t.clone()
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm=5.0)
    clipped, ours = nr.clip_by_norm(grads, 5.0)
    assert ours == pytest.approx(norm.item(), rel=1e-12)
    for p, g in zip(params, clipped.values(), strict=True):
        np.testing.assert_allclose(g, _np(p.grad), rtol=1e-12)
    for p, t in zip(params, tensors.values(), strict=True):
        p.grad = t.clone()
    torch.nn.utils.clip_grad_value_(params, 5.0)
    for p, g in zip(params, nr.clip_by_value(grads, 5.0).values(), strict=True):
        np.testing.assert_allclose(g, _np(p.grad), rtol=0)


def test_gradient_through_time_explodes_or_vanishes_with_the_recurrent_scale():
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.normal(size=(8, 8)))
    norms = {}
    for scale in (0.5, 2.0):
        p = nr.init_params(2, 8, 1) | {"Waa": scale * q}
        x = rng.normal(0, 0.1, (2, 1, 30))
        a, caches = nr.rnn_forward(x, np.zeros((8, 1)), p)
        da = np.zeros_like(a)
        da[:, :, -1] = 1.0
        norms[scale] = np.linalg.norm(nr.rnn_backward(da, caches)["dx"][:, :, 0])
    assert norms[0.5] < 1e-6 and norms[2.0] > 10


def test_numpy_bidirectional_matches_nn_rnn(device):
    pf, pb = _params(0), _params(10)
    x, _, a0 = _data()
    b0 = np.random.default_rng(7).normal(size=(N_A, M))
    ours = nr.birnn_forward(x, a0, b0, pf, pb)
    ref = _torch_rnn_from(pf, device, bidirectional=True, params_bwd=pb)
    out, _ = ref(_t(x.transpose(2, 1, 0), device), _t(np.stack([a0.T, b0.T]), device))
    np.testing.assert_allclose(ours, _np(out).transpose(2, 1, 0), rtol=1e-12,
                               atol=1e-14)


def test_numpy_deep_rnn_matches_two_layer_nn_rnn(device):
    p1 = _params(0)
    p2 = nr.init_params(N_A, 4, 1, seed=3, scale=0.5) | {"ba": np.full((4, 1), 0.1)}
    x, _, _ = _data()
    zeros = [np.zeros((N_A, M)), np.zeros((4, M))]
    top = nr.deep_rnn_forward(x, zeros, [p1, p2])
    ref1, ref2 = _torch_rnn_from(p1, device), _torch_rnn_from(p2, device)
    h = ref1(_t(x.transpose(2, 1, 0), device))[0]
    np.testing.assert_allclose(top, _np(ref2(h)[0]).transpose(2, 1, 0), rtol=1e-12,
                               atol=1e-14)


def test_one_way_state_ignores_later_inputs_bidirectional_does_not():
    pf, pb = _params(0), _params(10)
    x, _, a0 = _data()
    x2 = x.copy()
    x2[:, :, 4:] += 1.0  # change the words after step 3
    a1, a2 = nr.rnn_forward(x, a0, pf)[0], nr.rnn_forward(x2, a0, pf)[0]
    assert np.array_equal(a1[:, :, :4], a2[:, :, :4])
    b1, b2 = nr.birnn_forward(x, a0, a0, pf, pb), nr.birnn_forward(x2, a0, a0, pf, pb)
    assert not np.allclose(b1[:, :, :4], b2[:, :, :4])


@pytest.mark.parametrize("layers,bidirectional,nonlinearity,bias",
                         [(1, False, "tanh", True), (2, False, "relu", True),
                          (2, True, "tanh", True), (1, False, "tanh", False)])
def test_torch_rnn_matches_nn_rnn(device, layers, bidirectional, nonlinearity, bias):
    torch.manual_seed(0)
    kw = {"num_layers": layers, "bidirectional": bidirectional, "nonlinearity": nonlinearity,
          "bias": bias}
    ref = torch.nn.RNN(3, 5, batch_first=True, dtype=torch.float64, device=device, **kw)
    ours = tr.RNN(3, 5, dtype=torch.float64, device=device, **kw)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in ref.named_parameters()]
    ours.load_state_dict(ref.state_dict())
    x = torch.randn(4, 7, 3, dtype=torch.float64, device=device)
    h0 = torch.randn(layers * (1 + bidirectional), 4, 5, dtype=torch.float64, device=device)
    out, h_n = ours(x, h0)
    ref_out, ref_h = ref(x, h0)
    assert out.device == x.device
    torch.testing.assert_close(out, ref_out, rtol=1e-12, atol=1e-13)
    torch.testing.assert_close(h_n, ref_h, rtol=1e-12, atol=1e-13)
    out.pow(2).sum().backward()
    ref_out.pow(2).sum().backward()
    for (name, p), q in zip(ours.named_parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(p.grad, q.grad, rtol=1e-10, atol=1e-12, msg=name)


def test_char_vocab_and_sampling_are_reproducible():
    vocab = nrx.CharVocab(["ab", "ba"])
    assert vocab.chars == ["\n", "a", "b"] and vocab.encode("ab") == [1, 2]
    p = nr.init_params(3, 4, 3, seed=0)
    assert nr.sample(p, vocab, n=3, seed=1) == nr.sample(p, vocab, n=3, seed=1)
    assert all(set(s) <= {"a", "b"} and len(s) <= 20 for s in nr.sample(p, vocab, n=5))


def test_bad_inputs_name_the_argument():
    p = _params()
    x, _, a0 = _data()
    with pytest.raises(ValueError, match=r"^x must have shape \(n_x, m, T_x\)"):
        nr.rnn_forward(x[:, :, 0], a0, p)
    with pytest.raises(ValueError, match="^a0 must have the shape"):
        nr.rnn_forward(x, a0[:-1], p)
    with pytest.raises(ValueError, match="^x must have n_x = 3 rows"):
        nr.rnn_forward(x[:2], a0, p)
    with pytest.raises(ValueError, match=r"^params\['Waa'\] must have the shape"):
        nr.rnn_forward(x, a0, p | {"Waa": np.zeros((2, 2))})
    with pytest.raises(TypeError, match="^x must hold real numbers"):
        nr.rnn_forward(x.astype(str), a0, p)
    with pytest.raises(ValueError, match="^a_prev must have the shape"):
        nr.rnn_cell_forward(x[:, :, 0], a0[:2], p)
    with pytest.raises(ValueError, match="^da must have the shape"):
        nr.rnn_backward(np.zeros((N_A, M, T + 1)), nr.rnn_forward(x, a0, p)[1])
    with pytest.raises(ValueError, match="^activation must be one of"):
        nr.output_forward(np.zeros((N_A, M, T)), p["Wya"], p["by"], "relu")
    with pytest.raises(ValueError, match="^max_norm must be"):
        nr.clip_by_norm({"a": np.ones(2)}, 0)
    with pytest.raises(ValueError, match="^word contains characters outside"):
        nrx.CharVocab(["ab"]).encode("abc")


def test_torch_bad_inputs_name_the_argument(device):
    rnn = tr.RNN(3, 5, num_layers=2, device=device)
    with pytest.raises(ValueError, match=r"^x must have shape \(N, T, input_size=3\)"):
        rnn(torch.zeros(7, 3, device=device))
    with pytest.raises(ValueError, match="^h0 must have shape"):
        rnn(torch.zeros(4, 7, 3, device=device), torch.zeros(1, 4, 5, device=device))
    with pytest.raises(TypeError, match="^x must be a floating-point tensor"):
        rnn(torch.zeros(4, 7, 3, dtype=torch.long, device=device))
    with pytest.raises(ValueError, match="^nonlinearity must be one of"):
        tr.RNN(3, 5, nonlinearity="sigmoid")


@pytest.mark.slow
def test_char_language_model_learns_the_names_as_the_figure_claims():
    """A fresh run of the figure's configuration still shows what the figure illustrates: the
    loss drops from near the uniform guess (ln 26 = 3.26 nats per character: 25 letters and
    the end mark) to far below it. Not the committed trace: the run is chaotic, and another
    CPU's last bits send it elsewhere after a few hundred steps."""
    committed = json.loads((ROOT / "snippets" / "rnn" / "lm_curve.json").read_text())
    params, vocab, curve = nrx.train_char_lm(nrx.NAMES, **committed["config"])
    losses = [loss for _, loss in curve]
    for trace in (losses, committed["loss"]):
        assert trace[0] > 2.3 and trace[-1] < 1.5
    samples = nr.sample(params, vocab, n=20, seed=0)
    assert all(s.isalpha() for s in samples if s)


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, n_x=st.integers(1, 3), n_a=st.integers(1, 4), n_y=st.integers(2, 3),
       m=st.integers(1, 3), T=st.integers(1, 4), act=st.sampled_from(["sigmoid", "softmax"]))
@covers("numpy.rnn.rnn_cell_forward", "numpy.rnn.rnn_cell_backward", "numpy.rnn.rnn_forward",
        "numpy.rnn.rnn_backward", "numpy.rnn.init_params", "numpy.rnn.output_forward",
        "numpy.rnn.output_backward", "numpy.rnn.sequence_loss", "numpy.rnn.loss_and_grads",
        "numpy.rnn.stack_weights", "numpy.rnn.split_weights")
def test_numpy_rnn_matches_autograd(seed, n_x, n_a, n_y, m, T, act):
    rng = np.random.default_rng(seed)
    p = nr.init_params(n_x, n_a, n_y, seed=seed % 1000, scale=0.5)
    p["ba"], p["by"] = arr(rng, (n_a, 1)), arr(rng, (n_y, 1))
    close(nr.split_weights(nr.stack_weights(p["Waa"], p["Wax"]), n_a)[1], p["Wax"])
    x, a0 = arr(rng, (n_x, m, T)), arr(rng, (n_a, m))
    if act == "sigmoid":
        y = (rng.random((n_y, m, T)) > 0.5).astype(float)
    else:
        y = np.moveaxis(np.eye(n_y)[rng.integers(0, n_y, (m, T))], -1, 0)
    P = {k: tt(v, "cpu", grad=True) for k, v in p.items()}
    a, hs, logits = tt(a0, "cpu"), [], []
    for t in range(T):
        a = torch.tanh(P["Waa"] @ a + P["Wax"] @ tt(x[:, :, t], "cpu") + P["ba"])
        hs.append(a)
        logits.append(P["Wya"] @ a + P["by"])
    Z = torch.stack(logits, dim=2)
    yt = tt(y, "cpu")
    if act == "sigmoid":
        loss = F.binary_cross_entropy_with_logits(Z, yt, reduction="sum") / m
    else:
        loss = -(yt * torch.log_softmax(Z, dim=0)).sum() / m
    loss.backward()
    a_np, caches = nr.rnn_forward(x, a0, p)
    close(a_np, torch.stack(hs, dim=2))
    close(nr.rnn_cell_forward(x[:, :, 0], a0, p)[0], hs[0])
    y_hat = nr.output_forward(a_np, p["Wya"], p["by"], act)
    close(nr.sequence_loss(y_hat, y, act), loss, {"rtol": 1e-7, "atol": 1e-9})
    L, grads = nr.loss_and_grads(p, x, y, a0, activation=act)
    close(L, loss, {"rtol": 1e-7, "atol": 1e-9})
    for k in ("Wax", "Waa", "ba", "Wya", "by"):
        g = grads.get(k, grads.get("d" + k))
        close(g, P[k].grad, {"rtol": 1e-6, "atol": 1e-8})
    out_g = nr.output_backward(y_hat, y, a_np, p["Wya"])
    bptt = nr.rnn_backward(out_g.get("da", out_g.get("a")), caches)
    close(bptt.get("dWax", bptt.get("Wax")), P["Wax"].grad, {"rtol": 1e-6, "atol": 1e-8})
    one = nr.rnn_cell_backward(np.ones((n_a, m)), caches[0] if isinstance(caches, list)
                                 else nr.rnn_cell_forward(x[:, :, 0], a0, p)[1])
    assert one["dxt"].shape == (n_x, m)


@PROP
@given(seed=seeds, n=st.integers(1, 4), limit=st.floats(0.01, 10), T=st.integers(1, 4))
@covers("numpy.rnn.clip_by_value", "numpy.rnn.clip_by_norm", "numpy.rnn.birnn_forward",
        "numpy.rnn.deep_rnn_forward")
def test_clipping_and_stacked_rnns(seed, n, limit, T):
    rng = np.random.default_rng(seed)
    grads = {"a": rng.standard_normal((n, 2)) * 5, "b": rng.standard_normal(n) * 5}
    close(nr.clip_by_value(grads, limit)["a"], np.clip(grads["a"], -limit, limit))
    clipped, norm = nr.clip_by_norm(grads, limit)
    flat = np.concatenate([g.ravel() for g in grads.values()])
    new = np.concatenate([g.ravel() for g in clipped.values()])
    assert norm == pytest.approx(np.linalg.norm(flat))
    assert np.linalg.norm(new) <= limit * (1 + 1e-12) or np.allclose(new, flat)
    close(new / np.linalg.norm(new), flat / np.linalg.norm(flat))
    pf, pb = nr.init_params(2, 3, 1, seed=1), nr.init_params(2, 3, 1, seed=2)
    x, a0 = rng.standard_normal((2, n, T)), rng.standard_normal((3, n))
    both = nr.birnn_forward(x, a0, a0, pf, pb)
    close(both[:3], nr.rnn_forward(x, a0, pf)[0])
    close(both[3:], nr.rnn_forward(x[:, :, ::-1], a0, pb)[0][:, :, ::-1])
    l2 = nr.init_params(3, 2, 1, seed=3)
    deep = nr.deep_rnn_forward(x, [a0, np.zeros((2, n))], [pf, l2])
    close(deep, nr.rnn_forward(nr.rnn_forward(x, a0, pf)[0], np.zeros((2, n)), l2)[0])


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.rnn_experiment.CharVocab",
    "numpy.rnn_experiment.train_char_lm",
    "numpy.rnn.sample",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    from dlnotes.numpy import rnn as m
    from dlnotes.numpy import rnn_experiment as mx

    p = m.init_params(3, 4, 2)
    xt, h = ar(3, 5), ar(4, 5)
    _, cache = m.rnn_cell_forward(xt, h, p)
    x = ar(3, 5, 6)
    A_, caches = m.rnn_forward(x, h, p)
    yh = m.output_forward(A_, p["Wya"], p["by"])
    yy = (ar(2, 5, 6) > 0).astype(float)
    vocab = mx.CharVocab(["ab", "ba"])
    grads = {"dW": ar(3, 3) * 10}
    layers = [m.init_params(3, 4, 2), m.init_params(4, 4, 2, seed=1)]
    return {
        "stack_weights": E(C(ar(4, 4), ar(4, 3)), arrays=("Waa", "Wax")),
        "split_weights": E(C(ar(4, 7), 4), arrays=("Wa",), hyper={"n_a": [0, 2.5]}),
        "init_params": E(C(3, 4, 2), hyper={"n_x": BAD_INT, "n_a": BAD_INT, "n_y": BAD_INT,
                                            "scale": [-1.0, NAN]}),
        "rnn_cell_forward": E(C(xt, h, p), arrays=("xt", "a_prev"), hyper={"params": [{}]}),
        "rnn_cell_backward": E(C(ar(4, 5, seed=1), cache), arrays=("da_next",)),
        "rnn_forward": E(C(x, h, p), arrays=("x", "a0")),
        "rnn_backward": E(C(ar(4, 5, 6), caches), arrays=("da",)),
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


def _experiment_sweep():
    return {
        "CharVocab": E(C(["ab", "ba"]), hyper={"words": [[], ["a\nb"], "ab"]}),
        "train_char_lm": E(C(["ab", "ba"], n_a=4, steps=2),
                           hyper={"words": [[]], "n_a": BAD_INT, "steps": [-1, 2.5],
                                  "lr": BAD_POS, "clip": BAD_POS}),
    }


def _torch_sweep():
    from dlnotes.torch import rnn as m

    def net(d):
        return m.RNN(3, 4, device=d, dtype=torch.float64)

    return {
        "rnn_cell": E(lambda d: C(tn(d, 5, 3), tn(d, 5, 4), tn(d, 4, 3), tn(d, 4, 4), tn(d, 4),
                                  tn(d, 4, seed=1)),
                      arrays=("x", "h", "weight_ih", "weight_hh", "bias_ih"),
                      hyper={"nonlinearity": ["sigmoid"]}),
        "RNN": E(lambda d: C(tn(d, 2, 6, 3), fn=net(d)), arrays=("x",),
                 extra=[X("hidden_size 0", C(3, 0), "hidden_size"),
                        X("nonlinearity", C(3, 4, nonlinearity="gelu"), "nonlinearity")]),
    }


SWEEP = {"numpy.rnn": _numpy_sweep, "numpy.rnn_experiment": _experiment_sweep,
         "torch.rnn": _torch_sweep}


@pytest.mark.api
@pytest.mark.parametrize("module", ["numpy.rnn", "numpy.rnn_experiment"])
def test_sweep_numpy(module):
    sweep_module(module, SWEEP[module], "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.rnn", _torch_sweep, device)
