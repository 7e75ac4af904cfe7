"""Optimization algorithms (chapter "Optimization algorithms"), PyTorch.

The optimizers are ``torch.optim.Optimizer`` subclasses written from the chapter's formulas
(the conventions of :mod:`dlnotes.numpy.optimization`); they keep their state on the
parameters' device and work with ``torch.optim.lr_scheduler``. ``decay_scheduler`` turns one
of the chapter's schedules into a ``LambdaLR``.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from dlnotes import checks
from dlnotes.numpy import optimization as _np_optim

__all__ = ["ewma", "Momentum", "RMSprop", "Adam", "decay_scheduler"]


def ewma(theta: torch.Tensor, beta: float, *, bias_correction: bool = False) -> torch.Tensor:
    """Exponentially weighted moving average along dim 0.

    Args:
        theta: tensor of shape ``(T, ...)`` on any device.
        beta: weight of the past, in [0, 1).
        bias_correction: return ``v_t / (1 - beta**t)`` instead of ``v_t``.

    Returns:
        Tensor of the shape, dtype and device of ``theta``; entry ``t-1`` is ``v_t``.
    """
    beta = checks.unit_interval("beta", beta)
    if not isinstance(theta, torch.Tensor) or not theta.is_floating_point():
        raise TypeError("theta must be a floating-point tensor")
    if theta.dim() == 0 or theta.shape[0] == 0:
        raise ValueError(f"theta must have shape (T, ...) with T >= 1, got {tuple(theta.shape)}")
    out = torch.empty_like(theta)
    v = torch.zeros_like(theta[0])
    for t in range(1, theta.shape[0] + 1):
        v = beta * v + (1.0 - beta) * theta[t - 1]
        out[t - 1] = v / (1.0 - beta**t) if bias_correction else v
    return out


class _Optimizer(torch.optim.Optimizer):
    """Runs ``_update(p, grad, state, group)`` for every parameter that has a gradient."""

    @torch.no_grad()
    def step(self, closure: Callable[[], torch.Tensor] | None = None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if p.grad.is_sparse:
                    raise TypeError("sparse gradients are not supported")
                state = self.state[p]
                state["step"] = state.get("step", 0) + 1
                self._update(p, p.grad, state, group)
        return loss

    def _update(self, p, grad, state, group) -> None:
        raise NotImplementedError


class Momentum(_Optimizer):
    """Gradient descent with momentum, in either convention.

    ``convention="average"``: ``v = beta*v + (1-beta)*g`` (equals ``torch.optim.SGD`` with
    ``lr = lr*(1-beta)``, ``momentum=beta``, ``dampening=0``); ``convention="sum"``:
    ``v = beta*v + g`` (equals ``torch.optim.SGD(lr=lr, momentum=beta)``). Then ``p -= lr*v``.
    """

    def __init__(self, params, lr: float, beta: float = 0.9, convention: str = "average"):
        defaults = {
            "lr": checks.positive("lr", lr),
            "beta": checks.unit_interval("beta", beta),
            "convention": checks.one_of("convention", convention, ("average", "sum")),
        }
        super().__init__(params, defaults)

    def _update(self, p, grad, state, group):
        v = state.setdefault("v", torch.zeros_like(p))
        scale = 1.0 - group["beta"] if group["convention"] == "average" else 1.0
        v.mul_(group["beta"]).add_(grad, alpha=scale)
        p.add_(v, alpha=-group["lr"])


class RMSprop(_Optimizer):
    """RMSprop: ``s = beta*s + (1-beta)*g**2``, ``p -= lr * g / (sqrt(s) + eps)``."""

    def __init__(self, params, lr: float = 0.01, beta: float = 0.99, eps: float = 1e-8):
        defaults = {
            "lr": checks.positive("lr", lr),
            "beta": checks.unit_interval("beta", beta),
            "eps": checks.positive("eps", eps),
        }
        super().__init__(params, defaults)

    def _update(self, p, grad, state, group):
        s = state.setdefault("s", torch.zeros_like(p))
        s.mul_(group["beta"]).addcmul_(grad, grad, value=1.0 - group["beta"])
        p.addcdiv_(grad, s.sqrt().add_(group["eps"]), value=-group["lr"])


class Adam(_Optimizer):
    """Adam with bias correction: ``p -= lr * v_hat / (sqrt(s_hat) + eps)``.

    The one Adam of the torch half: the chapters that train a model use it too (classic
    networks and transfer learning through :mod:`dlnotes.torch.training`, object detection,
    face recognition, style transfer, RNN, GRU and LSTM, word embeddings, sequence to sequence
    with ``OneCycleLR``, which cycles ``betas[0]``, and the Transformer). ``v_hat``'s
    correction is folded into the step size, ``lr / (1 - beta1**t)``, which saves one tensor
    per step.
    """

    def __init__(
        self,
        params,
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ):
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        defaults = {
            "lr": checks.positive("lr", lr),
            "betas": (
                checks.unit_interval("betas[0]", betas[0]),
                checks.unit_interval("betas[1]", betas[1]),
            ),
            "eps": checks.positive("eps", eps),
        }
        super().__init__(params, defaults)

    def _update(self, p, grad, state, group):
        beta1, beta2 = group["betas"]
        t = state["step"]
        v = state.setdefault("v", torch.zeros_like(p))
        s = state.setdefault("s", torch.zeros_like(p))
        v.mul_(beta1).add_(grad, alpha=1.0 - beta1)
        s.mul_(beta2).addcmul_(grad, grad, value=1.0 - beta2)
        s_hat = s / (1.0 - beta2**t)
        p.addcdiv_(v, s_hat.sqrt_().add_(group["eps"]), value=-group["lr"] / (1.0 - beta1**t))


_SCHEDULES = {
    "inverse_time": _np_optim.inverse_time_decay,
    "exponential": _np_optim.exponential_decay,
    "inverse_sqrt": _np_optim.inverse_sqrt_decay,
    "staircase": _np_optim.staircase_decay,
}


def decay_scheduler(
    optimizer: torch.optim.Optimizer, schedule: str, **kwargs
) -> torch.optim.lr_scheduler.LambdaLR:
    """A ``LambdaLR`` that sets each group's lr to ``schedule(lr0, epoch, **kwargs)``.

    ``schedule`` is one of ``"inverse_time"`` (kwargs ``decay_rate``), ``"exponential"``
    (``base``), ``"inverse_sqrt"`` (``k``; its ``t`` is the epoch + 1, since t counts from 1)
    or ``"staircase"`` (``decay_step``, ``base``). Call ``scheduler.step()`` once per epoch.
    """
    fn = _SCHEDULES[checks.one_of("schedule", schedule, tuple(_SCHEDULES))]
    fn(1.0, 1, **kwargs)  # validate the keyword arguments now, not at the first step
    if schedule == "inverse_sqrt":
        return torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda epoch: float(fn(1.0, epoch + 1, **kwargs))
        )
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda epoch: float(fn(1.0, epoch, **kwargs))
    )
