"""Dropout (chapter "Dropout"), PyTorch: inverted dropout written from the chapter's formula.

``dropout(x, keep_prob, training, generator)`` returns ``x * D / keep_prob`` with
``D ~ Bernoulli(keep_prob)`` drawn on ``x``'s device, and ``x`` itself when not training: the
semantics of ``torch.nn.functional.dropout(x, p=1 - keep_prob, training)``. Autograd
differentiates it (the mask is a constant), so the backward pass is ``grad * D / keep_prob``.
:class:`Dropout` is the module form, switched by ``model.train()`` / ``model.eval()``.
"""

from __future__ import annotations

import torch
from torch import nn

from dlnotes import checks

__all__ = ["dropout", "Dropout"]


# --8<-- [start:dropout]
def dropout(x: torch.Tensor, keep_prob: float, training: bool = True, generator=None):
    """Inverted dropout of a floating-point tensor of any shape, on its own device.

    Args:
        x: the activations.
        keep_prob: probability of keeping each entry, in (0, 1] (PyTorch's p = 1 - keep_prob).
        training: False at test time: ``x`` is returned unchanged.
        generator: optional ``torch.Generator`` on ``x``'s device, for reproducible masks.
    """
    keep_prob = checks.dropout.for_tensor(x, keep_prob, generator)
    if not training or keep_prob == 1.0:
        return x
    mask = torch.rand(x.shape, generator=generator, device=x.device) < keep_prob
    return x * mask / keep_prob
# --8<-- [end:dropout]


class Dropout(nn.Module):
    """Module form of :func:`dropout`: active in ``train()`` mode, the identity in ``eval()``."""

    def __init__(self, keep_prob: float = 0.8, generator=None):
        super().__init__()
        self.keep_prob = checks.dropout.keep_prob(keep_prob)
        self.generator = generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return dropout(x, self.keep_prob, self.training, self.generator)

    def extra_repr(self) -> str:
        return f"keep_prob={self.keep_prob}"
