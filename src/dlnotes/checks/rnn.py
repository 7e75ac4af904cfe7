"""Argument checks of the chapter "Recurrent neural networks" (``dlnotes.numpy.rnn`` and
``dlnotes.torch.rnn``).

NumPy shapes follow the chapter: examples are columns and time is the last axis (``x`` is
``(n_x, m, T_x)``, a state ``(n_a, m)``). The torch checks are for batch-first tensors. Each
check returns the checked arguments (arrays as float64) or raises a ``ValueError`` or
``TypeError`` whose message starts with the argument's name.
"""

from __future__ import annotations

import numpy as np

from dlnotes.checks import float_array, keys, one_of, real_array, same_shape

__all__ = ["weights", "bidirectional", "cell", "sequence", "gradient", "through_time", "output",
           "output_grads", "cell_tensors"]


def weights(params, name: str = "params", *, output: bool = False) -> tuple[int, int]:
    """The recurrence's ``Wax (n_a, n_x)``, ``Waa (n_a, n_a)``, ``ba (n_a, 1)`` in a dict
    named ``name`` (with ``output``, also the output layer's ``Wya (n_y, n_a)`` and ``by (n_y,
    1)``; other keys are ignored); returns ``(n_a, n_x)``."""
    keys(name, params, ("Wax", "Waa", "ba", "Wya", "by") if output else ("Wax", "Waa", "ba"))
    n_a, n_x = float_array(f"{name}['Wax']", params["Wax"], 2, "(n_a, n_x)").shape
    same_shape(f"{name}['Waa']", np.shape(params["Waa"]), "(n_a, n_a)", (n_a, n_a))
    same_shape(f"{name}['ba']", np.shape(params["ba"]), "(n_a, 1)", (n_a, 1))
    if output:
        n_y = float_array(f"{name}['Wya']", params["Wya"], 2, "(n_y, n_a)").shape[0]
        same_shape(f"{name}['Wya']", np.shape(params["Wya"]), "(n_y, n_a)", (n_y, n_a))
        same_shape(f"{name}['by']", np.shape(params["by"]), "(n_y, 1)", (n_y, 1))
    return n_a, n_x


def bidirectional(params_fwd, params_bwd) -> None:
    """The two recurrences of a bidirectional RNN, each checked by :func:`weights`."""
    weights(params_fwd, "params_fwd")
    weights(params_bwd, "params_bwd")


