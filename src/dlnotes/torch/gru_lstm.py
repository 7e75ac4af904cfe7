"""GRU and LSTM (chapter "GRU and LSTM"), PyTorch, batch-first.

``GRU`` and ``LSTM`` are written from the gate equations and have the parameter names and
layout of ``torch.nn.GRU`` / ``torch.nn.LSTM`` (``weight_ih_l{k}`` stacks the gates' input
matrices, ``weight_hh_l{k}`` their hidden matrices), so ``load_state_dict`` copies weights.

PyTorch's gate order: GRU ``r, z, n``; LSTM ``i, f, g, o``. PyTorch's GRU differs from the
course's in two ways:

* the reset gate multiplies the hidden *product*: ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``
  (the course: ``c~ = tanh(Wc [r * c; x] + bc)``, reset applied to ``c`` before the product);
* it keeps ``z`` with ``h' = (1 - z) * n + z * h``, so ``z = 1 - G_u``.

``course_gru_cell`` is the course's variant, for comparison (autograd through it gives the
gradients of the hand-written NumPy backward pass).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from dlnotes import checks
from dlnotes.torch.optimization import Adam

__all__ = ["gru_cell", "lstm_cell", "course_gru_cell", "GRU", "LSTM", "remember_first_task",
           "train_long_range"]


# --8<-- [start:cells]
def gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """PyTorch's GRU step. ``x (N, input)``, ``h (N, H)``, weights ``(3H, input)``, ``(3H, H)``,
    biases ``(3H,)``, gates ordered ``r, z, n``."""
    checks.rnn.cell_tensors(x, h, weight_ih, weight_hh, bias_ih, bias_hh, gates=3)
    xr, xz, xn = (x @ weight_ih.T + bias_ih).chunk(3, dim=1)
    hr, hz, hn = (h @ weight_hh.T + bias_hh).chunk(3, dim=1)
    r = torch.sigmoid(xr + hr)
    z = torch.sigmoid(xz + hz)  # z = 1 - Gamma_u
    n = torch.tanh(xn + r * hn)  # reset AFTER the hidden product
    return (1 - z) * n + z * h


def lstm_cell(x, state, weight_ih, weight_hh, bias_ih, bias_hh):
    """PyTorch's LSTM step. ``state = (h, c)``, each ``(N, H)``; weights ``(4H, input)``,
    ``(4H, H)``, biases ``(4H,)``, gates ordered ``i, f, g, o``. Returns ``(h', c')``."""
    h, c = checks.gru_lstm.lstm_cell_tensors(x, state, weight_ih, weight_hh, bias_ih, bias_hh)
    i, f, g, o = (x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh).chunk(4, dim=1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c


def course_gru_cell(x, c, params):
    """The course's GRU step, batch-first: ``x (N, n_x)``, ``c (N, n_a)``, ``params`` as in
    :mod:`dlnotes.numpy.gru_lstm` (``W? (n_a, n_a + n_x)``, ``b? (n_a, 1)``)."""
    checks.gru_lstm.course_gru_cell_tensors(x, c, params)
    concat = torch.cat([c, x], dim=1)
    r = torch.sigmoid(concat @ params["Wr"].T + params["br"].T)
    u = torch.sigmoid(concat @ params["Wu"].T + params["bu"].T)
    c_tilde = torch.tanh(torch.cat([r * c, x], dim=1) @ params["Wc"].T + params["bc"].T)
    return u * c_tilde + (1 - u) * c
# --8<-- [end:cells]


class _Recurrent(nn.Module):
    """Shared layers/directions bookkeeping; subclasses set ``GATES`` and ``_step``."""

    GATES = 1

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bidirectional: bool = False, device=None, dtype=None):
        super().__init__()
        for name, v in (("input_size", input_size), ("hidden_size", hidden_size),
                        ("num_layers", num_layers)):
            checks.integer(name, v, 1)
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.directions = 2 if bidirectional else 1
        bound = 1.0 / math.sqrt(hidden_size)
        kw = {"device": device, "dtype": dtype}
        g = self.GATES * hidden_size
        for layer in range(num_layers):
            n_in = input_size if layer == 0 else hidden_size * self.directions
            for suffix in ("", "_reverse")[: self.directions]:
                for name, shape in (("weight_ih", (g, n_in)), ("weight_hh", (g, hidden_size)),
                                    ("bias_ih", (g,)), ("bias_hh", (g,))):
                    p = nn.Parameter(torch.empty(shape, **kw).uniform_(-bound, bound))
                    self.register_parameter(f"{name}_l{layer}{suffix}", p)

    def _check(self, x, states):
        if not isinstance(x, torch.Tensor) or not x.is_floating_point():
            raise TypeError("x must be a floating-point tensor (N, T, input_size)")
        if x.dim() != 3 or x.shape[2] != self.input_size or x.shape[1] == 0:
            raise ValueError(
                f"x must have shape (N, T, input_size={self.input_size}) with T >= 1, "
                f"got {tuple(x.shape)}")
        shape = (self.num_layers * self.directions, x.shape[0], self.hidden_size)
        out = []
        for name, s in states.items():
            if s is None:
                s = x.new_zeros(shape)
            elif tuple(s.shape) != shape:
                raise ValueError(f"{name} must have shape (num_layers * directions, N, "
                                 f"hidden_size) = {shape}, got {tuple(s.shape)}")
            out.append(s)
        return out

    def _run(self, x, states):
        """``states``: list of per-(layer, direction) initial states; returns output, finals."""
        finals, inputs, steps = [], x, x.shape[1]
        for layer in range(self.num_layers):
            outs = []
            for d, suffix in enumerate(("", "_reverse")[: self.directions]):
                w = [getattr(self, f"{n}_l{layer}{suffix}")
                     for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
                state = states[layer * self.directions + d]
                seq = [None] * steps
                for t in (range(steps) if d == 0 else reversed(range(steps))):
                    state = self._step(inputs[:, t], state, w)
                    seq[t] = state[0] if isinstance(state, tuple) else state
                outs.append(torch.stack(seq, dim=1))
                finals.append(state)
            inputs = torch.cat(outs, dim=2)
        return inputs, finals


class GRU(_Recurrent):
    """PyTorch's GRU variant, layout of ``nn.GRU(batch_first=True)``.

    ``forward(x, h0=None)``: ``x (N, T, input_size)``, ``h0 (num_layers * D, N, H)``;
    returns ``(output (N, T, D * H), h_n (num_layers * D, N, H))``.
    """

    GATES = 3

    def _step(self, x, h, w):
        return gru_cell(x, h, *w)

    def forward(self, x, h0=None):
        (h0,) = self._check(x, {"h0": h0})
        out, finals = self._run(x, list(h0))
        return out, torch.stack(finals)


class LSTM(_Recurrent):
    """LSTM, layout of ``nn.LSTM(batch_first=True)``.

    ``forward(x, state=None)`` with ``state = (h0, c0)``, each ``(num_layers * D, N, H)``;
    returns ``(output (N, T, D * H), (h_n, c_n))``.
    """

    GATES = 4

    def _step(self, x, state, w):
        return lstm_cell(x, state, *w)

    def forward(self, x, state=None):
        h0, c0 = (None, None) if state is None else state
        h0, c0 = self._check(x, {"h0": h0, "c0": c0})
        out, finals = self._run(x, list(zip(h0, c0, strict=True)))
        return out, (torch.stack([h for h, _ in finals]), torch.stack([c for _, c in finals]))


def remember_first_task(n: int, distance: int, generator: torch.Generator | None = None):
    """A synthetic long-range task: name the first token after reading ``distance`` tokens.

    Tokens are one-hot over 8 symbols plus a ninth channel, a "remember this" flag that is 1 on
    the first step only. The first token is one of symbols 0-3 (the label, 4 classes); the other
    ``distance - 1`` tokens are drawn from all 8 symbols, so the label symbols come back as
    distractors. Returns ``x (n, distance, 9)`` and ``y (n,)``; a model predicts from its last
    state, so the answer has to be carried across ``distance - 1`` steps.
    """
    checks.integer("distance", distance, 1)
    n = checks.integer("n", n)
    y = torch.randint(4, (n,), generator=generator)
    tokens = torch.randint(8, (n, distance), generator=generator)
    tokens[:, 0] = y
    x = nn.functional.one_hot(tokens, 9).float()
    x[:, 0, 8] = 1.0
    return x, y


# --8<-- [start:long-range]
def train_long_range(kind: str, distance: int, hidden: int = 32, steps: int = 300,
                     batch: int = 64, lr: float = 0.01, seed: int = 0) -> float:
    """Train ``nn.RNN`` (``kind="rnn"``, tanh) or ``nn.LSTM`` (``"lstm"``) with Adam on
    :func:`remember_first_task`; return the accuracy on 1000 fresh sequences (CPU).

    The LSTM starts as a memory: forget-gate bias 3 (keep the cell, sigmoid(3) = 0.95) and
    input-gate bias -3 (write little), so that the gradient reaches the first step at once.
    Gradients are clipped to norm 1 for both models.
    """
    seed = checks.seed("seed", seed)
    kind, distance, hidden, steps, batch, lr = checks.gru_lstm.long_range_training(
        kind, distance, hidden, steps, batch, lr)
    cls = {"rnn": nn.RNN, "lstm": nn.LSTM}[kind]
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model, head = cls(9, hidden, batch_first=True), nn.Linear(hidden, 4)
    if kind == "lstm":
        with torch.no_grad():  # gates i, f, g, o
            model.bias_hh_l0.zero_()
            model.bias_ih_l0[:hidden] = -3.0
            model.bias_ih_l0[hidden : 2 * hidden] = 3.0
    params = [*model.parameters(), *head.parameters()]
    opt = Adam(params, lr=lr)
    for _ in range(steps):
        x, y = remember_first_task(batch, distance, gen)
        loss = nn.functional.cross_entropy(head(model(x)[0][:, -1]), y)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
    x, y = remember_first_task(1000, distance, gen)
    with torch.no_grad():
        return (head(model(x)[0][:, -1]).argmax(1) == y).float().mean().item()
# --8<-- [end:long-range]
