"""Softmax regression (chapter "Softmax regression"), PyTorch.

PyTorch's convention: batch first, logits of shape ``(N, C)`` (or ``(C,)`` for one example),
classes along the last dimension. Targets are class indices ``(N,)`` (int64) or probability
rows ``(N, C)`` (one-hot or soft), as for ``torch.nn.functional.cross_entropy``. The functions
are written from the chapter's formulas (max-shift and log-sum-exp); autograd differentiates
them, and the tests compare them with ``F.softmax``, ``F.log_softmax`` and ``F.cross_entropy``.
Tensors stay on their device.
"""

from __future__ import annotations

import torch

__all__ = ["softmax", "log_softmax", "cross_entropy"]


def _logits(name: str, z, *, vector_ok: bool = True) -> torch.Tensor:
    if not isinstance(z, torch.Tensor) or not z.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor")
    allowed = (1, 2) if vector_ok else (2,)
    if z.dim() not in allowed or z.shape[-1] == 0:
        want = "(C,) or (N, C)" if vector_ok else "(N, C)"
        raise ValueError(f"{name} must have shape {want} with C >= 1, got {tuple(z.shape)}")
    return z


# --8<-- [start:softmax]
def softmax(z: torch.Tensor) -> torch.Tensor:
    """Softmax over the last dimension (classes) of ``z``, shape ``(C,)`` or ``(N, C)``."""
    z = _logits("z", z)
    shifted = z - z.amax(dim=-1, keepdim=True).detach()  # the shift cancels; no gradient
    t = shifted.exp()
    return t / t.sum(dim=-1, keepdim=True)


def log_softmax(z: torch.Tensor) -> torch.Tensor:
    """``log(softmax(z))`` over the last dimension, by log-sum-exp."""
    z = _logits("z", z)
    shifted = z - z.amax(dim=-1, keepdim=True).detach()
    return shifted - shifted.exp().sum(dim=-1, keepdim=True).log()


def cross_entropy(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of ``logits`` ``(N, C)`` against ``target``.

    ``target`` is either int64 class indices ``(N,)`` in ``0 .. C-1`` or probabilities
    ``(N, C)`` (one-hot rows included). Returns a 0-dim tensor, equal to
    ``F.cross_entropy(logits, target)``; its gradient is ``(softmax(logits) - Y) / N``.
    """
    logits = _logits("logits", logits, vector_ok=False)
    log_p = log_softmax(logits)
    n, c = logits.shape
    if not isinstance(target, torch.Tensor):
        raise TypeError("target must be a tensor")
    if target.dtype == torch.int64:
        if target.shape != (n,):
            raise ValueError(f"target must have shape (N,) = ({n},), got {tuple(target.shape)}")
        if n and (int(target.min()) < 0 or int(target.max()) >= c):
            raise ValueError(f"target must lie in 0 .. {c - 1}")
        return -log_p.gather(1, target[:, None]).mean()
    if target.is_floating_point():
        if target.shape != logits.shape:
            raise ValueError(
                f"target must have the shape of logits, {tuple(logits.shape)}, "
                f"got {tuple(target.shape)}"
            )
        # zero-probability classes contribute 0, even where log_p is -inf
        return -(target * log_p.masked_fill(target == 0, 0.0)).sum(dim=1).mean()
    raise TypeError(f"target must be int64 indices or floating probabilities, got {target.dtype}")
# --8<-- [end:softmax]

