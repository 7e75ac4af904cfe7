"""Training and evaluation shared by the chapters that train a model, PyTorch.

* :func:`accuracy`: the share of correct predictions of class scores ``(N, K)`` or of binary
  logits ``(N,)``.
* :func:`single_thread`: run PyTorch's CPU operations on one thread inside a ``with`` block.
* :func:`seeded`: build a module under a seed without touching the global random state.
* :func:`fit`: ``steps`` steps of Adam on any loss, full batch or random mini-batches.
* :func:`train_classifier`: epochs of mini-batch Adam on the cross-entropy, with optional
  augmentation and per-epoch learning curves.

The optimizer is the torch half's one Adam, :class:`dlnotes.torch.optimization.Adam`.
Conventions: batch first; nothing here moves tensors between devices.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import torch
from torch import nn
from torch.nn import functional as F

from dlnotes import checks
from dlnotes.torch import optimization

__all__ = ["accuracy", "single_thread", "seeded", "fit", "train_classifier"]


@torch.no_grad()
def accuracy(scores: torch.Tensor, y: torch.Tensor) -> float:
    """Share of correct predictions.

    Args:
        scores: ``(N, K)`` class scores (logits or probabilities), compared by argmax with
            the class indices ``y``; or ``(N,)`` binary logits, ``scores > 0`` compared with
            0/1 labels ``y``.
        y: ``(N,)`` labels, on the device of ``scores``.

    Returns:
        A float in [0, 1].
    """
    checks.float_tensor("scores", scores)
    if scores.dim() not in (1, 2) or 0 in scores.shape:
        raise ValueError("scores must be a non-empty tensor of shape (N, K) or (N,), got "
                         f"{tuple(scores.shape)}")
    if not isinstance(y, torch.Tensor):
        raise TypeError(f"y must be a tensor, got {type(y).__name__}")
    if y.shape != scores.shape[:1]:
        raise ValueError(f"y must have shape (N,) = ({len(scores)},), got {tuple(y.shape)}")
    pred = scores.argmax(dim=1) if scores.dim() == 2 else (scores > 0).to(y.dtype)
    return float((pred == y).float().mean())


@contextlib.contextmanager
def single_thread():
    """Run PyTorch's CPU operations on one thread inside the ``with`` block, then restore the
    previous setting. For small models the extra threads only add synchronisation, and on a
    busy machine they wait for each other."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def seeded(make: Callable[[], nn.Module], seed: int, device="cpu") -> nn.Module:
    """``make()`` (a function that builds a module) run under ``torch.manual_seed(seed)``,
    without touching the global random state, and put on ``device``."""
    seed = checks.integer("seed", seed, minimum=0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return make().to(device)


def fit(model: nn.Module, params, x: torch.Tensor, y: torch.Tensor, loss_fn, *, steps: int,
        lr: float, batch_size: int | None = None, seed: int = 0) -> nn.Module:
    """Adam on ``loss_fn(model(x_batch), y_batch)`` for ``steps`` steps, updating ``params``;
    full batch unless ``batch_size`` is given (then each step draws ``batch_size`` examples
    with replacement, with a seeded generator on x's device). ``x`` is batch-first, ``y`` has
    ``len(x)`` rows. Returns ``model``, in eval mode."""
    seed = checks.seed("seed", seed)
    lr, steps = checks.positive("lr", lr), checks.integer("steps", steps, minimum=0)
    if batch_size is not None:
        batch_size = checks.integer("batch_size", batch_size)
    checks.transfer_multitask.training_set(x, y)
    opt = optimization.Adam(params, lr=lr)
    gen = torch.Generator(device=x.device).manual_seed(seed)
    model.train()
    for _ in range(steps):
        if batch_size is not None and batch_size < len(x):
            idx = torch.randint(len(x), (batch_size,), generator=gen, device=x.device)
            xb, yb = x[idx], y[idx]
        else:
            xb, yb = x, y
        opt.zero_grad()
        loss_fn(model(xb), yb).backward()
        opt.step()
    model.eval()
    return model


def train_classifier(model: nn.Module, x: torch.Tensor, y: torch.Tensor, *, epochs: int,
                     lr: float = 1e-2, batch_size: int = 64, seed: int = 0,
                     augment: Callable[[torch.Tensor, torch.Generator], torch.Tensor] | None
                     = None, x_val: torch.Tensor | None = None,
                     y_val: torch.Tensor | None = None, eval_transform: Callable | None = None,
                     curves: bool = True, lr_decay: float = 1.0) -> dict[str, list[float]]:
    """Mini-batch Adam (torch's default betas and eps) on the cross-entropy; returns the
    per-epoch learning curves. The learning rate of epoch ``e`` (from 0) is
    ``lr * lr_decay**e`` (exponential decay; 1.0 keeps it constant).

    ``augment(batch, generator)`` transforms each training batch; ``eval_transform`` maps
    inputs before evaluation (e.g. a centre crop). The history has ``loss`` (mean training
    loss of the epoch), ``train_acc`` and, given ``x_val``/``y_val``, ``val_acc`` (the
    accuracies only with ``curves``, the default: they cost a pass over the data). Runs on
    the device of ``model`` and the data, with one CPU thread (restored afterwards).
    """
    seed = checks.seed("seed", seed)
    checks.module("model", model)
    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError("x must be a floating-point tensor")
    if not isinstance(y, torch.Tensor) or y.dtype != torch.int64 or y.shape != x.shape[:1]:
        raise ValueError(f"y must be an int64 tensor of shape ({x.shape[0]},)")
    epochs = checks.integer("epochs", epochs)
    lr = checks.positive("lr", lr)
    lr_decay = checks.positive("lr_decay", lr_decay)
    batch_size = checks.integer("batch_size", batch_size)
    g = torch.Generator().manual_seed(seed)
    opt = optimization.Adam([p for p in model.parameters() if p.requires_grad], lr)
    with single_thread():
        return _train(model, x, y, epochs, batch_size, g, opt, augment, x_val, y_val,
                      eval_transform, curves, lr_decay)


def _train(model, x, y, epochs, batch_size, g, opt, augment, x_val, y_val, eval_transform,
           curves, lr_decay):
    ev = eval_transform or (lambda t: t)
    history: dict[str, list[float]] = {"loss": [], "train_acc": [], "val_acc": []}
    lr0 = opt.param_groups[0]["lr"]
    for epoch in range(epochs):
        opt.param_groups[0]["lr"] = lr0 * lr_decay**epoch
        model.train()
        order = torch.randperm(len(y), generator=g).to(y.device)
        total = 0.0
        for start in range(0, len(y), batch_size):
            idx = order[start:start + batch_size]
            xb = x[idx] if augment is None else augment(x[idx], g)
            loss = F.cross_entropy(model(xb), y[idx])
            loss.backward()
            opt.step()
            opt.zero_grad()
            total += loss.item() * len(idx)
        history["loss"].append(total / len(y))
        model.eval()
        if not curves:
            continue
        with torch.no_grad():
            history["train_acc"].append(accuracy(model(ev(x)), y))
            if x_val is not None and y_val is not None:
                history["val_acc"].append(accuracy(model(ev(x_val)), y_val))
    return history
