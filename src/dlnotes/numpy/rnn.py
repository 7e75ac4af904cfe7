"""Recurrent neural networks (chapter "Recurrent neural networks"), NumPy reference.

Shapes follow the notes: examples are columns and time is the last axis.

* ``x``: inputs, ``(n_x, m, T_x)``; ``x[:, :, t]`` is ``x^<t+1>`` for the ``m`` examples.
* ``a0``: initial hidden state, ``(n_a, m)``; ``a``: all hidden states, ``(n_a, m, T_x)``.
* ``params``: ``Wax (n_a, n_x)``, ``Waa (n_a, n_a)``, ``ba (n_a, 1)`` for the recurrence and
  ``Wya (n_y, n_a)``, ``by (n_y, 1)`` for the output layer.

The recurrence and the output layer are

    a^<t> = tanh(Waa a^<t-1> + Wax x^<t> + ba) = tanh(Wa [a^<t-1>; x^<t>] + ba),
    y_hat^<t> = g(Wya a^<t> + by),

with ``Wa = [Waa | Wax]`` (``stack_weights``), ``g`` a sigmoid (independent binary labels) or a
softmax (one class per step). The loss sums the cross-entropy over time steps and averages it
over the ``m`` examples; with either pairing the gradient of the logits is
``(y_hat - y) / m``, hence ``dWya = (1/m) sum_t (y_hat^<t> - y^<t>) a^<t>T``.

Backpropagation through time (``rnn_backward``) takes ``da``, the gradient of the loss with
respect to each ``a^<t>`` through the output layer only, and adds the gradient that flows
back from later steps.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.mlp import sigmoid

__all__ = [
    "stack_weights",
    "split_weights",
    "init_params",
    "rnn_cell_forward",
    "rnn_cell_backward",
    "rnn_forward",
    "rnn_backward",
    "output_forward",
    "output_backward",
    "sequence_loss",
    "loss_and_grads",
    "clip_by_value",
    "clip_by_norm",
    "birnn_forward",
    "deep_rnn_forward",
    "sample",
]


def _softmax(z: np.ndarray, axis: int = 0) -> np.ndarray:
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def stack_weights(Waa: np.ndarray, Wax: np.ndarray) -> np.ndarray:
    """The notes' stacked matrix ``Wa = [Waa | Wax]``, shape ``(n_a, n_a + n_x)``.

    ``Wa @ np.vstack([a_prev, x_t]) == Waa @ a_prev + Wax @ x_t``.
    """
    Waa = checks.float_array("Waa", Waa, 2, "(n_a, n_a)")
    Wax = checks.float_array("Wax", Wax, 2, "(n_a, n_x)")
    if Waa.shape[0] != Waa.shape[1] or Wax.shape[0] != Waa.shape[0]:
        raise ValueError(f"Waa must be (n_a, n_a) and Wax (n_a, n_x), got {Waa.shape}, {Wax.shape}")
    return np.hstack([Waa, Wax])


def split_weights(Wa: np.ndarray, n_a: int) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`stack_weights`: ``(Waa, Wax)`` from ``Wa`` of shape ``(n_a, n_a+n_x)``."""
    n_a = checks.integer("n_a", n_a)
    Wa = checks.float_array("Wa", Wa, 2, "(n_a, n_a + n_x)")
    if Wa.shape[0] != n_a or Wa.shape[1] <= n_a:
        raise ValueError(f"Wa must have shape ({n_a}, {n_a} + n_x) with n_x >= 1, got {Wa.shape}")
    return Wa[:, :n_a], Wa[:, n_a:]


def init_params(n_x: int, n_a: int, n_y: int, seed: int = 0, scale: float = 0.1) -> dict:
    """Random ``Wax, Waa, Wya`` (normal, standard deviation ``scale``) and zero biases."""
    seed = checks.seed("seed", seed)
    for name, v in (("n_x", n_x), ("n_a", n_a), ("n_y", n_y)):
        checks.integer(name, v, 1)
    scale = checks.positive("scale", scale)
    rng = np.random.default_rng(seed)
    return {
        "Wax": rng.normal(0, scale, (n_a, n_x)),
        "Waa": rng.normal(0, scale, (n_a, n_a)),
        "ba": np.zeros((n_a, 1)),
        "Wya": rng.normal(0, scale, (n_y, n_a)),
        "by": np.zeros((n_y, 1)),
    }


