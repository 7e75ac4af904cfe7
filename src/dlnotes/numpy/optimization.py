"""Optimization algorithms (chapter "Optimization algorithms"), NumPy reference.

Parameters and gradients are dictionaries of float arrays keyed by name, e.g.
``{"W1": (n1, n0), "b1": (n1, 1)}``; an optimizer's ``step(params, grads)`` updates
``params`` in place and keeps one state array per name. Learning-rate schedules are plain
functions ``schedule(alpha0, epoch, *, hyperparameters)`` of the epoch (or iteration)
number, scalar or array.

Conventions (the chapter's formulas):

* EWMA: ``v_t = beta * v_{t-1} + (1 - beta) * theta_t`` with ``v_0 = 0``; the bias-corrected
  average is the new symbol ``v_hat_t = v_t / (1 - beta**t)``.
* Momentum, ``convention="average"``: ``v = beta*v + (1-beta)*g``, ``w -= lr*v``.
  Momentum, ``convention="sum"`` (PyTorch's SGD): ``v = beta*v + g``, ``w -= lr*v``.
  They coincide after rescaling the learning rate: ``lr_sum = lr_average * (1 - beta)``.
* RMSprop: ``s = beta*s + (1-beta)*g**2``, ``w -= lr * g / (sqrt(s) + eps)``.
* Adam: momentum (average convention) and RMSprop with bias correction of both averages.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks

__all__ = [
    "ewma",
    "effective_window",
    "elongated_bowl",
    "descend",
    "Optimizer",
    "GradientDescent",
    "Momentum",
    "RMSprop",
    "Adam",
    "inverse_time_decay",
    "exponential_decay",
    "inverse_sqrt_decay",
    "staircase_decay",
]


def ewma(theta, beta: float, *, bias_correction: bool = False) -> np.ndarray:
    """Exponentially weighted moving average of a sequence.

    Memory is O(1) in T apart from the output: one running value, as in the notes.

    Args:
        theta: array of shape ``(T, ...)``; ``theta[t-1]`` is the observation at step ``t``.
        beta: weight of the past, in [0, 1). The average spans about ``1 / (1 - beta)`` steps.
        bias_correction: if true, return ``v_t / (1 - beta**t)`` instead of ``v_t``.

    Returns:
        Array of the shape of ``theta`` (float64); entry ``t-1`` is ``v_t`` (or ``v_hat_t``).

    Examples:
        A constant signal: the raw average starts low, the corrected one is exact.

        >>> import numpy as np
        >>> ewma(np.full(3, 10.0), 0.9).round(3).tolist()
        [1.0, 1.9, 2.71]
        >>> ewma(np.full(3, 10.0), 0.9, bias_correction=True).round(3).tolist()
        [10.0, 10.0, 10.0]
    """
    beta = checks.unit_interval("beta", beta)
    theta = np.asarray(theta)
    if theta.ndim == 0 or theta.shape[0] == 0:
        raise ValueError(f"theta must have shape (T, ...) with T >= 1, got {theta.shape}")
    if not np.issubdtype(theta.dtype, np.number) or np.iscomplexobj(theta):
        raise TypeError(f"theta must hold real numbers, got dtype {theta.dtype}")
    out = np.empty(theta.shape, dtype=np.float64)
    v = np.zeros(theta.shape[1:], dtype=np.float64)
    for t in range(1, theta.shape[0] + 1):
        v = beta * v + (1.0 - beta) * theta[t - 1]
        out[t - 1] = v / (1.0 - beta**t) if bias_correction else v
    return out


class Optimizer:
    """What the optimizers share: the learning rate, the step count ``t`` and a state per
    parameter. A subclass says what to subtract from a parameter in :meth:`direction`."""

    def __init__(self, lr: float):
        self.lr = checks.positive("lr", lr)
        self.t = 0  # number of steps taken
        self.state: dict[str, dict[str, np.ndarray]] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every array of ``params`` in place from the gradient of the same name."""
        checks.optimization.params_and_grads(params, grads)
        self.t += 1
        for name, w in params.items():
            state = self.state.setdefault(name, {})
            w -= self.direction(state, np.asarray(grads[name], dtype=w.dtype))

    def direction(self, state: dict[str, np.ndarray], g: np.ndarray) -> np.ndarray:
        """The step to subtract from a parameter, given its state and gradient."""
        raise NotImplementedError


class GradientDescent(Optimizer):
    """Plain gradient descent: ``w -= lr * g``."""

    def direction(self, state, g):
        return self.lr * g


class Momentum(Optimizer):
    """Gradient descent with momentum.

    Args:
        lr: learning rate alpha > 0.
        beta: momentum coefficient in [0, 1).
        convention: ``"average"`` for ``v = beta*v + (1-beta)*g`` (the course's), or
            ``"sum"`` for ``v = beta*v + g`` (PyTorch's ``SGD(momentum=beta)``).
    """

    def __init__(self, lr: float, beta: float = 0.9, convention: str = "average"):
        super().__init__(lr)
        self.beta, self.convention = checks.optimization.momentum(beta, convention)

    def direction(self, state, g):
        v = state.setdefault("v", np.zeros_like(g))
        scale = 1.0 - self.beta if self.convention == "average" else 1.0
        v *= self.beta
        v += scale * g
        return self.lr * v


