"""Argument checks of the chapter "Cost and regularization" (both halves), also used by the
chapters that build on its fully-connected pieces (dropout, initialization, gradient checking).

Parameters of an L-layer network are a dict ``{"W1": (n1, n0), "b1": (n1, 1), ...}``; a
penalty acts on the weights, the entries whose name starts with ``"W"``.
"""

from __future__ import annotations

from collections.abc import Iterable

from dlnotes import checks


def examples(m) -> int:
    """``m``, the number of examples: an int >= 1."""
    import numpy as np

    if isinstance(m, bool) or not isinstance(m, int | np.integer):
        raise TypeError(f"m must be an int (the number of examples), got {type(m).__name__}")
    if m < 1:
        raise ValueError(f"m must be >= 1 (the number of examples), got {m}")
    return int(m)


def params(value) -> dict:
    """``value`` if it is a dict (of parameter arrays)."""
    if not isinstance(value, dict):
        raise TypeError(f"params must be a dict of arrays, got {type(value).__name__}")
    return value


def layers(value) -> int:
    """The number of layers L, after checking that ``value`` holds W1, b1, ..., WL, bL as
    arrays with chained shapes (``W[l]`` has as many columns as ``W[l-1]`` has rows, ``b[l]``
    has shape ``(rows of W[l], 1)``)."""
    value = params(value)
    numbers = [k[1:] for k in value if k[:1] in "Wb"]
    L = max((int(n) for n in numbers if n.isdigit()), default=0) or 1
    wanted = [f"{p}{k}" for k in range(1, L + 1) for p in "Wb"]
    if set(value) != set(wanted):
        missing = [k for k in wanted if k not in value] or sorted(set(value) - set(wanted))
        raise ValueError(f"params must hold W1, b1, ..., WL, bL: missing or unexpected "
                         f"{', '.join(map(repr, missing))} in keys {sorted(value)}")
    for k in range(1, L + 1):
        W = checks.float_array(f"params['W{k}']", value[f"W{k}"], 2)
        b = checks.float_array(f"params['b{k}']", value[f"b{k}"], 2)
        checks.same_shape(f"params['b{k}']", b.shape, f"(W{k}.shape[0], 1)", (W.shape[0], 1))
        if k > 1 and W.shape[1] != value[f"W{k - 1}"].shape[0]:
            raise ValueError(
                f"params['W{k}'] must have {value[f'W{k - 1}'].shape[0]} columns "
                f"(the rows of W{k - 1}), got shape {W.shape}"
            )
    return L


def weights(value) -> dict:
    """The weights of a parameter dict: its entries named ``W...``, as floating arrays (at
    least one)."""
    value = params(value)
    ws = {k: checks.real_array(f"params[{k!r}]", v) for k, v in value.items()
          if k.startswith("W")}
    if not ws:
        raise ValueError(f"params must hold at least one weight named 'W...', got {sorted(value)}")
    return ws


def tensors(value) -> list:
    """A tensor or an iterable of tensors as a non-empty list of floating-point tensors."""
    import torch  # here, so that the NumPy half never imports torch

    if isinstance(value, torch.Tensor):
        value = [value]
    if not isinstance(value, Iterable):
        raise TypeError(f"weights must be tensors, got {type(value).__name__}")
    ws = list(value)
    if not ws:
        raise ValueError("weights must hold at least one tensor")
    for i, w in enumerate(ws):
        if not isinstance(w, torch.Tensor) or not w.is_floating_point():
            raise TypeError(f"weights[{i}] must be a floating-point tensor")
    return ws


def penalty(params_, lambd, m) -> tuple:
    """The arguments of a NumPy penalty checked together: ``(weights, lambd, m)`` with the
    ``W...`` arrays of the parameter dict, ``lambd >= 0`` and ``m`` an int >= 1."""
    return weights(params_), checks.non_negative("lambd", lambd), examples(m)


def penalty_of_kind(params_, lambd, m, kind) -> tuple:
    """:func:`penalty` and the penalty's ``kind``, ``"l2"`` or ``"l1"``: ``(weights, lambd, m,
    kind)``."""
    kind = checks.one_of("kind", kind, ("l2", "l1"))
    return (*penalty(params_, lambd, m), kind)


def tensor_penalty(weights_, lambd, m) -> tuple:
    """The arguments of a PyTorch penalty checked together: ``(weights, lambd, m)`` with the
    weights as a list of floating-point tensors, ``lambd >= 0`` and ``m`` an int >= 1."""
    return tensors(weights_), checks.non_negative("lambd", lambd), examples(m)


def xy(X, Y) -> tuple:
    """Inputs ``X`` of shape ``(n_x, m)`` and targets ``Y`` of shape ``(1, m)``, finite."""
    import numpy as np

    X, Y = checks.float_array("X", X, 2), checks.float_array("Y", Y, 2)
    for name, arr in (("X", X), ("Y", Y)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite (no nan or inf)")
    if Y.shape != (1, X.shape[1]):
        raise ValueError(f"Y must have shape (1, X.shape[1]) = (1, {X.shape[1]}), got {Y.shape}")
    return X, Y


def logistic(Z, Y) -> tuple:
    """Logits ``Z`` and labels ``Y`` of a binary cross-entropy: float arrays ``(n, m)`` of one
    shape, ``m >= 1`` (the cost is a mean over the examples), ``Y`` finite in [0, 1]."""
    import numpy as np

    Z = checks.non_empty("Z", checks.float_array("Z", Z, 2, "(n, m)"))
    Y = checks.finite("Y", checks.float_array("Y", Y, 2, "(n, m)"))
    checks.same_shape("Y", Y.shape, "Z", Z.shape)
    if np.any((Y < 0) | (Y > 1)):
        raise ValueError("Y must hold labels in [0, 1]")
    return Z, Y