# --8<-- [start:cell]
def rnn_cell_forward(xt, a_prev, params):
    """One step: ``a_next = tanh(Waa a_prev + Wax xt + ba)``.

    Args:
        xt: input at this step, ``(n_x, m)``.
        a_prev: previous hidden state, ``(n_a, m)``.
        params: dict with ``Wax (n_a, n_x)``, ``Waa (n_a, n_a)``, ``ba (n_a, 1)``.

    Returns:
        ``(a_next, cache)``; ``a_next`` is ``(n_a, m)``, ``cache`` is what the backward pass needs.
    """
    xt, a_prev = checks.rnn.cell(xt, a_prev, params)
    a_next = np.tanh(params["Waa"] @ a_prev + params["Wax"] @ xt + params["ba"])
    return a_next, (a_next, a_prev, xt, params)


def rnn_cell_backward(da_next, cache):
    """Backward of one step, given ``da_next = dL/da_next`` (``(n_a, m)``).

    Returns ``dxt (n_x, m)``, ``da_prev (n_a, m)``, ``dWax``, ``dWaa``, ``dba`` (as params).
    """
    a_next, a_prev, xt, params = cache
    da_next = checks.rnn.gradient("da_next", da_next, a_next)
    dz = da_next * (1.0 - a_next**2)  # tanh'(z) = 1 - tanh(z)^2
    return {
        "dxt": params["Wax"].T @ dz,
        "da_prev": params["Waa"].T @ dz,
        "dWax": dz @ xt.T,
        "dWaa": dz @ a_prev.T,
        "dba": dz.sum(axis=1, keepdims=True),
    }
# --8<-- [end:cell]


# --8<-- [start:forward]
def rnn_forward(x, a0, params):
    """Run the cell over time.

    Args:
        x: inputs ``(n_x, m, T_x)``.
        a0: initial hidden state ``(n_a, m)``.
        params: dict with ``Wax``, ``Waa``, ``ba`` (extra keys are ignored).

    Returns:
        ``(a, caches)``: hidden states ``(n_a, m, T_x)`` and one cache per step.
    """
    x, a0 = checks.rnn.sequence(x, a0, params)
    a = np.zeros((a0.shape[0], x.shape[1], x.shape[2]))
    caches = []
    a_t = a0
    for t in range(x.shape[2]):
        a_t, cache = rnn_cell_forward(x[:, :, t], a_t, params)
        a[:, :, t] = a_t
        caches.append(cache)
    return a, caches


def rnn_backward(da, caches):
    """Backpropagation through time.

    Args:
        da: ``(n_a, m, T_x)``, the gradient of the loss with respect to each ``a^<t>`` through
            that step's output only (not through later steps).
        caches: from :func:`rnn_forward`.

    Returns:
        dict with ``dx (n_x, m, T_x)``, ``da0 (n_a, m)``, ``dWax``, ``dWaa``, ``dba``.
    """
    da = checks.rnn.through_time(da, caches)
    params = caches[0][3]
    n_x, m = caches[0][2].shape
    grads = {k: np.zeros_like(params[k[1:]]) for k in ("dWax", "dWaa", "dba")}
    dx = np.zeros((n_x, m, len(caches)))
    da_prev = np.zeros(da.shape[:2])
    for t in reversed(range(len(caches))):
        # the state a<t> feeds the output at t and the next step: add both gradients
        step = rnn_cell_backward(da[:, :, t] + da_prev, caches[t])
        dx[:, :, t] = step["dxt"]
        da_prev = step["da_prev"]
        for k in grads:
            grads[k] += step[k]
    return {"dx": dx, "da0": da_prev, **grads}
# --8<-- [end:forward]


