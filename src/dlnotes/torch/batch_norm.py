"""Batch normalization (chapter "Batch normalization"), PyTorch.

PyTorch's layout: channels (features) in dimension 1, i.e. ``(N, C)``, ``(N, C, L)`` or
``(N, C, H, W)``; statistics per channel over every other dimension. Written from the
chapter's formulas; autograd supplies the backward pass. The running statistics follow
PyTorch's convention: ``running = (1 - momentum) * running + momentum * batch_statistic``
(``momentum = 1 - avg_beta`` of the NumPy half), with the *unbiased* batch variance.
Tensors stay on their device.
"""

from __future__ import annotations

import torch

from dlnotes import checks

__all__ = ["batch_norm", "BatchNorm"]


# --8<-- [start:batch_norm]
def batch_norm(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor,
               running_mean: torch.Tensor | None = None,
               running_var: torch.Tensor | None = None, *, training: bool = True,
               momentum: float = 0.1, eps: float = 1e-5) -> torch.Tensor:
    """Batch norm of ``x`` (channels in dim 1) with scale ``gamma`` and shift ``beta`` (C,).

    In training mode the batch's mean and biased variance normalize ``x``, and the running
    statistics (if given) are updated in place; otherwise the running statistics are used.
    """
    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError("x must be a floating-point tensor")
    if x.dim() < 2:
        raise ValueError(f"x must have shape (N, C, ...), got {tuple(x.shape)}")
    c = x.shape[1]
    for name, t in (("gamma", gamma), ("beta", beta), ("running_mean", running_mean),
                    ("running_var", running_var)):
        if t is not None and (not isinstance(t, torch.Tensor) or t.shape != (c,)):
            raise ValueError(f"{name} must be a tensor of shape (C,) = ({c},)")
    momentum = checks.unit_interval("momentum", momentum, closed_right=True)
    eps = checks.positive("eps", eps)
    shape = (1, c) + (1,) * (x.dim() - 2)  # broadcast a (C,) vector over dim 1
    if training:
        dims = [0, *range(2, x.dim())]
        n = x.numel() // c  # values per channel
        if n < 2:
            raise ValueError("x must hold at least 2 values per channel in training mode")
        mean = x.mean(dim=dims)
        var = x.var(dim=dims, unbiased=False)  # normalization uses the biased variance
        if running_mean is not None and running_var is not None:
            with torch.no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach(), alpha=momentum)
                running_var.mul_(1 - momentum).add_(var.detach() * n / (n - 1), alpha=momentum)
    else:
        if running_mean is None or running_var is None:
            raise ValueError("running_mean and running_var are needed when training is False")
        mean, var = running_mean, running_var
    x_norm = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
    return gamma.reshape(shape) * x_norm + beta.reshape(shape)
# --8<-- [end:batch_norm]


class BatchNorm(torch.nn.Module):
    """Batch norm for ``(N, C)``, ``(N, C, L)`` or ``(N, C, H, W)`` inputs.

    Same parameter and buffer names as ``nn.BatchNorm1d``/``nn.BatchNorm2d`` (``weight`` =
    gamma, ``bias`` = beta, ``running_mean``, ``running_var``, ``num_batches_tracked``), so a
    state dict copies across in either direction.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1):
        super().__init__()
        if isinstance(num_features, bool) or not isinstance(num_features, int):
            raise TypeError(f"num_features must be an int, got {type(num_features).__name__}")
        if num_features < 1:
            raise ValueError(f"num_features must be >= 1, got {num_features}")
        self.eps = checks.positive("eps", eps)
        self.momentum = checks.unit_interval("momentum", momentum, closed_right=True)
        self.weight = torch.nn.Parameter(torch.ones(num_features))
        self.bias = torch.nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))
        self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if isinstance(x, torch.Tensor) and (x.dim() < 2 or x.shape[1] != self.weight.shape[0]):
            raise ValueError(f"x must have shape (N, {self.weight.shape[0]}, ...), "
                             f"got {tuple(x.shape)}")
        out = batch_norm(x, self.weight, self.bias, self.running_mean, self.running_var,
                         training=self.training, momentum=self.momentum, eps=self.eps)
        if self.training:
            self.num_batches_tracked.add_(1)
        return out
