"""Dropout (chapter "Dropout"), NumPy reference: inverted dropout, forward and backward.

Conventions:

* ``keep_prob`` is the probability that a unit is *kept*, in (0, 1]; PyTorch's ``p`` is the
  probability that it is dropped, ``p = 1 - keep_prob``.
* Inverted dropout: ``D ~ Bernoulli(keep_prob)`` elementwise and ``out = A * D / keep_prob``,
  so ``E[out] = A``. At test time (``training=False``) nothing is dropped and nothing is
  scaled: ``out = A``.
* Activations have shape ``(n, m)`` (examples as columns) in the network functions; the
  elementwise functions accept any shape. A mask is a boolean array of the activation's shape.
* In :func:`dropout_mlp_forward` dropout acts on the hidden layers' activations only (not on
  the input ``X``, not on the output ``A[L]``).
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy import mlp

__all__ = [
    "dropout_mask",
    "dropout_forward",
    "dropout_backward",
    "dropout_mlp_forward",
    "dropout_mlp_backward",
]


def dropout_mask(shape, keep_prob: float, rng) -> np.ndarray:
    """Boolean mask ``rng.random(shape) < keep_prob``: each entry is True (kept) with
    probability ``keep_prob``, independently."""
    keep_prob = checks.dropout.keep_prob(keep_prob)
    shape = tuple(shape)
    if not all(isinstance(n, int | np.integer) and n >= 0 for n in shape):
        raise ValueError(f"shape must be a tuple of ints >= 0, got {shape}")
    return checks.generator("rng", rng).random(shape) < keep_prob


# --8<-- [start:forward-backward]
def dropout_forward(A, keep_prob: float, rng=None, *, training: bool = True, mask=None):
    """Inverted dropout: ``out = A * D / keep_prob`` while training, ``out = A`` at test time.

    Args:
        A: activations, any shape (``(n, m)`` in a network).
        keep_prob: probability of keeping a unit, in (0, 1].
        rng: a ``np.random.Generator`` or an int seed; used when ``mask`` is None.
        training: False at test time: nothing is dropped or scaled.
        mask: a boolean mask of ``A``'s shape to reuse instead of drawing one.

    Returns:
        ``(out, mask)``; ``mask`` is None when ``training`` is False.
    """
    A, keep_prob, mask = checks.dropout.forward(A, keep_prob, rng, training, mask)
    if not training:
        return A, None
    if mask is None:
        mask = dropout_mask(A.shape, keep_prob, rng)
    return A * mask / keep_prob, mask


def dropout_backward(dout, mask, keep_prob: float) -> np.ndarray:
    """Gradient through inverted dropout: ``dA = dout * D / keep_prob`` (the same mask)."""
    dout, mask, keep_prob = checks.dropout.backward(dout, mask, keep_prob)
    return dout * mask / keep_prob
# --8<-- [end:forward-backward]


def dropout_mlp_forward(
    X, params, keep_prob: float, rng=None, *, hidden: str = "relu", output: str = "linear",
    masks=None, training: bool = True,
):
    """:func:`~dlnotes.numpy.mlp.mlp_forward` with inverted dropout after every
    hidden activation.

    Args:
        X: ``(n_x, m)``; params: ``{"W1", "b1", ..., "WL", "bL"}``.
        keep_prob: in (0, 1] (1 turns dropout off).
        rng: Generator or seed for fresh masks; ignored when ``masks`` is given.
        masks: ``{1: D1, ..., L-1: D_{L-1}}`` to reuse (e.g. for a gradient check).
        training: False evaluates the network at test time (no dropout).

    Returns:
        ``(AL, cache)``; ``cache["masks"]`` holds the masks used ({} at test time).
    """
    keep_prob = checks.dropout.keep_prob(keep_prob)
    hidden = checks.one_of("hidden", hidden, mlp.ACTIVATIONS)
    output = checks.one_of("output", output, mlp.ACTIVATIONS)
    L = checks.cost_regularization.layers(params)
    X = checks.float_array("X", X, 2)
    if X.shape[0] != params["W1"].shape[1]:
        raise ValueError(
            f"X must have W1.shape[1] = {params['W1'].shape[1]} rows (features), got {X.shape}"
        )
    if masks is not None and (not isinstance(masks, dict) or set(masks) != set(range(1, L))):
        raise ValueError(f"masks must be a dict with keys 1..{L - 1} (the hidden layers)")
    if masks is None and training and rng is None:
        raise ValueError("rng must be given (a Generator or a seed) when masks is None")
    gen = None if masks is not None or not training else checks.generator("rng", rng)
    A, Z, used = [X], [None], {}
    for k in range(1, L + 1):
        z = params[f"W{k}"] @ A[-1] + params[f"b{k}"]
        Z.append(z)
        a = mlp.activation_forward(z, output if k == L else hidden)
        if k < L and training:
            given = None if masks is None else masks[k]
            a, used[k] = dropout_forward(a, keep_prob, gen, mask=given)
        A.append(a)
    cache = {"A": A, "Z": Z, "hidden": hidden, "output": output, "L": L,
             "masks": used, "keep_prob": keep_prob}
    return A[-1], cache


def dropout_mlp_backward(dAL, cache, params) -> dict[str, np.ndarray]:
    """Backward pass of :func:`dropout_mlp_forward` (the masks of its cache are reused).

    Returns ``{"W1": dW1, "b1": db1, ...}``, gradients of J for the masks that were drawn.
    """
    checks.cost_regularization.layers(params)
    L, keep_prob, masks = cache["L"], cache["keep_prob"], cache["masks"]
    dA = checks.float_array("dAL", dAL, 2)
    checks.same_shape("dAL", dA.shape, "A[L]", cache["A"][L].shape)
    grads = {}
    for k in range(L, 0, -1):
        if k < L and k in masks:
            dA = dropout_backward(dA, masks[k], keep_prob)
        g = cache["output"] if k == L else cache["hidden"]
        dZ = mlp.activation_backward(dA, cache["Z"][k], g)
        dA, grads[f"W{k}"], grads[f"b{k}"] = mlp.linear_backward(
            dZ, cache["A"][k - 1], params[f"W{k}"])
    return {k: grads[k] for k in sorted(grads, key=lambda k: (int(k[1:]), k[0] != "W"))}