def output_forward(a, Wya, by, activation: str = "sigmoid") -> np.ndarray:
    """``y_hat^<t> = g(Wya a^<t> + by)`` for every step; returns ``(n_y, m, T)``.

    ``activation`` is ``"sigmoid"`` (independent binary outputs) or ``"softmax"`` (over the
    ``n_y`` rows, one class per step).
    """
    checks.one_of("activation", activation, ("sigmoid", "softmax"))
    a, Wya = checks.rnn.output(a, Wya, by)
    z = np.einsum("ya,amt->ymt", Wya, a) + np.asarray(by)[:, :, None]
    return sigmoid(z) if activation == "sigmoid" else _softmax(z, axis=0)


def sequence_loss(y_hat, y, activation: str = "sigmoid", eps: float = 1e-12) -> float:
    """``L = (1/m) sum_i sum_t L^<t>`` with the cross-entropy that pairs with ``activation``.

    Sigmoid: ``L^<t> = -y log y_hat - (1-y) log(1-y_hat)`` summed over the ``n_y`` outputs;
    softmax: ``L^<t> = -sum_k y_k log y_hat_k`` (``y`` one-hot). ``y_hat, y``: ``(n_y, m, T)``.
    """
    checks.one_of("activation", activation, ("sigmoid", "softmax"))
    eps = checks.positive("eps", eps)
    y_hat = checks.float_array("y_hat", y_hat, 3, "(n_y, m, T)")
    y = checks.float_array("y", y, 3, "(n_y, m, T)")
    checks.same_shape("y", y.shape, "y_hat", y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps) if activation == "sigmoid" else np.maximum(y_hat, eps)
    if activation == "sigmoid":
        per = -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))
    else:
        per = -y * np.log(p)
    return float(per.sum() / y.shape[1])


# --8<-- [start:output-backward]
def output_backward(y_hat, y, a, Wya):
    """Gradients of :func:`sequence_loss` through the output layer.

    For sigmoid + binary cross-entropy and for softmax + cross-entropy alike, the gradient of
    the logits is ``(y_hat - y) / m``, so

        dWya = (1/m) sum_t (y_hat^<t> - y^<t>) a^<t>T,   dby = (1/m) sum_t sum_i (...),
        da^<t> = Wya^T (y_hat^<t> - y^<t>) / m   (the input of rnn_backward).

    Shapes: ``y_hat, y (n_y, m, T)``, ``a (n_a, m, T)``, ``Wya (n_y, n_a)``.
    """
    y_hat, y, a, Wya = checks.rnn.output_grads(y_hat, y, a, Wya)
    dz = (y_hat - y) / y.shape[1]
    return {
        "dWya": np.einsum("ymt,amt->ya", dz, a),
        "dby": dz.sum(axis=(1, 2))[:, None],
        "da": np.einsum("ya,ymt->amt", Wya, dz),
    }
# --8<-- [end:output-backward]


def loss_and_grads(params, x, y, a0=None, activation: str = "sigmoid"):
    """Forward, loss and hand-written gradients of a one-layer RNN with an output at each step.

    Args:
        params: ``Wax, Waa, ba, Wya, by``.
        x: ``(n_x, m, T_x)``; y: ``(n_y, m, T_x)``; a0: ``(n_a, m)`` (zeros if None).

    Returns:
        ``(loss, grads)`` with grads keyed like params (``Wax, Waa, ba, Wya, by``).
    """
    n_a, _ = checks.rnn.weights(params, output=True)
    x = checks.float_array("x", x, 3, "(n_x, m, T_x)")
    if a0 is None:
        a0 = np.zeros((n_a, x.shape[1]))
    a, caches = rnn_forward(x, a0, params)
    y_hat = output_forward(a, params["Wya"], params["by"], activation)
    y = checks.float_array("y", y, 3, "(n_y, m, T_x)")
    checks.same_shape("y", y.shape, "(n_y, m, T_x)", y_hat.shape)
    loss = sequence_loss(y_hat, y, activation)
    out = output_backward(y_hat, y, a, params["Wya"])
    bptt = rnn_backward(out["da"], caches)
    grads = {"Wax": bptt["dWax"], "Waa": bptt["dWaa"], "ba": bptt["dba"],
             "Wya": out["dWya"], "by": out["dby"]}
    return loss, grads


