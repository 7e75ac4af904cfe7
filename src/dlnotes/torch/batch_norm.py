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
from dlnotes.torch.training import seeded, single_thread

__all__ = ["batch_norm", "BatchNorm", "sigmoid_mlp", "training_curves"]


# --8<-- [start:batch_norm]
def batch_norm(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor,
               running_mean: torch.Tensor | None = None,
               running_var: torch.Tensor | None = None, *, training: bool = True,
               momentum: float = 0.1, eps: float = 1e-5) -> torch.Tensor:
    """Batch norm of ``x`` (channels in dim 1) with scale ``gamma`` and shift ``beta`` (C,).

    In training mode the batch's mean and biased variance normalize ``x``, and the running
    statistics (if given) are updated in place; otherwise the running statistics are used.
    """
    momentum, eps = checks.batch_norm.tensor_inputs(
        x, gamma, beta, running_mean, running_var, training=training, momentum=momentum, eps=eps)
    c = x.shape[1]
    shape = (1, c) + (1,) * (x.dim() - 2)  # broadcast a (C,) vector over dim 1
    if training:
        dims = [0, *range(2, x.dim())]
        n = x.numel() // c  # values per channel
        mean = x.mean(dim=dims)
        var = x.var(dim=dims, unbiased=False)  # normalization uses the biased variance
        if running_mean is not None and running_var is not None:
            with torch.no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach(), alpha=momentum)
                running_var.mul_(1 - momentum).add_(var.detach() * n / (n - 1), alpha=momentum)
    else:
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


# ------------------------------------------------------------------ what batch norm buys: speed

def sigmoid_mlp(batch_norm: bool, hidden: tuple[int, ...] = (100, 100, 100), n_in: int = 64,
                n_out: int = 10) -> torch.nn.Sequential:
    """``[Linear -> (BatchNorm) -> sigmoid]`` per hidden layer, then ``Linear``: the network of
    Ioffe and Szegedy's MNIST experiment (three hidden layers of 100 sigmoid units), with
    PyTorch's default initialization. Input ``(m, n_in)``, output ``(m, n_out)`` logits. A
    layer followed by :class:`BatchNorm` has no bias (``beta`` does its job)."""
    batch_norm = checks.boolean("batch_norm", batch_norm)
    layers: list[torch.nn.Module] = []
    n = checks.integer("n_in", n_in)
    for width in hidden:
        width = checks.integer("hidden[i]", width)
        layers.append(torch.nn.Linear(n, width, bias=not batch_norm))
        if batch_norm:
            layers.append(BatchNorm(width))
        layers.append(torch.nn.Sigmoid())
        n = width
    layers.append(torch.nn.Linear(n, checks.integer("n_out", n_out)))
    return torch.nn.Sequential(*layers)


def training_curves(batch_norm: bool, *, lr: float = 3.0, seeds=(0, 1, 2, 3, 4),
                    iterations: int = 400, batch_size: int = 64, every: int = 10):
    """Train :func:`sigmoid_mlp` on scikit-learn's digits (the standardized training split of
    :func:`dlnotes.numpy.batch_norm.digits_data`) with mini-batch gradient descent, once per
    seed (the seed sets the initial weights and the order of the examples).

    Returns a NumPy array ``(len(seeds), iterations // every)``: the mean mini-batch cost of
    each block of ``every`` iterations (``inf`` once a cost is not finite). Runs on the CPU
    on one thread."""
    import numpy as np

    from dlnotes.numpy.batch_norm import digits_data

    lr = checks.positive("lr", lr)
    iterations, every = checks.integer("iterations", iterations), checks.integer("every", every)
    batch_size = checks.integer("batch_size", batch_size)
    seeds = [checks.integer("seeds[i]", s, minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    if iterations % every:
        raise ValueError(f"iterations must be a multiple of every ({every}), got {iterations}")
    X, y, _, _ = digits_data()
    x = torch.tensor(X.T, dtype=torch.float32)
    labels = torch.tensor(y, dtype=torch.int64)
    out = np.empty((len(seeds), iterations // every))
    with single_thread():  # small matrices: more threads only add overhead
        for row, seed in enumerate(seeds):
            out[row] = _curve(x, labels, batch_norm, lr, seed, iterations, batch_size, every)
    return out


def _curve(x, labels, batch_norm, lr, seed, iterations, batch_size, every):
    import numpy as np

    net = seeded(lambda: sigmoid_mlp(batch_norm), seed)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(seed)
    costs: list[float] = []
    while len(costs) < iterations:
        order = torch.randperm(len(labels), generator=gen)
        for k in range(0, len(labels) - batch_size + 1, batch_size):
            idx = order[k:k + batch_size]
            loss = torch.nn.functional.cross_entropy(net(x[idx]), labels[idx])
            if not torch.isfinite(loss):
                costs += [float("inf")] * (iterations - len(costs))
                break
            opt.zero_grad()
            loss.backward()
            opt.step()
            costs.append(loss.item())
            if len(costs) == iterations:
                break
    return np.asarray(costs).reshape(-1, every).mean(axis=1)
