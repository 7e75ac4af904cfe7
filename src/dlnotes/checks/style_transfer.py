"""Argument checks of the style-transfer chapter, shared by ``dlnotes.numpy.style_transfer``
(activations NHWC, NumPy arrays) and ``dlnotes.torch.style_transfer`` (NCHW tensors).

Each raises ``TypeError`` or ``ValueError`` naming the argument and what was expected.
"""

from __future__ import annotations

from dlnotes import checks

__all__ = ["activation", "pair", "costs", "layer_weights", "activation_tensor", "pair_tensors",
           "transfer", "cost_weights", "network"]


def activation(name: str, a: object):
    """One layer's activations for one image as a NumPy array ``(n_H, n_W, n_C)``; a leading
    batch axis of 1 is dropped. No axis may be empty (a cost would be 0 / 0)."""
    import numpy as np  # here, so that importing the checks imports neither half's library

    if not isinstance(a, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array, got {type(a).__name__}")
    a = checks.floats(name, a)
    if a.ndim == 4 and a.shape[0] == 1:
        a = a[0]
    if a.ndim != 3 or 0 in a.shape:
        raise ValueError(f"{name} must have shape (n_H, n_W, n_C) or (1, n_H, n_W, n_C), "
                         f"no axis empty, got {a.shape}")
    return a


def pair(name_1: str, a_1: object, name_2: str, a_2: object):
    """Two NumPy activation volumes of the same shape, as ``(n_H, n_W, n_C)`` arrays."""
    x, y = activation(name_1, a_1), activation(name_2, a_2)
    if x.shape != y.shape:
        raise ValueError(f"{name_2} must have the shape of {name_1}, {x.shape} "
                         f"(the images must have the same size), got {y.shape}")
    return x, y


def costs(j_content: object, j_style: object, alpha: object, beta: object):
    """The arguments of ``total_cost``: four finite numbers >= 0 (a cost is a sum of squares;
    a negative one is a mistake, e.g. the arguments swapped). Returns them as floats."""
    return (checks.non_negative("j_content", j_content), checks.non_negative("j_style", j_style),
            checks.non_negative("alpha", alpha), checks.non_negative("beta", beta))


def layer_weights(a_S, a_G, weights) -> list[float]:
    """One weight >= 0 per layer of ``a_S`` and ``a_G`` (at least one layer): returns the
    weights as floats."""
    if not (len(a_S) == len(a_G) == len(weights)) or not weights:
        raise ValueError(f"a_S, a_G and weights must have one entry per layer, got lengths "
                         f"{len(a_S)}, {len(a_G)}, {len(weights)}")
    return [checks.non_negative(f"weights[{i}]", w) for i, w in enumerate(weights)]


# ------------------------------------------------------------------------------ PyTorch half

def activation_tensor(name: str, a: object, like=None, like_name: str = ""):
    """Return ``a`` if it is a floating-point tensor ``(N, C, H, W)`` with no axis empty (of
    the dtype of ``like``, where given)."""
    checks.float_tensor(name, a, like, like_name)
    if a.dim() != 4 or 0 in a.shape:
        raise ValueError(f"{name} must have shape (N, C, H, W), no axis empty, "
                         f"got {tuple(a.shape)}")
    return a


def pair_tensors(name_1: str, a_1: object, name_2: str, a_2: object):
    """Two activation tensors ``(N, C, H, W)`` of the same shape: returns them."""
    x = activation_tensor(name_1, a_1)
    y = activation_tensor(name_2, a_2, x, name_1)
    if x.shape != y.shape:
        raise ValueError(f"{name_2} must have the shape of {name_1}, {tuple(x.shape)} "
                         f"(the images must have the same size), got {tuple(y.shape)}")
    return x, y


def transfer(extractor, content, style, *, content_layer, style_weights, alpha, beta, steps,
             lr, noise):
    """The arguments of ``transfer_style``: two images ``(1, 3, H, W)`` of one size, weights
    ``alpha``, ``beta`` >= 0, ``lr`` > 0, ``noise`` in [0, 1], ``steps`` >= 1, and layer names
    that the extractor returns. Returns ``(alpha, beta, steps, lr, noise)``."""
    pair_tensors("content", content, "style", style)
    if not style_weights:
        raise ValueError("style_weights must give the weight of at least one layer")
    for arg, names in (("content_layer", [content_layer]), ("style_weights", style_weights)):
        for name in names:
            if name not in extractor.layers:
                raise ValueError(f"layer {name!r} is not one of the extractor's "
                                 f"layers {sorted(extractor.layers)} (in {arg})")
    return (checks.non_negative("alpha", alpha), checks.non_negative("beta", beta),
            checks.integer("steps", steps, 1), checks.positive("lr", lr),
            checks.unit_interval("noise", noise, closed_right=True))


def cost_weights(alpha: object, beta: object) -> tuple[float, float]:
    """The weights ``alpha`` and ``beta`` of the total cost, finite numbers >= 0."""
    return checks.non_negative("alpha", alpha), checks.non_negative("beta", beta)


def network(widths, seed) -> tuple[list[int], int]:
    """A random network's channel counts (at least one, each an int >= 1) and its seed (an
    int >= 0): returns them as ``(list of ints, int)``."""
    widths = list(widths)
    if not widths:
        raise ValueError("widths must give at least one channel count")
    return ([checks.integer(f"widths[{i}]", w, 1) for i, w in enumerate(widths)],
            checks.integer("seed", seed, 0))
