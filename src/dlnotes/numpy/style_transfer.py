"""Neural style transfer (chapter "Neural style transfer"), NumPy.

Conventions: the activations of one layer for one image are NHWC as in the course's
convolution code, ``(n_H, n_W, n_C)`` or ``(1, n_H, n_W, n_C)``. ``C`` is the content image,
``S`` the style image, ``G`` the generated one.

* :func:`content_cost` -- ``1 / (4 n_H n_W n_C) * sum (a_C - a_G)^2``
* :func:`gram_matrix` -- ``G_kk' = sum_ij a_ijk a_ijk'``, ``(n_C, n_C)``
* :func:`layer_style_cost` -- ``1 / (4 n_C^2 (n_H n_W)^2) * ||G(S) - G(G)||_F^2``
* :func:`style_cost` -- ``sum_l lambda_l J_style^[l]``; :func:`total_cost` -- ``alpha J_content
  + beta J_style``
* hand-written gradients with respect to the generated image's activations:
  :func:`content_cost_backward`, :func:`layer_style_cost_backward`
* :func:`content_image` and :func:`style_image`: the images the chapter works on, made here
  (``(H, W, 3)`` float in [0, 1]): a shape on a plain background, and a procedural texture.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dlnotes import checks

__all__ = [
    "content_cost",
    "content_cost_backward",
    "gram_matrix",
    "layer_style_cost",
    "layer_style_cost_backward",
    "style_cost",
    "total_cost",
    "content_image",
    "style_image",
]


# --8<-- [start:content]
def content_cost(a_C: np.ndarray, a_G: np.ndarray) -> float:
    """``J_content = (sum over all entries of (a_C - a_G)^2) / (4 n_H n_W n_C)``.
    """
    a_C, a_G = checks.style_transfer.pair("a_C", a_C, "a_G", a_G)
    n_H, n_W, n_C = a_C.shape
    return float(np.sum((a_C - a_G) ** 2) / (4 * n_H * n_W * n_C))


def content_cost_backward(a_C: np.ndarray, a_G: np.ndarray) -> np.ndarray:
    """``dJ_content / da_G = (a_G - a_C) / (2 n_H n_W n_C)``."""
    a_C3, a_G3 = checks.style_transfer.pair("a_C", a_C, "a_G", a_G)
    return ((a_G3 - a_C3) / (2 * a_C3.size)).reshape(np.shape(a_G))
# --8<-- [end:content]


# --8<-- [start:gram]
def gram_matrix(a: np.ndarray) -> np.ndarray:
    """``G[k, k'] = sum_i sum_j a[i, j, k] a[i, j, k']``, ``(n_C, n_C)``.

    ``a`` is ``(n_H, n_W, n_C)``: unroll it to ``A`` ``(n_H n_W, n_C)``, one
    row per position, and return ``A^T A``."""
    a = checks.style_transfer.activation("a", a)
    A = a.reshape(-1, a.shape[2])
    return A.T @ A
# --8<-- [end:gram]


# --8<-- [start:style]
def layer_style_cost(a_S: np.ndarray, a_G: np.ndarray) -> float:
    """``J_style^[l] = 1 / (4 n_C^2 (n_H n_W)^2) * ||G(S) - G(G)||_F^2``."""
    a_S, a_G = checks.style_transfer.pair("a_S", a_S, "a_G", a_G)
    n_H, n_W, n_C = a_S.shape
    diff = gram_matrix(a_S) - gram_matrix(a_G)
    return float(np.sum(diff**2) / (4 * n_C**2 * (n_H * n_W) ** 2))


def layer_style_cost_backward(a_S: np.ndarray, a_G: np.ndarray) -> np.ndarray:
    """``dJ / da_G``: with ``A`` the unrolled ``a_G`` and ``c = 1 / (4 n_C^2 (n_H n_W)^2)``,
    ``dJ/dG(G) = -2c (G(S) - G(G))`` and ``dJ/dA = 2 A dJ/dG(G)`` (the Gram matrix is
    symmetric), i.e. ``-4c A (G(S) - G(G))``, reshaped like ``a_G``."""
    a_S3, a_G3 = checks.style_transfer.pair("a_S", a_S, "a_G", a_G)
    n_H, n_W, n_C = a_S3.shape
    c = 1 / (4 * n_C**2 * (n_H * n_W) ** 2)
    A = a_G3.reshape(-1, n_C)
    d_A = -4 * c * A @ (gram_matrix(a_S3) - gram_matrix(a_G3))
    return d_A.reshape(np.shape(a_G))


def style_cost(a_S: Sequence[np.ndarray], a_G: Sequence[np.ndarray],
               weights: Sequence[float]) -> float:
    """``J_style = sum_l lambda^[l] J_style^[l]`` over matching lists of layer activations."""
    weights = checks.style_transfer.layer_weights(a_S, a_G, weights)
    return float(sum(w * layer_style_cost(s, g)
                     for s, g, w in zip(a_S, a_G, weights, strict=True)))
# --8<-- [end:style]


def total_cost(j_content: float, j_style: float, alpha: float = 10.0,
               beta: float = 40.0) -> float:
    """``J(G) = alpha J_content(C, G) + beta J_style(S, G)``."""
    j_content, j_style, alpha, beta = checks.style_transfer.costs(
        j_content, j_style, alpha, beta)
    return alpha * j_content + beta * j_style


# --------------------------------------------------------------------------- the two images

def _size(size: object) -> int:
    checks.integer("size", size, 8)
    return size


# --8<-- [start:images]
def content_image(size: int = 64) -> np.ndarray:
    """A house: an orange square with a red triangular roof and a dark door on a pale-blue sky
    over green grass. ``(size, size, 3)`` float64 in [0, 1]."""
    size = _size(size)
    y, x = np.mgrid[0:size, 0:size] / size
    img = np.empty((size, size, 3))
    img[:] = (0.75, 0.87, 0.97)                       # sky
    img[y > 0.8] = (0.35, 0.65, 0.3)                  # grass
    wall = (np.abs(x - 0.5) < 0.22) & (y > 0.45) & (y <= 0.8)
    img[wall] = (0.95, 0.6, 0.2)
    roof = (y > 0.18) & (y <= 0.45) & (np.abs(x - 0.5) < 0.3 * (y - 0.18) / 0.27)
    img[roof] = (0.75, 0.15, 0.15)
    img[(np.abs(x - 0.5) < 0.06) & (y > 0.62) & (y <= 0.8)] = (0.3, 0.2, 0.1)  # door
    return img


def style_image(size: int = 64, seed: int = 0) -> np.ndarray:
    """A procedural texture: wavy diagonal stripes in blue and yellow, with seeded noise.
    ``(size, size, 3)`` float64 in [0, 1]."""
    size = _size(size)
    rng = np.random.default_rng(checks.integer("seed", seed, 0))
    y, x = np.mgrid[0:size, 0:size] / size
    t = np.sin(2 * np.pi * (3 * (x + y) + 0.15 * np.sin(2 * np.pi * 4 * y)))
    mix = (t + 1) / 2                                 # 0 -> blue, 1 -> yellow
    blue, yellow = np.array([0.1, 0.2, 0.6]), np.array([0.98, 0.85, 0.2])
    img = blue + mix[..., None] * (yellow - blue)
    img += 0.08 * rng.standard_normal((size, size, 1))
    return np.clip(img, 0.0, 1.0)
# --8<-- [end:images]