# --8<-- [start:clip]
def clip_by_value(grads: dict, max_value: float) -> dict:
    """Clip every entry of every gradient to ``[-max_value, max_value]`` (the course's way)."""
    grads, max_value = checks.keys("grads", grads, ()), checks.positive("max_value", max_value)
    return {k: np.clip(g, -max_value, max_value) for k, g in grads.items()}


def clip_by_norm(grads: dict, max_norm: float) -> tuple[dict, float]:
    """Rescale all gradients together when their global L2 norm exceeds ``max_norm``.

    Keeps the direction (unlike clipping by value). Returns ``(clipped, norm_before)``; the
    same rule as ``torch.nn.utils.clip_grad_norm_`` (which adds 1e-6 to the norm).
    """
    grads, max_norm = checks.keys("grads", grads, ()), checks.positive("max_norm", max_norm)
    norm = float(np.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values())))
    scale = min(1.0, max_norm / (norm + 1e-6))
    return {k: g * scale for k, g in grads.items()}, norm
# --8<-- [end:clip]


def birnn_forward(x, a0_fwd, a0_bwd, params_fwd, params_bwd) -> np.ndarray:
    """Bidirectional RNN: one RNN reads ``x`` forward, another backward; states are stacked.

    Returns ``(2 n_a, m, T_x)``: rows ``:n_a`` hold the forward states ``a->^<t>`` (which
    depend on ``x^<1..t>``), rows ``n_a:`` the backward states ``a<-^<t>`` (``x^<t..T_x>``),
    so an output at step ``t`` can use the whole sequence.
    """
    checks.rnn.bidirectional(params_fwd, params_bwd)
    for name, a0 in (("a0_fwd", a0_fwd), ("a0_bwd", a0_bwd)):
        checks.same_shape(name, np.shape(checks.real_array(name, a0)), "(n_a, m)",
                         (np.shape(params_fwd["Waa"])[0], np.shape(x)[1]))
    a_f, _ = rnn_forward(x, a0_fwd, params_fwd)
    a_b, _ = rnn_forward(np.asarray(x)[:, :, ::-1], a0_bwd, params_bwd)
    return np.concatenate([a_f, a_b[:, :, ::-1]], axis=0)


def deep_rnn_forward(x, a0s, layers) -> np.ndarray:
    """Stack of RNNs: the states of layer ``l`` are the inputs of layer ``l+1``.

    ``a0s``: one ``(n_a^[l], m)`` initial state per layer; ``layers``: one params dict per layer
    (layer ``l``'s ``Wax`` has ``n_a^[l-1]`` columns). Returns the top layer's states.
    """
    if len(a0s) != len(layers) or not layers:
        raise ValueError(f"a0s must give one state per layer ({len(layers)}), got {len(a0s)}")
    h = x
    for a0, params in zip(a0s, layers, strict=True):
        h, _ = rnn_forward(h, a0, params)
    return h


def sample(params, vocab, n: int = 5, max_len: int = 20, seed: int = 0) -> list[str]:
    """Draw ``n`` names: feed each sampled character back in until ``"\\n"`` or ``max_len``.
    ``vocab`` lists the characters in ``vocab.chars``, the end-of-name token ``"\\n"`` first
    (a :class:`~dlnotes.numpy.rnn_experiment.CharVocab`)."""
    seed = checks.seed("seed", seed)
    checks.rnn.weights(params, output=True)
    n, max_len = checks.integer("n", n, minimum=0), checks.integer("max_len", max_len)
    rng = np.random.default_rng(seed)
    n_a = params["Waa"].shape[0]
    names = []
    for _ in range(n):
        a, x, out = np.zeros((n_a, 1)), np.zeros((len(vocab), 1)), []
        while len(out) < max_len:
            a, _ = rnn_cell_forward(x, a, params)
            p = _softmax(params["Wya"] @ a + params["by"])[:, 0]
            k = int(rng.choice(len(vocab), p=p / p.sum()))
            if k == 0:
                break
            out.append(vocab.chars[k])
            x = np.zeros((len(vocab), 1))
            x[k] = 1.0
        names.append("".join(out))
    return names
