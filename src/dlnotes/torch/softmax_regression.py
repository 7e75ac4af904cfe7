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

from dlnotes import checks

__all__ = ["softmax", "log_softmax", "cross_entropy"]


# --8<-- [start:softmax]
def softmax(z: torch.Tensor) -> torch.Tensor:
    """Softmax over the last dimension (classes) of ``z``, shape ``(C,)`` or ``(N, C)``."""
    z = checks.softmax_regression.tensor_logits("z", z)
    shifted = z - z.amax(dim=-1, keepdim=True).detach()  # the shift cancels; no gradient
    t = shifted.exp()
    return t / t.sum(dim=-1, keepdim=True)


def log_softmax(z: torch.Tensor) -> torch.Tensor:
    """``log(softmax(z))`` over the last dimension, by log-sum-exp."""
    z = checks.softmax_regression.tensor_logits("z", z)
    shifted = z - z.amax(dim=-1, keepdim=True).detach()
    return shifted - shifted.exp().sum(dim=-1, keepdim=True).log()


def cross_entropy(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of ``logits`` ``(N, C)`` against ``target``.

    ``target`` is either int64 class indices ``(N,)`` in ``0 .. C-1`` or probabilities
    ``(N, C)`` (one-hot rows included). Returns a 0-dim tensor, equal to
    ``F.cross_entropy(logits, target)``; its gradient is ``(softmax(logits) - Y) / N``.
    """
    checks.softmax_regression.tensor_cross_entropy(logits, target)
    log_p = log_softmax(logits)
    if target.dtype == torch.int64:
        return -log_p.gather(1, target[:, None]).mean()
    # zero-probability classes contribute 0, even where log_p is -inf
    return -(target * log_p.masked_fill(target == 0, 0.0)).sum(dim=1).mean()
# --8<-- [end:softmax]

