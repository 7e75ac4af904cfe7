"""Cost and regularization (chapter "Cost and regularization"), PyTorch.

The penalties of :mod:`dlnotes.numpy.cost_regularization` for tensors on any device, written
so that autograd differentiates them:

    L2:  (lambd / (2 m)) * sum ||W||_F**2        L1:  (lambd / m) * sum ||W||_1

They act on weight matrices only; :func:`weights_of` picks the ``weight`` of every
``nn.Linear`` of a module (biases are not penalized). Adding the L2 penalty to the cost and
stepping with plain SGD is the same as ``torch.optim.SGD(..., weight_decay=lambd / m)`` on the
unpenalized cost (:func:`weight_decay` gives that number).
"""

from __future__ import annotations

import torch
from torch import nn

from dlnotes import checks
from dlnotes.numpy.cost_regularization import weight_decay

__all__ = ["weights_of", "l2_penalty", "l1_penalty", "regularized_cost", "weight_decay"]


def weights_of(module: nn.Module) -> list[torch.Tensor]:
    """The ``weight`` parameter of every ``nn.Linear`` inside ``module`` (no biases)."""
    if not isinstance(module, nn.Module):
        raise TypeError(f"module must be an nn.Module, got {type(module).__name__}")
    return [layer.weight for layer in module.modules() if isinstance(layer, nn.Linear)]


# --8<-- [start:penalties]
def l2_penalty(weights, lambd: float, m: int) -> torch.Tensor:
    """``(lambd / (2 m)) * sum ||W||_F**2`` over ``weights`` (a tensor or an iterable)."""
    weights, lambd, m = checks.cost_regularization.tensor_penalty(weights, lambd, m)
    return lambd / (2 * m) * sum(w.pow(2).sum() for w in weights)


def l1_penalty(weights, lambd: float, m: int) -> torch.Tensor:
    """``(lambd / m) * sum ||W||_1`` over ``weights``."""
    weights, lambd, m = checks.cost_regularization.tensor_penalty(weights, lambd, m)
    return lambd / m * sum(w.abs().sum() for w in weights)
# --8<-- [end:penalties]


def regularized_cost(
    data_cost: torch.Tensor, weights, lambd: float, m: int, kind: str = "l2"
) -> torch.Tensor:
    """``data_cost + penalty`` with ``kind`` ``"l2"`` or ``"l1"``; ``data_cost`` is a scalar
    tensor, the mean loss over the ``m`` examples."""
    kind = checks.one_of("kind", kind, ("l2", "l1"))
    if checks.float_tensor("data_cost", data_cost).dim() != 0:
        raise TypeError("data_cost must be a scalar tensor (the mean loss)")
    return data_cost + (l2_penalty if kind == "l2" else l1_penalty)(weights, lambd, m)