def cell(xt, a_prev, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """One step's input ``xt (n_x, m)`` and previous state ``a_prev (n_a, m)``, sized by
    ``params`` (see :func:`weights`); returns ``(xt, a_prev)``."""
    n_a, n_x = weights(params)
    xt = float_array("xt", xt, 2, "(n_x, m)")
    a_prev = float_array("a_prev", a_prev, 2, "(n_a, m)")
    same_shape("xt", xt.shape, "(n_x, m)", (n_x, xt.shape[1]))
    same_shape("a_prev", a_prev.shape, "(n_a, m)", (n_a, xt.shape[1]))
    return xt, a_prev


def sequence(x, a0, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """Inputs ``x (n_x, m, T_x)`` with ``T_x >= 1`` and the first state ``a0 (n_a, m)``,
    sized by ``params``; returns ``(x, a0)``."""
    n_a, n_x = weights(params)
    x = float_array("x", x, 3, "(n_x, m, T_x)")
    if x.shape[0] != n_x:
        raise ValueError(f"x must have n_x = {n_x} rows (the columns of Wax), got {x.shape[0]}")
    if x.shape[2] == 0:
        raise ValueError("x must have at least one time step (T_x >= 1)")
    a0 = float_array("a0", a0, 2, "(n_a, m)")
    same_shape("a0", a0.shape, "(n_a, m)", (n_a, x.shape[1]))
    return x, a0


def gradient(name: str, g, ref) -> np.ndarray:
    """An upstream gradient ``g``: real numbers with the shape of the forward value ``ref``."""
    g = real_array(name, g)
    same_shape(name, g.shape, "the forward pass's value", np.shape(ref))
    return g


def through_time(da, caches) -> np.ndarray:
    """``da (n_a, m, T_x)`` for backpropagation through time: the shape of the hidden states
    that :func:`dlnotes.numpy.rnn.rnn_forward` cached, one step per cache."""
    da = float_array("da", da, 3, "(n_a, m, T_x)")
    if not caches or da.shape[2] != len(caches) or da.shape[:2] != np.shape(caches[0][0]):
        n = (*np.shape(caches[0][0]), len(caches)) if caches else "(n_a, m, T_x)"
        raise ValueError(f"da must have the shape of the hidden states, {n}, got {da.shape}")
    return da


def output(a, Wya, by) -> tuple[np.ndarray, np.ndarray]:
    """The output layer's states ``a (n_a, m, T)``, ``Wya (n_y, n_a)`` and ``by (n_y, 1)``;
    returns ``(a, Wya)``."""
    a = float_array("a", a, 3, "(n_a, m, T)")
    Wya = float_array("Wya", Wya, 2, "(n_y, n_a)")
    if Wya.shape[1] != a.shape[0]:
        raise ValueError(f"Wya must have n_a = {a.shape[0]} columns, got shape {Wya.shape}")
    same_shape("by", real_array("by", by).shape, "(n_y, 1)", (Wya.shape[0], 1))
    return a, Wya


def output_grads(y_hat, y, a, Wya):
    """The arguments of :func:`dlnotes.numpy.rnn.output_backward`: ``y_hat, y (n_y, m, T)``,
    ``a (n_a, m, T)``, ``Wya (n_y, n_a)``; returns them as float64 arrays."""
    a = float_array("a", a, 3, "(n_a, m, T)")
    Wya = float_array("Wya", Wya, 2, "(n_y, n_a)")
    y_hat = float_array("y_hat", y_hat, 3, "(n_y, m, T)")
    same_shape("y_hat", y_hat.shape, "(n_y, m, T)", (Wya.shape[0], *a.shape[1:]))
    y = real_array("y", y)
    same_shape("y", y.shape, "y_hat", y_hat.shape)
    same_shape("Wya", Wya.shape, "(n_y, n_a)", (Wya.shape[0], a.shape[0]))
    return y_hat, y, a, Wya


def cell_tensors(x, h, weight_ih, weight_hh, bias_ih=None, bias_hh=None, *, gates: int = 1,
                 nonlinearity: str = "tanh") -> None:
    """One batch-first recurrent step in PyTorch's layout: ``x (N, input)``, ``h (N, H)``,
    ``weight_ih (gates * H, input)``, ``weight_hh (gates * H, H)``, biases ``(gates * H,)``
    (both or neither), all floating point of ``x``'s dtype; ``nonlinearity`` "tanh" or "relu".
    A mistake is named here instead of surfacing as a matmul error."""
    import torch  # here, so that the NumPy half never imports torch

    one_of("nonlinearity", nonlinearity, ("tanh", "relu"))
    named = {"x": x, "h": h, "weight_ih": weight_ih, "weight_hh": weight_hh,
             "bias_ih": bias_ih, "bias_hh": bias_hh}
    for name, v in named.items():
        if v is None and name.startswith("bias"):
            continue
        if not isinstance(v, torch.Tensor) or not v.is_floating_point() or v.dtype != x.dtype:
            raise TypeError(f"{name} must be a floating-point tensor of x's dtype")
    if x.dim() != 2 or h.dim() != 2 or x.shape[1] == 0 or h.shape != (x.shape[0], h.shape[1]):
        raise ValueError(f"x and h must have shapes (N, input) and (N, H) with input >= 1, "
                         f"got {tuple(x.shape)} and {tuple(h.shape)}")
    size = gates * h.shape[1]
    want = {"weight_ih": (size, x.shape[1]), "weight_hh": (size, h.shape[1]),
            "bias_ih": (size,), "bias_hh": (size,)}
    for name, shape in want.items():
        if named[name] is not None:
            same_shape(name, named[name].shape, f"({gates}H, ...)", shape)
    if (bias_ih is None) != (bias_hh is None):
        raise ValueError("bias_ih and bias_hh must be given together")
