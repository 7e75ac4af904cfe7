"""Argument checks of the chapter "GRU and LSTM" (``dlnotes.numpy.gru_lstm`` and
``dlnotes.torch.gru_lstm``).

NumPy: every gate has a matrix ``W? (n_a, n_a + n_x)`` acting on ``[state; x<t>]`` and a bias
``b? (n_a, 1)``; examples are columns (``xt (n_x, m)``, states ``(n_a, m)``, sequences
``(n_x, m, T_x)``). Torch: batch-first tensors in PyTorch's layout (see
:func:`dlnotes.checks.rnn.cell_tensors`). Each check returns the checked arguments or raises a
``ValueError`` or ``TypeError`` whose message starts with the argument's name.
"""

from __future__ import annotations

import numpy as np

from dlnotes.checks import float_array, float_tensor, integer, one_of, positive, same_shape
from dlnotes.checks.rnn import cell_tensors, gradient

__all__ = ["weights", "gru_cell", "lstm_cell", "gru_sequence", "lstm_sequence",
           "lstm_gradients", "through_time", "lstm_cell_tensors", "course_gru_cell_tensors",
           "long_range_training"]

_GRU = ("r", "u", "c")  # the gates of dlnotes.numpy.gru_lstm.GRU_GATES and LSTM_GATES
_LSTM = ("f", "u", "c", "o")


def weights(params, gates: tuple[str, ...]) -> tuple[int, int]:
    """The gate parameters ``W?, b?`` for ``?`` in ``gates``, all sized alike; returns
    ``(n_a, n_x)``."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    missing = [k for g in gates for k in (f"W{g}", f"b{g}") if k not in params]
    if missing:
        raise ValueError(f"params is missing {missing}")
    first = f"params['W{gates[0]}']"
    w = float_array(first, params[f"W{gates[0]}"], 2, "(n_a, n_a + n_x)")
    n_a, n_x = w.shape[0], w.shape[1] - w.shape[0]
    if n_x < 1:
        raise ValueError(f"{first} must have shape (n_a, n_a + n_x), got {w.shape}")
    for g in gates:
        same_shape(f"params['W{g}']", np.shape(params[f"W{g}"]), "(n_a, n_a + n_x)",
                   (n_a, n_a + n_x))
        same_shape(f"params['b{g}']", np.shape(params[f"b{g}"]), "(n_a, 1)", (n_a, 1))
    return n_a, n_x


def _step(xt, states: dict, n_a: int, n_x: int) -> list[np.ndarray]:
    xt = float_array("xt", xt, 2, "(n_x, m)")
    same_shape("xt", xt.shape, "(n_x, m)", (n_x, xt.shape[1]))
    out = [xt]
    for name, s in states.items():
        s = float_array(name, s, 2, "(n_a, m)")
        same_shape(name, s.shape, "(n_a, m)", (n_a, xt.shape[1]))
        out.append(s)
    return out


def _sequence(x, states: dict, n_a: int, n_x: int) -> list[np.ndarray]:
    x = float_array("x", x, 3, "(n_x, m, T_x)")
    if x.shape[0] != n_x or x.shape[2] == 0:
        raise ValueError(f"x must have shape (n_x={n_x}, m, T_x >= 1), got {x.shape}")
    return [x, *_step(x[:, :, 0], states, n_a, n_x)[1:]]


def gru_cell(xt, c_prev, params) -> tuple[np.ndarray, np.ndarray]:
    """One GRU step's ``xt (n_x, m)`` and ``c_prev (n_a, m)``, sized by the GRU ``params``
    (``Wr, br, Wu, bu, Wc, bc``); returns ``(xt, c_prev)``."""
    return tuple(_step(xt, {"c_prev": c_prev}, *weights(params, _GRU)))


def lstm_cell(xt, a_prev, c_prev, params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One LSTM step's ``xt (n_x, m)``, ``a_prev`` and ``c_prev`` (``(n_a, m)`` each), sized
    by the LSTM ``params`` (``Wf, bf, Wu, bu, Wc, bc, Wo, bo``); returns them."""
    n_a, n_x = weights(params, _LSTM)
    return tuple(_step(xt, {"a_prev": a_prev, "c_prev": c_prev}, n_a, n_x))


