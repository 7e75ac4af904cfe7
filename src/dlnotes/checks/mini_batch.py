"""Argument checks of the chapter "Mini-batch gradient descent" (both halves), also used by
"Hyperparameter tuning".

NumPy arrays hold examples as columns (``X`` of shape ``(n_x, m)``); tensors are batch-first
(``X`` of shape ``(m, n_x)``).
"""

from __future__ import annotations

from dlnotes import checks


def sizes(m, batch_size) -> tuple[int, int]:
    """``(m, batch_size)``, two ints >= 1."""
    return checks.integer("m", m), checks.integer("batch_size", batch_size)


def columns(X, Y, batch_size) -> tuple:
    """The arguments of the NumPy ``random_mini_batches``: ``(X, Y, batch_size)`` with ``X``
    ``(n_x, m)`` and ``Y`` ``(n_y, m)`` 2-d arrays of the same number of columns."""
    import numpy as np

    batch_size = checks.integer("batch_size", batch_size)
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2:
        raise ValueError(f"X and Y must be 2-D (features, m), got {X.shape} and {Y.shape}")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(
            f"Y must have one column per example of X ({X.shape[1]}), got {Y.shape[1]}")
    return X, Y, batch_size


def rows(X, Y, batch_size) -> int:
    """The arguments of the PyTorch ``random_mini_batches``: tensors with the same number of
    rows on the same device; returns ``batch_size``, an int >= 1."""
    import torch  # here, so that the NumPy half never imports torch

    batch_size = checks.integer("batch_size", batch_size)
    if not isinstance(X, torch.Tensor) or not isinstance(Y, torch.Tensor):
        raise TypeError("X and Y must be tensors")
    if X.dim() == 0 or Y.dim() == 0 or X.shape[0] != Y.shape[0]:
        raise ValueError(f"X and Y must have the same number of rows (examples), got "
                         f"{tuple(X.shape)} and {tuple(Y.shape)}")
    if X.device != Y.device:
        raise ValueError(f"Y must be on the device of X, {X.device}, got {Y.device}")
    return batch_size


def logistic_problem(w, b, X, Y) -> tuple:
    """Logistic regression's arguments ``(w, b, X, Y)``: ``X`` a finite 2-d float array
    ``(n_x, m)``, ``w`` ``(n_x, 1)``, ``b`` a real number, ``Y`` labels ``(1, m)`` in [0, 1]."""
    import numpy as np

    X = checks.float_array("X", X, 2, "(n_x, m)")
    w = checks.real_array("w", w)
    checks.same_shape("w", w.shape, "(n_x, 1)", (X.shape[0], 1))
    b = float(checks.real("b", b))
    Y = checks.real_array("Y", Y)
    checks.same_shape("Y", Y.shape, "(1, m)", (1, X.shape[1]))
    if not np.all((Y >= 0) & (Y <= 1)):  # NaN fails too
        raise ValueError("Y must hold labels in [0, 1]")
    if not np.all(np.isfinite(X)):
        raise ValueError("X must be finite (no nan or inf)")
    return w, b, X, Y


def schedule(lr, epochs) -> tuple[float, int]:
    """``(lr, epochs)``: a learning rate > 0 and a number of epochs, an int >= 1."""
    return checks.positive("lr", lr), checks.integer("epochs", epochs)


def batches(value, world_size: int = 1) -> list:
    """A non-empty list of ``(X, Y)`` tensor pairs with as many rows in X as in Y, each
    divisible by ``world_size`` (the processes that share it)."""
    import torch

    if not isinstance(value, list | tuple) or not value:
        raise TypeError("batches must be a non-empty list of (X, Y) tensor pairs")
    for t, pair in enumerate(value):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise TypeError(f"batches[{t}] must be an (X, Y) pair")
        X, Y = pair
        if not isinstance(X, torch.Tensor) or not isinstance(Y, torch.Tensor):
            raise TypeError(f"batches[{t}] must hold tensors")
        if X.shape[0] != Y.shape[0]:
            raise ValueError(f"batches[{t}]: X and Y must have the same number of rows")
        if X.shape[0] % world_size:
            raise ValueError(
                f"batches[{t}] must split evenly between the {world_size} processes "
                f"(DDP averages their gradients), got {X.shape[0]} examples")
    return list(value)


def single_process(model, batches_, lr) -> float:
    """The arguments of ``single_process_train``: a module, a list of ``(X, Y)`` tensor pairs
    (see :func:`batches`) and ``lr > 0``, which is returned as a float."""
    checks.module("model", model)
    batches(batches_)
    return checks.positive("lr", lr)
