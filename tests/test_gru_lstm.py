"""GRU and LSTM: the NumPy cells' hand-written backward passes against finite differences and
autograd, the course's LSTM against nn.LSTM with copied weights, the course's GRU against
nn.GRU where the two variants coincide (reset gate open), and the from-scratch torch GRU/LSTM
against nn.GRU/nn.LSTM.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py); the torch cells and layers are
property-tested beside the RNN chapter's, against nn.RNNCell/GRUCell/LSTMCell and
nn.RNN/GRU/LSTM."""

import json

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, GRAD, PROP, arr, close, covers, seeds, tt
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, X, ar, sweep_module, tn

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import gru_lstm as ng
from dlnotes.torch import gru_lstm as tg
from dlnotes.torch import rnn as tr
from site_tools.doc_examples import ROOT

N_X, N_A, M, T = 3, 4, 5, 6


def _params(kind, seed=0):
    p = ng.init_params(kind, N_X, N_A, seed=seed, scale=0.6)
    rng = np.random.default_rng(seed + 100)
    return {k: (v if k.startswith("W") else rng.normal(0, 0.5, v.shape)) for k, v in p.items()}


def _data(seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(N_X, M, T)), rng.normal(0, 0.5, (N_A, M)),
            rng.normal(0, 0.5, (N_A, M)), rng.normal(size=(N_A, M, T)))


def _t(array, device):
    """A NumPy array as a contiguous float64 tensor on ``device``."""
    return torch.from_numpy(np.ascontiguousarray(array)).to(device)


def _np(tensor):
    return tensor.detach().cpu().numpy()


def _seq_first(x, device):
    """(n_x, m, T) columns -> torch's (T, m, n_x)."""
    return _t(x.transpose(2, 1, 0), device)


def test_gru_backward_passes_gradient_check():
    p = _params("gru")
    x, c0, _, w = _data()
    a, caches = ng.gru_forward(x, c0, p)
    g = ng.gru_backward(w, caches)
    wrt = p | {"x": x, "c0": c0}
    grads = {k: g[f"d{k}"] for k in wrt}
    errors = gc.check_gradients(lambda: float(np.sum(w * ng.gru_forward(x, c0, p)[0])), wrt, grads)
    assert max(errors.values()) < 1e-7, errors


def test_lstm_backward_passes_gradient_check():
    p = _params("lstm")
    x, a0, c0, w = _data()
    _, _, caches = ng.lstm_forward(x, a0, p, c0)
    g = ng.lstm_backward(w, caches)
    wrt = p | {"x": x, "a0": a0, "c0": c0}
    grads = {k: g[f"d{k}"] for k in wrt}
    errors = gc.check_gradients(
        lambda: float(np.sum(w * ng.lstm_forward(x, a0, p, c0)[0])), wrt, grads)
    assert max(errors.values()) < 1e-7, errors