def gru_sequence(x, c0, params) -> tuple[np.ndarray, np.ndarray]:
    """A GRU's inputs ``x (n_x, m, T_x)``, ``T_x >= 1``, and first state ``c0 (n_a, m)``."""
    return tuple(_sequence(x, {"c0": c0}, *weights(params, _GRU)))


def lstm_sequence(x, a0, c0, params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An LSTM's inputs ``x (n_x, m, T_x)``, ``T_x >= 1``, and first states ``a0``, ``c0``
    (``(n_a, m)`` each)."""
    n_a, n_x = weights(params, _LSTM)
    return tuple(_sequence(x, {"a0": a0, "c0": c0}, n_a, n_x))


def lstm_gradients(da_next, dc_next, c_prev) -> tuple[np.ndarray, np.ndarray]:
    """The two upstream gradients of an LSTM step, each shaped like the states ``(n_a, m)``."""
    return gradient("da_next", da_next, c_prev), gradient("dc_next", dc_next, c_prev)


def through_time(da, caches) -> np.ndarray:
    """``da (n_a, m, T_x)`` for backpropagation through time: one step per cache, each step's
    state ``(n_a, m)`` (the first item of its cache)."""
    da = float_array("da", da, 3, "(n_a, m, T_x)")
    n_a, m = np.shape(caches[0][0]) if caches else (None, None)
    if not caches or da.shape != (n_a, m, len(caches)):
        raise ValueError(f"da must have the shape of the states, {(n_a, m, len(caches))}, "
                         f"got {da.shape}")
    return da


def lstm_cell_tensors(x, state, weight_ih, weight_hh, bias_ih, bias_hh):
    """PyTorch's LSTM step: ``state = (h, c)``, each ``(N, H)``, and the four gates' stacked
    weights (see :func:`dlnotes.checks.rnn.cell_tensors`); returns ``(h, c)``."""
    if not isinstance(state, tuple | list) or len(state) != 2:
        raise TypeError("state must be a pair (h, c) of tensors")
    h, c = state
    cell_tensors(x, h, weight_ih, weight_hh, bias_ih, bias_hh, gates=4)
    same_shape("state[1]", c.shape, "state[0]", h.shape)
    return h, c


def course_gru_cell_tensors(x, c, params) -> None:
    """The course's GRU step in torch, batch-first: ``x (N, n_x)``, ``c (N, n_a)`` and
    ``params`` as in :mod:`dlnotes.numpy.gru_lstm` (``W? (n_a, n_a + n_x)``, ``b? (n_a, 1)``)."""
    if not isinstance(params, dict) or not {"Wr", "br", "Wu", "bu", "Wc", "bc"} <= set(params):
        raise ValueError("params must be a dict with Wr, br, Wu, bu, Wc, bc")
    n_a, n_x = params["Wr"].shape[0], params["Wr"].shape[1] - params["Wr"].shape[0]
    for name, v, width in (("x", x, n_x), ("c", c, n_a)):
        float_tensor(name, v, params["Wr"], "params['Wr']")
        if v.dim() != 2 or v.shape != (x.shape[0], width):
            raise ValueError(f"{name} must have shape (N, {width}), got {tuple(v.shape)}")
    cell_tensors(x, c, params["Wr"][:, n_a:], params["Wr"][:, :n_a])


def long_range_training(kind, distance, hidden, steps, batch, lr):
    """The settings of :func:`dlnotes.torch.gru_lstm.train_long_range`: ``kind`` "rnn" or
    "lstm", ``distance``, ``hidden``, ``batch`` ints >= 1, ``steps`` an int >= 0, ``lr`` > 0;
    returns them."""
    return (one_of("kind", kind, ("rnn", "lstm")), integer("distance", distance),
            integer("hidden", hidden), integer("steps", steps, minimum=0),
            integer("batch", batch), positive("lr", lr))