class RMSprop(Optimizer):
    """RMSprop: divide each step by a running root-mean-square of its own gradient.

    Args:
        lr: learning rate > 0.
        beta: decay of the running mean of ``g**2``, in [0, 1) (PyTorch calls it ``alpha``).
        eps: added to the root mean square, > 0.
    """

    def __init__(self, lr: float = 0.01, beta: float = 0.99, eps: float = 1e-8):
        super().__init__(lr)
        self.beta, self.eps = checks.optimization.rmsprop(beta, eps)

    def direction(self, state, g):
        s = state.setdefault("s", np.zeros_like(g))
        s *= self.beta
        s += (1.0 - self.beta) * g * g
        return self.lr * g / (np.sqrt(s) + self.eps)


# --8<-- [start:adam]
class Adam(Optimizer):
    """Adam: momentum and RMSprop, both averages bias-corrected.

    Args:
        lr: learning rate > 0.
        beta1: decay of the gradient average, in [0, 1).
        beta2: decay of the squared-gradient average, in [0, 1).
        eps: added to the corrected root mean square, > 0 (1e-8 as in the paper).
    """

    def __init__(
        self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ):
        super().__init__(lr)
        self.beta1, self.beta2, self.eps = checks.optimization.adam(beta1, beta2, eps)

    def direction(self, state, g):
        v = state.setdefault("v", np.zeros_like(g))
        s = state.setdefault("s", np.zeros_like(g))
        v *= self.beta1
        v += (1.0 - self.beta1) * g
        s *= self.beta2
        s += (1.0 - self.beta2) * g * g
        v_hat = v / (1.0 - self.beta1**self.t)
        s_hat = s / (1.0 - self.beta2**self.t)
        return self.lr * v_hat / (np.sqrt(s_hat) + self.eps)
# --8<-- [end:adam]


def _epoch(name: str, epoch, *, minimum: int = 0) -> np.ndarray:
    e = np.asarray(epoch)
    if not (np.issubdtype(e.dtype, np.integer) or np.issubdtype(e.dtype, np.floating)):
        raise TypeError(f"{name} must be a number or an array of numbers, got dtype {e.dtype}")
    if e.size and (not np.all(np.isfinite(e)) or np.any(e < minimum)):
        raise ValueError(f"{name} must be finite and >= {minimum}, got {epoch!r}")
    return e


def _base(base) -> float:
    b = checks.unit_interval("base", base, closed_right=True)
    if b == 0:
        raise ValueError("base must lie in (0, 1], got 0")
    return b


def inverse_time_decay(alpha0: float, epoch, *, decay_rate: float = 1.0):
    """``alpha0 / (1 + decay_rate * epoch)``; ``epoch`` counts from 0 (scalar or array)."""
    alpha0 = checks.positive("alpha0", alpha0)
    decay_rate = checks.non_negative("decay_rate", decay_rate)
    return alpha0 / (1.0 + decay_rate * _epoch("epoch", epoch))


def exponential_decay(alpha0: float, epoch, *, base: float = 0.95):
    """``base**epoch * alpha0``; ``base`` in (0, 1]."""
    alpha0 = checks.positive("alpha0", alpha0)
    return alpha0 * _base(base) ** _epoch("epoch", epoch)


def inverse_sqrt_decay(alpha0: float, t, *, k: float = 1.0):
    """``k / sqrt(t) * alpha0``; ``t`` counts iterations (or epochs) from 1."""
    alpha0 = checks.positive("alpha0", alpha0)
    k = checks.positive("k", k)
    return k * alpha0 / np.sqrt(_epoch("t", t, minimum=1))


def staircase_decay(alpha0: float, epoch, *, decay_step: int, base: float = 0.95):
    """Discrete staircase: ``alpha0 * base**floor(epoch / decay_step)``."""
    alpha0 = checks.positive("alpha0", alpha0)
    if isinstance(decay_step, bool) or not isinstance(decay_step, int | np.integer):
        raise TypeError(f"decay_step must be an int, got {type(decay_step).__name__}")
    if decay_step < 1:
        raise ValueError(f"decay_step must be >= 1, got {decay_step}")
    return alpha0 * _base(base) ** np.floor_divide(_epoch("epoch", epoch), decay_step)


def effective_window(beta: float) -> float:
    """Number of steps an EWMA "remembers": ``1 / (1 - beta)``.

    After that many steps a weight has decayed to ``beta**(1/(1-beta)) ~ 1/e``.
    """
    beta = checks.unit_interval("beta", beta)
    return 1.0 / (1.0 - beta)



def elongated_bowl(w, *, steepness: float = 50.0) -> tuple[float, np.ndarray]:
    """A test problem: ``J(w) = (w[0]**2 + steepness * w[1]**2) / 2`` and its gradient.

    The valley is ``steepness`` times steeper across (``w[1]``) than along (``w[0]``): plain
    gradient descent oscillates across it, which momentum, RMSprop and Adam damp.
    """
    w = checks.real_array("w", w)
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,), got {w.shape}")
    steepness = checks.positive("steepness", steepness)
    scale = np.array([1.0, steepness])
    return float(0.5 * np.sum(scale * w * w)), scale * w


def descend(optimizer: Optimizer, w0, gradient, steps: int) -> np.ndarray:
    """Run ``steps`` updates of ``optimizer`` from ``w0`` with ``gradient(w) -> (J, dJ/dw)``.

    Returns the path, shape ``(steps + 1, *w0.shape)``, starting with ``w0``.
    """
    checks.integer("steps", steps, 0)
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, got {optimizer!r}")
    params = {"w": checks.real_array("w0", w0).copy()}
    path = [params["w"].copy()]
    for _ in range(steps):
        _, g = gradient(params["w"])
        optimizer.step(params, {"w": g})
        path.append(params["w"].copy())
    return np.array(path)