def test_course_gru_backward_matches_autograd(device):
    p = _params("gru")
    x, c0, _, w = _data()
    a, caches = ng.gru_forward(x, c0, p)
    g = ng.gru_backward(w, caches)
    tp = {k: _t(v, device).requires_grad_(True) for k, v in p.items()}
    tx = _t(x, device).requires_grad_(True)
    c = _t(c0.T, device).requires_grad_(True)
    c_init, outs = c, []
    for t in range(T):
        c = tg.course_gru_cell(tx[:, :, t].T, c, tp)
        outs.append(c.T)
    ta = torch.stack(outs, dim=2)
    np.testing.assert_allclose(a, _np(ta), rtol=1e-12, atol=1e-14)
    (_t(w, device) * ta).sum().backward()
    for k in p:
        np.testing.assert_allclose(g[f"d{k}"], _np(tp[k].grad), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(g["dx"], _np(tx.grad), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(g["dc0"], _np(c_init.grad).T, rtol=1e-10, atol=1e-13)


def _nn_lstm_from(p, device):
    ref = torch.nn.LSTM(N_X, N_A, dtype=torch.float64, device=device)
    with torch.no_grad():
        for k, v in ng.lstm_torch_layout(p).items():
            getattr(ref, k).copy_(torch.from_numpy(np.ascontiguousarray(v)))
    return ref


def test_course_lstm_matches_nn_lstm_forward_and_gradients(device):
    p = _params("lstm")
    x, a0, c0, w = _data()
    a, c, caches = ng.lstm_forward(x, a0, p, c0)
    g = ng.lstm_backward(w, caches)
    ref = _nn_lstm_from(p, device)
    tx = _seq_first(x, device).requires_grad_(True)
    out, (h_n, c_n) = ref(tx, (_t(a0.T, device)[None], _t(c0.T, device)[None]))
    np.testing.assert_allclose(a, _np(out).transpose(2, 1, 0), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(c[:, :, -1], _np(c_n[0]).T, rtol=1e-12, atol=1e-14)
    (_seq_first(w, device) * out).sum().backward()
    ours = ng.lstm_torch_layout({k[1:]: v for k, v in g.items() if k[1] in "Wb"})
    for k in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0"):
        np.testing.assert_allclose(ours[k], _np(getattr(ref, k).grad), rtol=1e-10,
                                   atol=1e-13, err_msg=k)
    np.testing.assert_allclose(g["dx"], _np(tx.grad).transpose(2, 1, 0), rtol=1e-10,
                               atol=1e-13)


def test_course_gru_equals_nn_gru_when_the_reset_gate_is_open(device):
    """With Gamma_r = 1 the two variants coincide: nn.GRU's z is 1 - Gamma_u (negated
    update weights), its n is the course's candidate."""
    p = _params("gru")
    p["Wr"], p["br"] = np.zeros_like(p["Wr"]), np.full_like(p["br"], 50.0)  # sigmoid(50) == 1
    x, c0, _, _ = _data()
    a, _ = ng.gru_forward(x, c0, p)
    ref = torch.nn.GRU(N_X, N_A, dtype=torch.float64, device=device)
    w_ih = np.vstack([np.zeros((N_A, N_X)), -p["Wu"][:, N_A:], p["Wc"][:, N_A:]])
    w_hh = np.vstack([np.zeros((N_A, N_A)), -p["Wu"][:, :N_A], p["Wc"][:, :N_A]])
    b_ih = np.concatenate([np.full(N_A, 50.0), -p["bu"][:, 0], p["bc"][:, 0]])
    with torch.no_grad():
        for name, v in (("weight_ih_l0", w_ih), ("weight_hh_l0", w_hh), ("bias_ih_l0", b_ih),
                        ("bias_hh_l0", np.zeros(3 * N_A))):
            getattr(ref, name).copy_(torch.from_numpy(v))
    out, _ = ref(_seq_first(x, device), _t(c0.T, device)[None])
    np.testing.assert_allclose(a, _np(out).transpose(2, 1, 0), rtol=1e-12, atol=1e-14)
    # with a working reset gate the variants differ
    q = _params("gru")
    assert not np.allclose(ng.gru_forward(x, c0, q)[0], a)


def test_lstm_cell_state_carries_information_when_forget_gate_is_open():
    """Gamma_f = 1, Gamma_u = 0: c<t> = c<0> exactly, for any input (the memory path)."""
    p = _params("lstm")
    p["Wf"], p["bf"] = np.zeros_like(p["Wf"]), np.full_like(p["bf"], 50.0)
    p["Wu"], p["bu"] = np.zeros_like(p["Wu"]), np.full_like(p["bu"], -50.0)
    x, a0, c0, _ = _data()
    _, c, _ = ng.lstm_forward(x * 100, a0, p, c0)
    np.testing.assert_allclose(c[:, :, -1], c0, rtol=1e-12)


@pytest.mark.parametrize("kind", ["gru", "lstm"])
@pytest.mark.parametrize("layers,bidirectional", [(1, False), (2, True)])
def test_torch_cells_match_nn_modules(device, kind, layers, bidirectional):
    torch.manual_seed(0)
    ref_cls, our_cls = {"gru": (torch.nn.GRU, tg.GRU), "lstm": (torch.nn.LSTM, tg.LSTM)}[kind]
    kw = {"num_layers": layers, "bidirectional": bidirectional, "dtype": torch.float64,
          "device": device}
    ref = ref_cls(3, 5, batch_first=True, **kw)
    ours = our_cls(3, 5, **kw)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in ref.named_parameters()]
    ours.load_state_dict(ref.state_dict())
    x = torch.randn(4, 7, 3, dtype=torch.float64, device=device)
    s = layers * (1 + bidirectional)
    h0 = torch.randn(s, 4, 5, dtype=torch.float64, device=device)
    state = h0 if kind == "gru" else (h0, torch.randn_like(h0))
    out, fin = ours(x, state)
    ref_out, ref_fin = ref(x, state)
    assert out.device == x.device
    torch.testing.assert_close(out, ref_out, rtol=1e-12, atol=1e-13)
    torch.testing.assert_close(fin, ref_fin, rtol=1e-12, atol=1e-13)
    out.pow(2).sum().backward()
    ref_out.pow(2).sum().backward()
    for (name, p), q in zip(ours.named_parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(p.grad, q.grad, rtol=1e-10, atol=1e-12, msg=name)


def test_bad_inputs_name_the_argument(device):
    p = _params("lstm")
    x, a0, c0, _ = _data()
    with pytest.raises(ValueError, match=r"^x must have shape \(n_x, m, T_x\)"):
        ng.lstm_forward(x[:, :, 0], a0, p)
    with pytest.raises(ValueError, match="^a0 must have the shape"):
        ng.lstm_forward(x, a0[:2], p)
    with pytest.raises(ValueError, match="^c_prev must have the shape"):
        ng.lstm_cell_forward(x[:, :, 0], a0, c0[:, :2], p)
    with pytest.raises(ValueError, match=r"^params is missing \['Wr', 'br'\]"):
        ng.gru_forward(x, c0, {k: v for k, v in _params("gru").items() if k[1] != "r"})
    with pytest.raises(ValueError, match="^kind must be one of"):
        ng.init_params("rnn", 3, 4)
    with pytest.raises(ValueError, match="^da must have the shape"):
        ng.gru_backward(np.zeros((N_A, M, 2)), ng.gru_forward(x, c0, _params("gru"))[1])
    lstm = tg.LSTM(3, 5, device=device)
    with pytest.raises(ValueError, match=r"^x must have shape \(N, T, input_size=3\)"):
        lstm(torch.zeros(4, 3, device=device))
    with pytest.raises(ValueError, match="^c0 must have shape"):
        lstm(torch.zeros(2, 4, 3, device=device),
             (torch.zeros(1, 2, 5, device=device), torch.zeros(1, 2, 4, device=device)))
    with pytest.raises(ValueError, match="^h0 must have shape"):
        tg.GRU(3, 5, device=device)(torch.zeros(2, 4, 3, device=device),
                                   torch.zeros(2, 2, 5, device=device))


@pytest.mark.slow
def test_lstm_keeps_a_long_range_dependency_that_the_rnn_loses():
    """Distance 40 of the figure, seed 0: the LSTM answers, the RNN is near chance (0.25),
    in a fresh run as in the committed data the figure is drawn from (a run is chaotic:
    the claim is checked, not the committed digits)."""
    data = json.loads((ROOT / "snippets" / "gru-lstm" / "long_range.json").read_text())
    k = data["distance"].index(40)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: threads only add overhead (and contention)
    try:
        rnn, lstm = tg.train_long_range("rnn", 40), tg.train_long_range("lstm", 40)
    finally:
        torch.set_num_threads(threads)
    for rnn_accuracy, lstm_accuracy in ((rnn, lstm), (data["rnn"][k][0], data["lstm"][k][0])):
        assert lstm_accuracy > 0.9 and rnn_accuracy < 0.4, (rnn_accuracy, lstm_accuracy)


# --------------------------------------------------- property tests (tests/properties_support.py)


def _copy_cell(ref):
    return [getattr(ref, n) for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]


@PROP
@given(seed=seeds, N=st.integers(1, 4), n_in=st.integers(1, 4), H=st.integers(1, 4),
       nonlin=st.sampled_from(["tanh", "relu"]))
@covers("torch.rnn.rnn_cell", "torch.gru_lstm.gru_cell", "torch.gru_lstm.lstm_cell")
def test_cells_match_builtin(device, seed, N, n_in, H, nonlin):
    torch.manual_seed(seed)
    x, h, c = (torch.randn(N, k, dtype=torch.float64, device=device) for k in (n_in, H, H))
    rnn = torch.nn.RNNCell(n_in, H, nonlinearity=nonlin, dtype=torch.float64).to(device)
    close(tr.rnn_cell(x, h, *_copy_cell(rnn), nonlinearity=nonlin), rnn(x, h))
    gru = torch.nn.GRUCell(n_in, H, dtype=torch.float64).to(device)
    close(tg.gru_cell(x, h, *_copy_cell(gru)), gru(x, h))
    lstm = torch.nn.LSTMCell(n_in, H, dtype=torch.float64).to(device)
    for mine, ref in zip(tg.lstm_cell(x, (h, c), *_copy_cell(lstm)), lstm(x, (h, c)),
                         strict=True):
        close(mine, ref)


@PROP
@given(seed=seeds, N=st.integers(1, 3), T=st.integers(1, 5), n_in=st.integers(1, 3),
       H=st.integers(1, 3), layers=st.integers(1, 2), bidir=st.booleans(),
       kind=st.sampled_from(["rnn", "gru", "lstm"]))
@covers("torch.rnn.RNN", "torch.gru_lstm.GRU", "torch.gru_lstm.LSTM")
def test_recurrent_layers_match_builtin(device, seed, N, T, n_in, H, layers, bidir, kind):
    torch.manual_seed(seed)
    ref_cls, our_cls = {"rnn": (torch.nn.RNN, tr.RNN), "gru": (torch.nn.GRU, tg.GRU),
                        "lstm": (torch.nn.LSTM, tg.LSTM)}[kind]
    ref = ref_cls(n_in, H, num_layers=layers, bidirectional=bidir, batch_first=True,
                  dtype=torch.float64).to(device)
    ours = our_cls(n_in, H, num_layers=layers, bidirectional=bidir, dtype=torch.float64,
                   device=device)
    ours.load_state_dict(ref.state_dict())
    x = torch.randn(N, T, n_in, dtype=torch.float64, device=device)
    out, state = ours(x)
    ref_out, ref_state = ref(x)
    close(out, ref_out)
    for a, b in zip(state if kind == "lstm" else (state,), ref_state if kind == "lstm"
                    else (ref_state,), strict=True):
        close(a, b)


@PROP
@given(seed=seeds, n_x=st.integers(1, 3), n_a=st.integers(1, 4), m=st.integers(1, 3),
       T=st.integers(1, 4))
@covers("numpy.gru_lstm.init_params", "numpy.gru_lstm.gru_cell_forward",
        "numpy.gru_lstm.gru_cell_backward", "numpy.gru_lstm.gru_forward",
        "numpy.gru_lstm.gru_backward", "torch.gru_lstm.course_gru_cell")
def test_numpy_gru_matches_autograd(seed, n_x, n_a, m, T):
    rng = np.random.default_rng(seed)
    p = ng.init_params("gru", n_x, n_a, seed=seed % 1000, scale=0.5)
    for k in p:
        if k.startswith("b"):
            p[k] = arr(rng, p[k].shape)
    x, c0 = arr(rng, (n_x, m, T)), arr(rng, (n_a, m))
    P = {k: tt(v, "cpu", grad=True) for k, v in p.items()}
    c, cs = tt(c0, "cpu").T, []
    for t in range(T):
        c = tg.course_gru_cell(tt(x[:, :, t], "cpu").T, c, P)
        cs.append(c.T)
    ref = torch.stack(cs, dim=2)
    a, caches = ng.gru_forward(x, c0, p)
    close(a, ref)
    close(ng.gru_cell_forward(x[:, :, 0], c0, p)[0], cs[0])
    da = rng.standard_normal(a.shape)
    ref.backward(torch.tensor(da))
    g = ng.gru_backward(da, caches)
    g = g if isinstance(g, dict) else dict(zip(("dx", "dc0", "dWr", "dbr", "dWu", "dbu", "dWc",
                                                "dbc"), g, strict=True))
    for k in ("Wr", "br", "Wu", "bu", "Wc", "bc"):
        close(g["d" + k], P[k].grad, GRAD)
    step = ng.gru_cell_backward(np.ones((n_a, m)), ng.gru_cell_forward(x[:, :, 0], c0, p)[1])
    assert step is not None


@PROP
@given(seed=seeds, n_x=st.integers(1, 3), n_a=st.integers(1, 4), m=st.integers(1, 3),
       T=st.integers(1, 4))
@covers("numpy.gru_lstm.lstm_cell_forward", "numpy.gru_lstm.lstm_cell_backward",
        "numpy.gru_lstm.lstm_forward", "numpy.gru_lstm.lstm_backward",
        "numpy.gru_lstm.lstm_torch_layout")
def test_numpy_lstm_matches_nn_lstm(seed, n_x, n_a, m, T):
    rng = np.random.default_rng(seed)
    p = ng.init_params("lstm", n_x, n_a, seed=seed % 1000, scale=0.5)
    for k in p:
        if k.startswith("b"):
            p[k] = arr(rng, p[k].shape)
    x, a0, c0 = arr(rng, (n_x, m, T)), arr(rng, (n_a, m)), arr(rng, (n_a, m))
    lstm = torch.nn.LSTM(n_x, n_a, dtype=torch.float64)
    lstm.load_state_dict({k: torch.tensor(np.ascontiguousarray(v).reshape(-1) if k.startswith(
        "bias") else v) for k, v in ng.lstm_torch_layout(p).items()})
    xt = tt(np.transpose(x, (2, 1, 0)), "cpu", grad=True)  # (T, m, n_x)
    out, (h_n, c_n) = lstm(xt, (tt(a0.T, "cpu")[None], tt(c0.T, "cpu")[None]))
    a, c, caches = ng.lstm_forward(x, a0, p, c0)
    close(a, out.permute(2, 1, 0))
    close(c[:, :, -1], c_n[0].T)
    a1, c1, _ = ng.lstm_cell_forward(x[:, :, 0], a0, c0, p)
    close(a1, out[0].T)
    da = rng.standard_normal(a.shape)
    out.backward(torch.tensor(np.transpose(da, (2, 1, 0))))
    g = ng.lstm_backward(da, caches)
    dx = g["dx"] if isinstance(g, dict) else g[0]
    close(dx, xt.grad.permute(2, 1, 0), GRAD)
    assert ng.lstm_cell_backward(np.ones((n_a, m)), np.ones((n_a, m)), caches[0]) is not None


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "torch.gru_lstm.remember_first_task",
    "torch.gru_lstm.train_long_range",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    from dlnotes.numpy import gru_lstm as m

    pg, pl = m.init_params("gru", 3, 4), m.init_params("lstm", 3, 4)
    xt, h = ar(3, 5), ar(4, 5)
    _, gcache = m.gru_cell_forward(xt, h, pg)
    _, _, lcache = m.lstm_cell_forward(xt, h, ar(4, 5, seed=1), pl)
    x = ar(3, 5, 6)
    _, gcaches = m.gru_forward(x, h, pg)
    _, _, lcaches = m.lstm_forward(x, h, pl)
    return {
        "init_params": E(C("gru", 3, 4), hyper={"kind": ["rnn"], "n_x": BAD_INT, "n_a": BAD_INT,
                                                "scale": [-1.0, NAN]}),
        "gru_cell_forward": E(C(xt, h, pg), arrays=("xt", "c_prev")),
        "gru_cell_backward": E(C(ar(4, 5, seed=2), gcache), arrays=("dc_next",)),
        "lstm_cell_forward": E(C(xt, h, ar(4, 5, seed=1), pl), arrays=("xt", "a_prev", "c_prev")),
        "lstm_cell_backward": E(C(ar(4, 5, seed=2), ar(4, 5, seed=3), lcache),
                                arrays=("da_next", "dc_next")),
        "gru_forward": E(C(x, h, pg), arrays=("x", "c0")),
        "gru_backward": E(C(ar(4, 5, 6), gcaches), arrays=("da",)),
        "lstm_forward": E(C(x, h, pl), arrays=("x", "a0")),
        "lstm_backward": E(C(ar(4, 5, 6), lcaches), arrays=("da",)),
        "lstm_torch_layout": E(C(pl), hyper={"params": [pg, {}]}),
    }


def _torch_sweep():
    from dlnotes.numpy import gru_lstm as ng
    from dlnotes.torch import gru_lstm as m

    def w(d, g):
        return tn(d, g * 4, 3), tn(d, g * 4, 4), tn(d, g * 4), tn(d, g * 4, seed=1)

    cp = {k: torch.from_numpy(v) for k, v in ng.init_params("gru", 3, 4).items()}

    def gru(d):
        return m.GRU(3, 4, device=d, dtype=torch.float64)

    def lstm(d):
        return m.LSTM(3, 4, device=d, dtype=torch.float64)

    return {
        "gru_cell": E(lambda d: C(tn(d, 5, 3), tn(d, 5, 4), *w(d, 3)),
                      arrays=("x", "h", "weight_ih", "weight_hh", "bias_ih")),
        "lstm_cell": E(lambda d: C(tn(d, 5, 3), (tn(d, 5, 4), tn(d, 5, 4, seed=1)), *w(d, 4)),
                       arrays=("x", "weight_ih", "weight_hh", "bias_ih")),
        "course_gru_cell": E(lambda d: C(tn(d, 5, 3), tn(d, 5, 4),
                                         {k: v.to(d) for k, v in cp.items()}), arrays=("x", "c")),
        "GRU": E(lambda d: C(tn(d, 2, 6, 3), fn=gru(d)), arrays=("x",),
                 extra=[X("hidden_size 0", C(3, 0), "hidden_size"),
                        X("num_layers 0", C(3, 4, 0), "num_layers")]),
        "LSTM": E(lambda d: C(tn(d, 2, 6, 3), fn=lstm(d)), arrays=("x",),
                  extra=[X("hidden_size 0", C(3, 0), "hidden_size"),
                         X("num_layers 0", C(3, 4, 0), "num_layers")]),
        "remember_first_task": E(C(4, 5), hyper={"n": BAD_INT, "distance": [-1, 2.5]}),
        "train_long_range": E(C("rnn", 3, hidden=4, steps=1, batch=4),
                              hyper={"kind": ["gru"], "distance": [-1], "hidden": BAD_INT,
                                     "steps": [-1], "batch": BAD_INT, "lr": BAD_POS}),
    }


SWEEP = {"numpy.gru_lstm": _numpy_sweep, "torch.gru_lstm": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.gru_lstm", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.gru_lstm", _torch_sweep, device)
