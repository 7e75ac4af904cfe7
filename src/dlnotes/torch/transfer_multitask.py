"""Transfer and multi-task learning (chapter "Transfer and multi-task learning"), PyTorch.

* :func:`masked_bce_with_logits`: the multi-task loss with missing labels (``NaN``), batch-first.
* :class:`DigitsCNN`: a small CNN for the 8x8 digits, NCHW input ``(m, 1, 8, 8)``;
  ``features`` maps it to ``(m, 128)`` and ``head`` (one linear layer) to ``(m, n_out)``.
* :func:`learn_target`: learn new classes from a pre-trained network, one of
  :data:`STRATEGIES`; :func:`pretrain_on_synthetic` and :func:`fine_tune`: a synthetic source
  task and a real target task with the same classes.
* :class:`MultiTaskNet` and :func:`task_labels`: one shared trunk with one logit per task.

The experiments that compare these ways are in :mod:`dlnotes.torch.transfer_multitask_experiment`.
Models are built with explicit seeds and put on ``device``; inputs are never moved.
"""

from __future__ import annotations

# --8<-- [start:imports]
import copy

import numpy as np
import torch
from torch import nn

from dlnotes import checks
from dlnotes.numpy.transfer_multitask import synthetic_digits
from dlnotes.torch.training import fit, seeded

# --8<-- [end:imports]

__all__ = ["masked_bce_with_logits", "DigitsCNN", "learn_target", "pretrain_on_synthetic",
           "fine_tune", "MultiTaskNet", "TASKS"]

REDUCTIONS = checks.transfer_multitask.REDUCTIONS


# --8<-- [start:loss]
def masked_bce_with_logits(logits: torch.Tensor, targets: torch.Tensor,
                           reduction: str = "examples") -> torch.Tensor:
    """Binary cross-entropy over the known entries of ``targets`` (``NaN`` = missing label).

    Args:
        logits: ``(m, T)`` floating tensor, one logit per example and task.
        targets: ``(m, T)`` tensor of 0, 1 or ``NaN``, same dtype and device.
        reduction: ``"examples"`` divides the sum by ``m`` (the course's cost);
            ``"labels"`` divides it by the number of known labels.

    Returns:
        A scalar tensor; missing labels contribute neither loss nor gradient.
    """
    reduction = checks.transfer_multitask.label_tensors(logits, targets, reduction)
    known = ~torch.isnan(targets)
    y = torch.where(known, targets, torch.zeros_like(targets))
    z = logits
    losses = z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))
    total = (losses * known).sum()
    if reduction == "examples":
        return total / logits.shape[0]
    return total / known.sum().clamp(min=1)
# --8<-- [end:loss]


# --------------------------------------------------------------------------------- the network

# --8<-- [start:net]
class DigitsCNN(nn.Module):
    """conv3x3(16) - ReLU - maxpool2 - conv3x3(32) - ReLU - maxpool2 - flatten - linear.

    Input ``(m, 1, 8, 8)`` (pixels scaled to [0, 1]); ``features(x)`` is ``(m, 128)``,
    ``forward(x)`` is ``(m, n_out)`` logits.
    """

    def __init__(self, n_out: int):
        n_out = checks.integer("n_out", n_out)
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.head = nn.Linear(128, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = checks.transfer_multitask.digit_images(x, self)
        return self.head(self.features(x))
# --8<-- [end:net]

# ------------------------------------------------------------------------------- transfer

STRATEGIES = checks.transfer_multitask.STRATEGIES


# --8<-- [start:transfer]
def learn_target(strategy: str, source: DigitsCNN, x, y, seed: int) -> DigitsCNN:
    """Learn 5 new classes from images ``x`` ``(m, 1, 8, 8)`` and labels ``y`` ``(m,)`` in
    0..4, with one of the :data:`STRATEGIES`, starting from the pre-trained ``source``
    (which is left unchanged)."""
    strategy = checks.transfer_multitask.learning_target(strategy, x, y)
    ce = nn.functional.cross_entropy
    if strategy == "from scratch":
        model = seeded(lambda: DigitsCNN(5), seed, x.device)
        return fit(model, model.parameters(), x, y, ce, steps=60, lr=1e-2, seed=seed)
    model = copy.deepcopy(source)
    model.head = seeded(lambda: nn.Linear(128, 5), seed, x.device)  # a new head
    if strategy == "frozen features":
        model.features.requires_grad_(False)  # only the new head learns
        with torch.no_grad():
            feats = model.features(x)  # so the features can be computed once
        fit(model.head, model.head.parameters(), feats, y, ce, steps=100, lr=3e-2, seed=seed)
        return model.eval()
    return fit(model, model.parameters(), x, y, ce, steps=60, lr=3e-3, seed=seed)
# --8<-- [end:transfer]

# ------------------------------------------------------------- synthetic source, real target

# --8<-- [start:synthetic]
def pretrain_on_synthetic(n_images: int = 6000, steps: int = 500, seed: int = 0,
                          device="cpu") -> DigitsCNN:
    """A :class:`DigitsCNN` with ten outputs trained on ``n_images`` synthetic digits (the
    same number of each), Adam in batches of 128."""
    labels = np.arange(checks.integer("n_images", n_images)) % 10
    x = torch.tensor(synthetic_digits(labels, seed), dtype=torch.float32, device=device)
    y = torch.tensor(labels, device=device)
    model = seeded(lambda: DigitsCNN(10), seed, device)
    return fit(model, model.parameters(), x.unsqueeze(1), y, nn.functional.cross_entropy,
               steps=steps, lr=1e-2, batch_size=128, seed=seed)


def fine_tune(source: DigitsCNN, x, y, seed: int) -> DigitsCNN:
    """Fine-tune a copy of ``source``, head included: the target has the source's classes."""
    seed = checks.seed("seed", seed)
    model = copy.deepcopy(source)
    return fit(model, model.parameters(), x, y, nn.functional.cross_entropy,
               steps=60, lr=3e-3, seed=seed)
# --8<-- [end:synthetic]

# ------------------------------------------------------------------------------- multi-task

#: name -> label of a digit for that binary task
TASKS = {"is even": lambda d: d % 2 == 0, "is > 4": lambda d: d > 4, "is 0": lambda d: d == 0}


# --8<-- [start:multitask]
class MultiTaskNet(nn.Module):
    """One shared trunk (the features of :class:`DigitsCNN`) and one logit per task:
    ``(m, 1, 8, 8) -> (m, T)``."""

    def __init__(self, n_tasks: int):
        n_tasks = checks.integer("n_tasks", n_tasks)
        super().__init__()
        self.trunk = DigitsCNN(n_tasks)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.trunk(x)


def task_labels(digits: torch.Tensor, missing: float, seed: int) -> torch.Tensor:
    """``(m, T)`` float labels of :data:`TASKS` for ``digits`` ``(m,)``; a share ``missing``
    of the entries is set to ``NaN`` (not recorded, the course's "?")."""
    missing = checks.unit_interval("missing", missing)
    y = torch.stack([f(digits) for f in TASKS.values()], dim=1).float()
    gen = torch.Generator(device=digits.device).manual_seed(seed)
    drop = torch.rand(y.shape, generator=gen, device=digits.device) < missing
    return y.masked_fill(drop, float("nan"))
# --8<-- [end:multitask]
