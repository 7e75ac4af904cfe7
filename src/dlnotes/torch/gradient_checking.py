"""Gradient checking (chapter "Gradient checking"), PyTorch.

The same check as :mod:`dlnotes.numpy.gradient_checking` for a function of named float64
tensors on any device: two-sided finite differences against the gradients autograd (or a
hand-written ``torch.autograd.Function``) produces. ``torch.autograd.gradcheck`` is the
built-in counterpart; the tests use it as the oracle.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from dlnotes import checks
from dlnotes.numpy.gradient_checking import GradCheck, compare

__all__ = ["numerical_gradient", "autograd_gradient", "grad_check", "SigmoidFunction"]


# --8<-- [start:numerical]
@torch.no_grad()
def numerical_gradient(
    f: Callable[[], torch.Tensor], params: dict[str, torch.Tensor], eps: float = 1e-7
) -> dict[str, torch.Tensor]:
    """Two-sided differences of the scalar ``f()`` in each entry of each tensor of ``params``
    (perturbed in place and restored); tensors of the parameters' shapes and devices."""
    params, eps = checks.gradient_checking.tensor_numerical(params, eps)
    grads = {}
    for name, p in params.items():
        g = torch.zeros_like(p)
        flat, gflat = p.view(-1), g.view(-1)
        for i in range(flat.numel()):
            old = flat[i].item()
            flat[i] = old + eps
            plus = float(f())
            flat[i] = old - eps
            minus = float(f())
            flat[i] = old
            gflat[i] = (plus - minus) / (2 * eps)
        grads[name] = g
    return grads
# --8<-- [end:numerical]


def autograd_gradient(f: Callable[[], torch.Tensor], params: dict[str, torch.Tensor]):
    """The gradients of the scalar ``f()`` with respect to ``params``, by autograd."""
    names = list(checks.gradient_checking.tensors(params))
    leaves = [params[n].detach().requires_grad_(True) for n in names]
    saved = dict(params)
    try:
        params.update(zip(names, leaves, strict=True))
        out = f()
        if not isinstance(out, torch.Tensor) or out.numel() != 1:
            raise ValueError("f must return a scalar tensor")
        grads = torch.autograd.grad(out, leaves, allow_unused=True)
    finally:
        params.update(saved)
    return {n: torch.zeros_like(params[n]) if g is None else g for n, g in zip(names, grads,
                                                                               strict=True)}


def grad_check(
    f: Callable[[], torch.Tensor],
    params: dict[str, torch.Tensor],
    grads: dict[str, torch.Tensor] | None = None,
    *,
    eps: float = 1e-7,
    floor: float = 1e-12,
) -> GradCheck:
    """Check ``grads`` (autograd's when ``None``) against finite differences of ``f()``.

    ``f`` takes no arguments, reads the float64 tensors of ``params`` and returns a scalar
    tensor. Returns the NumPy half's :class:`~dlnotes.numpy.gradient_checking.GradCheck`.
    """
    params = checks.gradient_checking.tensors(params)
    if grads is None:
        grads = autograd_gradient(f, params)
    if not isinstance(grads, dict) or set(grads) != set(params):
        raise ValueError(f"grads must have the keys of params, {sorted(params)}")
    approx = numerical_gradient(f, params, eps)
    to_np = {n: g.detach().cpu().double().numpy() for n, g in approx.items()}
    exact = {n: torch.as_tensor(grads[n]).detach().cpu().double().numpy() for n in params}
    for n in params:
        checks.same_shape(f"grads[{n!r}]", exact[n].shape, f"params[{n!r}]", to_np[n].shape)
    return compare(to_np, exact, floor)


# --8<-- [start:sigmoid]
class SigmoidFunction(torch.autograd.Function):
    """``sigmoid(x)`` with a hand-written backward, ``ds/dx = s (1 - s)``.

    ``SigmoidFunction.apply(x, True)`` plants a bug (it forgets the factor ``1 - s``), for the
    chapter's demonstration that a gradient check catches it.
    """

    @staticmethod
    def forward(ctx, x, planted_bug=False):
        s = torch.sigmoid(x)
        ctx.save_for_backward(s)
        ctx.planted_bug = planted_bug
        return s

    @staticmethod
    def backward(ctx, grad_out):
        (s,) = ctx.saved_tensors
        local = s if ctx.planted_bug else s * (1 - s)
        return grad_out * local, None
# --8<-- [end:sigmoid]
