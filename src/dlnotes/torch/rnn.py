"""Recurrent neural networks (chapter "Recurrent neural networks"), PyTorch.

Batch-first, as elsewhere in the torch half: inputs ``(N, T, input_size)``. ``RNN`` is written
from the chapter's recurrence and has the parameter names and layout of ``torch.nn.RNN``
(``weight_ih_l{k}``, ``weight_hh_l{k}``, ``bias_ih_l{k}``, ``bias_hh_l{k}`` and the
``_reverse`` copies), so ``ours.load_state_dict(nn.RNN(...).state_dict())`` copies weights.
PyTorch's two biases add up to the notes' single ``b_a``; ``weight_hh`` is ``W_aa`` and
``weight_ih`` is ``W_ax``. Tensors stay on the device they come on.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from dlnotes import checks

__all__ = ["rnn_cell", "RNN"]


# --8<-- [start:cell]
def rnn_cell(x, h, weight_ih, weight_hh, bias_ih=None, bias_hh=None, nonlinearity="tanh"):
    """One step, batch-first: ``h' = g(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

    Shapes: ``x (N, input_size)``, ``h (N, hidden)``, ``weight_ih (hidden, input_size)``,
    ``weight_hh (hidden, hidden)``, biases ``(hidden,)``. ``nonlinearity``: "tanh" or "relu".
    """
    checks.rnn.cell_tensors(x, h, weight_ih, weight_hh, bias_ih, bias_hh,
                            nonlinearity=nonlinearity)
    z = x @ weight_ih.T + h @ weight_hh.T
    if bias_ih is not None:
        z = z + bias_ih + bias_hh
    return torch.tanh(z) if nonlinearity == "tanh" else torch.relu(z)
# --8<-- [end:cell]


class RNN(nn.Module):
    """A multi-layer, optionally bidirectional Elman RNN, batch-first.

    Args:
        input_size, hidden_size: feature sizes.
        num_layers: stacked layers (a deep RNN): layer ``k+1`` reads the states of layer ``k``.
        nonlinearity: ``"tanh"`` or ``"relu"``.
        bias: learn ``bias_ih`` and ``bias_hh``.
        bidirectional: add a second RNN per layer that reads the sequence backwards; the
            output concatenates forward and backward states (``2 * hidden_size`` features).

    ``forward(x, h0=None)``: ``x (N, T, input_size)``, ``h0 (num_layers * D, N, hidden_size)``
    (``D = 2`` if bidirectional else 1); returns ``(output (N, T, D * hidden_size),
    h_n (num_layers * D, N, hidden_size))`` as ``nn.RNN(batch_first=True)`` does.
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, bidirectional: bool = False,
                 device=None, dtype=None):
        super().__init__()
        for name, v in (("input_size", input_size), ("hidden_size", hidden_size),
                        ("num_layers", num_layers)):
            checks.integer(name, v, 1)
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.nonlinearity = checks.one_of("nonlinearity", nonlinearity, ("tanh", "relu"))
        self.bias, self.bidirectional = bool(bias), bool(bidirectional)
        self.directions = 2 if bidirectional else 1
        kw = {"device": device, "dtype": dtype}
        bound = 1.0 / math.sqrt(hidden_size)  # nn.RNN's initialization
        for layer in range(num_layers):
            n_in = input_size if layer == 0 else hidden_size * self.directions
            for suffix in ("", "_reverse")[: self.directions]:
                shapes = {"weight_ih": (hidden_size, n_in), "weight_hh": (hidden_size, hidden_size)}
                if bias:
                    shapes.update(bias_ih=(hidden_size,), bias_hh=(hidden_size,))
                for name, shape in shapes.items():
                    p = nn.Parameter(torch.empty(shape, **kw).uniform_(-bound, bound))
                    self.register_parameter(f"{name}_l{layer}{suffix}", p)

    def _weights(self, layer: int, suffix: str):
        get = lambda n: getattr(self, f"{n}_l{layer}{suffix}", None)  # noqa: E731
        return get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh")

    def forward(self, x: torch.Tensor, h0: torch.Tensor | None = None):
        if not isinstance(x, torch.Tensor) or not x.is_floating_point():
            raise TypeError("x must be a floating-point tensor (N, T, input_size)")
        if x.dim() != 3 or x.shape[2] != self.input_size or x.shape[1] == 0:
            raise ValueError(
                f"x must have shape (N, T, input_size={self.input_size}) with T >= 1, "
                f"got {tuple(x.shape)}")
        n, steps = x.shape[0], x.shape[1]
        states = (self.num_layers * self.directions, n, self.hidden_size)
        if h0 is None:
            h0 = x.new_zeros(states)
        elif tuple(h0.shape) != states:
            raise ValueError(
                f"h0 must have shape (num_layers * directions, N, hidden_size) = {states}, "
                f"got {tuple(h0.shape)}")
        h_n, inputs = [], x
        for layer in range(self.num_layers):
            outs = []
            for d, suffix in enumerate(("", "_reverse")[: self.directions]):
                w = self._weights(layer, suffix)
                h = h0[layer * self.directions + d]
                order = range(steps) if d == 0 else reversed(range(steps))
                seq = [None] * steps
                for t in order:
                    h = rnn_cell(inputs[:, t], h, *w, nonlinearity=self.nonlinearity)
                    seq[t] = h
                outs.append(torch.stack(seq, dim=1))
                h_n.append(h)
            inputs = torch.cat(outs, dim=2)
        return inputs, torch.stack(h_n)
