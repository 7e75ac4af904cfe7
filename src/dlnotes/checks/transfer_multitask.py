"""Argument checks of the transfer and multi-task chapter, shared by
``dlnotes.numpy.transfer_multitask`` and ``dlnotes.torch.transfer_multitask``.

Each check raises ``ValueError`` or ``TypeError`` with a message that starts with the
argument's name and says what was expected. Nothing here imports torch: tensors are
recognised by their methods.
"""

from __future__ import annotations

from dlnotes import checks

#: how the masked loss divides its sum: by the examples (the course's cost) or by the labels
REDUCTIONS = ("examples", "labels")
#: the ways of learning the target task that the chapter compares
STRATEGIES = ("frozen features", "fine-tune all", "from scratch")


def _is_float_tensor(t) -> bool:
    return hasattr(t, "is_floating_point") and hasattr(t, "dim") and t.is_floating_point()


def label_arrays(Z, Y):
    """NumPy logits and labels of the masked loss: float arrays ``(T, m)`` of the same shape,
    ``Z`` finite, ``Y`` holding 0, 1 or NaN (a missing label). Returns ``(Z, Y)`` as arrays."""
    import numpy as np  # here, so that importing the checks imports neither half's library

    Z, Y = checks.floats("Z", Z), checks.floats("Y", Y)
    for name, a in (("Z", Z), ("Y", Y)):
        if a.ndim != 2:
            raise ValueError(f"{name} must have shape (T, m), got {a.shape}")
    checks.same_shape("Y", Y.shape, "Z", Z.shape)
    if not np.all(np.isfinite(Z)):
        raise ValueError("Z must be finite")
    known = Y[~np.isnan(Y)]
    if not np.all((known == 0) | (known == 1)):
        raise ValueError("Y must hold 0, 1 or NaN (a missing label)")
    return Z, Y


def label_tensors(logits, targets, reduction: str) -> str:
    """Torch logits and targets of the masked loss: floating tensors ``(m, T)`` of the same
    shape, ``targets`` holding 0, 1 or NaN; ``reduction`` one of :data:`REDUCTIONS`.
    Returns ``reduction``."""
    checks.one_of("reduction", reduction, REDUCTIONS)
    for name, t in (("logits", logits), ("targets", targets)):
        checks.float_tensor(name, t, logits, "logits")
        if t.dim() != 2:
            raise ValueError(f"{name} must have shape (m, T), got {tuple(t.shape)}")
    checks.same_shape("targets", targets.shape, "logits", logits.shape)
    known = targets[~targets.isnan()]
    if not bool(((known == 0) | (known == 1)).all()):
        raise ValueError("targets must hold 0, 1 or NaN (a missing label)")
    return reduction


def digit_images(x, like=None):
    """A batch of 8x8 digit images for the chapter's CNNs: a floating tensor ``(m, 1, 8, 8)``
    (of the dtype of the network ``like``, where given)."""
    if not _is_float_tensor(x):
        raise TypeError("x must be a floating-point tensor")
    if like is not None:
        checks.float_tensor("x", x, like, "the network's weights")
    if x.dim() != 4 or tuple(x.shape[1:]) != (1, 8, 8):
        raise ValueError(f"x must have shape (m, 1, 8, 8), got {tuple(x.shape)}")
    return x


def training_set(x, y) -> None:
    """Inputs and targets of a training run: tensors with the same number ``m >= 1`` of
    examples in their first dimension."""
    for name, t in (("x", x), ("y", y)):
        if not hasattr(t, "dim"):
            raise TypeError(f"{name} must be a tensor, got {type(t).__name__}")
        if t.dim() == 0 or len(t) == 0:
            raise ValueError(f"{name} must hold at least one example, got {tuple(t.shape)}")
    if len(y) != len(x):
        raise ValueError(f"y must have one entry per example of x ({len(x)}), got {len(y)}")


def learning_target(strategy: str, x, y) -> str:
    """Arguments of ``learn_target``: ``strategy`` one of :data:`STRATEGIES`, ``x`` a batch of
    digit images and ``y`` one class index per image. Returns ``strategy``."""
    checks.one_of("strategy", strategy, STRATEGIES)
    digit_images(x)
    training_set(x, y)
    return strategy
