"""GRU and LSTM cells (chapter "GRU and LSTM"), NumPy reference with hand-written backward.

The course's equations, in the stacked notation of the RNN chapter: every gate has one matrix
``W (n_a, n_a + n_x)`` acting on ``[state; x^<t>]`` and a bias ``(n_a, 1)``. Examples are
columns: ``x (n_x, m, T_x)``, states ``(n_a, m)`` per step, ``(n_a, m, T_x)`` over time.

GRU (``params``: ``Wr, br, Wu, bu, Wc, bc``)::

    G_r = sigmoid(Wr [c<t-1>; x<t>] + br)              relevance (reset) gate
    G_u = sigmoid(Wu [c<t-1>; x<t>] + bu)              update gate
    c~  = tanh(Wc [G_r * c<t-1>; x<t>] + bc)           candidate: reset BEFORE the product
    c<t> = G_u * c~ + (1 - G_u) * c<t-1>,   a<t> = c<t>

LSTM (``params``: ``Wf, bf, Wu, bu, Wc, bc, Wo, bo``)::

    G_f, G_u, G_o = sigmoid(W_{f,u,o} [a<t-1>; x<t>] + b_{f,u,o})
    c~  = tanh(Wc [a<t-1>; x<t>] + bc)
    c<t> = G_f * c<t-1> + G_u * c~,   a<t> = G_o * tanh(c<t>)

PyTorch's ``nn.GRU`` differs (see :mod:`dlnotes.torch.gru_lstm`); ``nn.LSTM`` is the same
function with gates ordered ``i, f, g, o`` = ``G_u, G_f, c~, G_o``.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.mlp import sigmoid

__all__ = [
    "GRU_GATES",
    "LSTM_GATES",
    "init_params",
    "gru_cell_forward",
    "gru_cell_backward",
    "lstm_cell_forward",
    "lstm_cell_backward",
    "gru_forward",
    "gru_backward",
    "lstm_forward",
    "lstm_backward",
    "lstm_torch_layout",
]

GRU_GATES = ("r", "u", "c")
LSTM_GATES = ("f", "u", "c", "o")


def init_params(kind: str, n_x: int, n_a: int, seed: int = 0, scale: float = 0.1) -> dict:
    """Random gate matrices ``W? (n_a, n_a + n_x)`` and zero biases ``b? (n_a, 1)``.

    ``kind`` is ``"gru"`` or ``"lstm"``.
    """
    seed = checks.seed("seed", seed)
    gates = GRU_GATES if checks.one_of("kind", kind, ("gru", "lstm")) == "gru" else LSTM_GATES
    for name, v in (("n_x", n_x), ("n_a", n_a)):
        checks.integer(name, v)
    scale = checks.positive("scale", scale)
    rng = np.random.default_rng(seed)
    params = {}
    for g in gates:
        params[f"W{g}"] = rng.normal(0, scale, (n_a, n_a + n_x))
        params[f"b{g}"] = np.zeros((n_a, 1))
    return params


# --8<-- [start:gru]
def gru_cell_forward(xt, c_prev, params):
    """One GRU step (the course's variant). ``xt (n_x, m)``, ``c_prev (n_a, m)``.

    Returns ``(c_next, cache)``; the GRU's output ``a<t>`` is ``c_next``.
    """
    xt, c_prev = checks.gru_lstm.gru_cell(xt, c_prev, params)
    p = params  # p["Wr"], p["br"], ...: the gates' weights
    concat = np.vstack([c_prev, xt])
    r = sigmoid(p["Wr"] @ concat + p["br"])
    u = sigmoid(p["Wu"] @ concat + p["bu"])
    concat_r = np.vstack([r * c_prev, xt])  # the reset gate acts before the product
    c_tilde = np.tanh(p["Wc"] @ concat_r + p["bc"])
    c_next = u * c_tilde + (1.0 - u) * c_prev
    return c_next, (c_prev, xt, concat, concat_r, r, u, c_tilde, p)


def gru_cell_backward(dc_next, cache):
    """Backward of one GRU step given ``dc_next (n_a, m)``.

    Returns ``dxt, dc_prev`` and ``dWr, dbr, dWu, dbu, dWc, dbc``.
    """
    c_prev, xt, concat, concat_r, r, u, c_tilde, p = cache
    dc_next = checks.rnn.gradient("dc_next", dc_next, c_prev)
    n_a = c_prev.shape[0]
    dc_prev = dc_next * (1.0 - u)
    dz_c = dc_next * u * (1.0 - c_tilde**2)
    dz_u = dc_next * (c_tilde - c_prev) * u * (1.0 - u)
    dconcat_r = p["Wc"].T @ dz_c
    d_rc = dconcat_r[:n_a]  # gradient of r * c_prev
    dc_prev += d_rc * r
    dz_r = d_rc * c_prev * r * (1.0 - r)
    dconcat = p["Wr"].T @ dz_r + p["Wu"].T @ dz_u
    dc_prev += dconcat[:n_a]
    grads = {"dxt": dconcat[n_a:] + dconcat_r[n_a:], "dc_prev": dc_prev}
    for g, dz, inp in (("r", dz_r, concat), ("u", dz_u, concat), ("c", dz_c, concat_r)):
        grads[f"dW{g}"] = dz @ inp.T
        grads[f"db{g}"] = dz.sum(axis=1, keepdims=True)
    return grads
# --8<-- [end:gru]


# --8<-- [start:lstm]
def lstm_cell_forward(xt, a_prev, c_prev, params):
    """One LSTM step. ``xt (n_x, m)``, ``a_prev, c_prev (n_a, m)``.

    Returns ``(a_next, c_next, cache)``.
    """
    xt, a_prev, c_prev = checks.gru_lstm.lstm_cell(xt, a_prev, c_prev, params)
    p = params  # p["Wf"], p["bf"], ...: the gates' weights
    concat = np.vstack([a_prev, xt])
    f = sigmoid(p["Wf"] @ concat + p["bf"])
    u = sigmoid(p["Wu"] @ concat + p["bu"])
    o = sigmoid(p["Wo"] @ concat + p["bo"])
    c_tilde = np.tanh(p["Wc"] @ concat + p["bc"])
    c_next = f * c_prev + u * c_tilde  # the memory cell: a sum, not a product
    tanh_c = np.tanh(c_next)
    a_next = o * tanh_c
    return a_next, c_next, (c_prev, concat, f, u, o, c_tilde, tanh_c, p)


def lstm_cell_backward(da_next, dc_next, cache):
    """Backward of one LSTM step given ``da_next`` and ``dc_next`` (``(n_a, m)`` each).

    Returns ``dxt, da_prev, dc_prev`` and ``dW?, db?`` for ``? in f, u, c, o``.
    """
    c_prev, concat, f, u, o, c_tilde, tanh_c, p = cache
    da_next, dc_next = checks.gru_lstm.lstm_gradients(da_next, dc_next, c_prev)
    n_a = c_prev.shape[0]
    dc = dc_next + da_next * o * (1.0 - tanh_c**2)
    dz = {
        "o": da_next * tanh_c * o * (1.0 - o),
        "f": dc * c_prev * f * (1.0 - f),
        "u": dc * c_tilde * u * (1.0 - u),
        "c": dc * u * (1.0 - c_tilde**2),
    }
    dconcat = sum(p[f"W{g}"].T @ dz[g] for g in LSTM_GATES)
    grads = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc * f}
    for g in LSTM_GATES:
        grads[f"dW{g}"] = dz[g] @ concat.T
        grads[f"db{g}"] = dz[g].sum(axis=1, keepdims=True)
    return grads
# --8<-- [end:lstm]


def gru_forward(x, c0, params):
    """GRU over time: ``x (n_x, m, T_x)``, ``c0 (n_a, m)`` -> ``(a (n_a, m, T_x), caches)``."""
    x, c = checks.gru_lstm.gru_sequence(x, c0, params)
    a = np.zeros((c.shape[0], x.shape[1], x.shape[2]))
    caches = []
    for t in range(x.shape[2]):
        c, cache = gru_cell_forward(x[:, :, t], c, params)
        a[:, :, t] = c
        caches.append(cache)
    return a, caches


def _grad_sum(caches, da, step_backward, state_names, gates):
    da = checks.gru_lstm.through_time(da, caches)
    n_a, m = caches[0][0].shape
    p = caches[0][-1]
    n_x = p[f"W{gates[0]}"].shape[1] - n_a
    grads = {f"{d}{g}": np.zeros_like(p[f"{d[1:]}{g}"]) for g in gates for d in ("dW", "db")}
    dx = np.zeros((n_x, m, len(caches)))
    carried = {s: np.zeros((n_a, m)) for s in state_names}
    for t in reversed(range(len(caches))):
        step = step_backward(da[:, :, t], carried, caches[t])
        dx[:, :, t] = step["dxt"]
        carried = {s: step[f"d{s}_prev"] for s in state_names}
        for k in grads:
            grads[k] += step[k]
    return {"dx": dx, **{f"d{s}0": v for s, v in carried.items()}, **grads}


def gru_backward(da, caches):
    """Backpropagation through time for :func:`gru_forward`.

    ``da (n_a, m, T_x)``: gradient of the loss with respect to each ``a<t>`` from the outputs.
    Returns ``dx, dc0, dWr, dbr, dWu, dbu, dWc, dbc``.
    """
    return _grad_sum(caches, da, lambda d, s, cache: gru_cell_backward(d + s["c"], cache),
                     ("c",), GRU_GATES)


def lstm_forward(x, a0, params, c0=None):
    """LSTM over time: ``x (n_x, m, T_x)``, ``a0 (n_a, m)``, ``c0`` (zeros if None).

    Returns ``(a, c, caches)``, both states ``(n_a, m, T_x)``.
    """
    if c0 is None:
        c0 = np.zeros(np.shape(a0))
    x, a_t, c_t = checks.gru_lstm.lstm_sequence(x, a0, c0, params)
    a = np.zeros((a_t.shape[0], x.shape[1], x.shape[2]))
    c = np.zeros_like(a)
    caches = []
    for t in range(x.shape[2]):
        a_t, c_t, cache = lstm_cell_forward(x[:, :, t], a_t, c_t, params)
        a[:, :, t], c[:, :, t] = a_t, c_t
        caches.append(cache)
    return a, c, caches


def lstm_backward(da, caches):
    """Backpropagation through time for :func:`lstm_forward` (the cell state carries its own
    gradient backwards). Returns ``dx, da0, dc0`` and the ``dW?, db?``."""
    return _grad_sum(
        caches, da, lambda d, s, cache: lstm_cell_backward(d + s["a"], s["c"], cache),
        ("a", "c"), LSTM_GATES)


def lstm_torch_layout(params: dict) -> dict:
    """The course's LSTM parameters in ``nn.LSTM``'s layout (one layer), as NumPy arrays.

    PyTorch stacks the gates as ``i, f, g, o`` = ``Gamma_u, Gamma_f, c~, Gamma_o`` and splits
    each ``W? = [W?a | W?x]`` into ``weight_hh`` (the ``a`` columns) and ``weight_ih`` (the
    ``x`` columns); the course's single bias goes to ``bias_ih`` and ``bias_hh`` is zero.
    """
    n_a, _ = checks.gru_lstm.weights(params, LSTM_GATES)
    w = np.vstack([params[f"W{g}"] for g in ("u", "f", "c", "o")])
    b = np.concatenate([params[f"b{g}"][:, 0] for g in ("u", "f", "c", "o")])
    return {"weight_ih_l0": w[:, n_a:], "weight_hh_l0": w[:, :n_a],
            "bias_ih_l0": b, "bias_hh_l0": np.zeros_like(b)}
