"""Classic networks (chapter "Classic networks"), PyTorch: benchmarking tricks and the digits
experiment.

* Test time: :func:`ten_crop`, :func:`multi_crop_predict`, :func:`ensemble_predict`.
* Training time: :func:`random_crop_flip` (augmentation).
* :func:`digits_split`: the stratified split of :func:`dlnotes.data.digits_split` as NCHW
  tensors, pixels in [0, 1], with an optional border.

Training itself is :func:`dlnotes.torch.training.train_classifier`. Conventions: tensors are
NCHW (batch first); nothing here moves tensors between devices.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn
from torch.nn import functional as F

from dlnotes import checks, data

__all__ = ["ten_crop", "multi_crop_predict", "ensemble_predict", "random_crop_flip",
           "digits_split"]


def ten_crop(x: torch.Tensor, size: int | Sequence[int]) -> torch.Tensor:
    """The ten crops of each image: four corners and the centre, then the same five crops of
    the horizontally flipped image (torchvision's ``ten_crop`` order and centre rounding).

    Args:
        x: images ``(N, C, H, W)``.
        size: crop size ``s`` or ``(h, w)``, at most ``(H, W)``.

    Returns:
        ``(10, N, C, h, w)``: crop ``k`` of every image.
    """
    x = checks.classic_networks.images("x", x)
    h, w = checks.classic_networks.size2("size", size)
    H, W = x.shape[-2:]
    if h > H or w > W:
        raise ValueError(f"size must be at most the image size {(H, W)}, got {(h, w)}")
    top, left = int(round((H - h) / 2.0)), int(round((W - w) / 2.0))
    corners = [(0, 0), (0, W - w), (H - h, 0), (H - h, W - w), (top, left)]
    crops = [x[..., i:i + h, j:j + w] for i, j in corners]
    flipped = torch.flip(x, dims=[-1])
    crops += [flipped[..., i:i + h, j:j + w] for i, j in corners]
    return torch.stack(crops)


# --8<-- [start:multi_crop]
def multi_crop_predict(model: nn.Module, x: torch.Tensor,
                       size: int | Sequence[int]) -> torch.Tensor:
    """Class probabilities averaged over the ten crops of :func:`ten_crop`.

    ``model`` maps ``(B, C, h, w)`` to logits ``(B, K)``; it is run once on all ``10 N`` crops
    (in whatever mode it is in: call ``model.eval()`` first). Returns ``(N, K)``.
    """
    checks.module("model", model)
    crops = ten_crop(x, size)
    n = x.shape[0]
    logits = model(crops.reshape(10 * n, *crops.shape[2:]))
    return F.softmax(logits, dim=-1).reshape(10, n, logits.shape[-1]).mean(dim=0)


def ensemble_predict(models: Sequence[nn.Module], x: torch.Tensor) -> torch.Tensor:
    """Class probabilities averaged over independently trained ``models``: ``(N, K)``."""
    checks.classic_networks.ensemble(models, x)
    return torch.stack([F.softmax(m(x), dim=-1) for m in models]).mean(dim=0)
# --8<-- [end:multi_crop]



def random_crop_flip(x: torch.Tensor, size: int | Sequence[int], *,
                     generator: torch.Generator | None = None, flip: bool = True) -> torch.Tensor:
    """Training-time augmentation: one random ``size`` crop of each image of ``x`` (N, C, H, W)
    and, with ``flip``, a horizontal flip with probability 1/2. Returns ``(N, C, h, w)``."""
    x = checks.classic_networks.images("x", x)
    h, w = checks.classic_networks.size2("size", size)
    n, _, H, W = x.shape
    if h > H or w > W:
        raise ValueError(f"size must be at most the image size {(H, W)}, got {(h, w)}")
    top = torch.randint(0, H - h + 1, (n,), generator=generator).to(x.device)
    left = torch.randint(0, W - w + 1, (n,), generator=generator).to(x.device)
    rows = top[:, None] + torch.arange(h, device=x.device)
    cols = left[:, None] + torch.arange(w, device=x.device)
    if flip:
        mirror = (torch.rand(n, generator=generator) < 0.5).to(x.device)
        cols = torch.where(mirror[:, None], cols.flip(1), cols)
    idx = torch.arange(n, device=x.device)[:, None, None]
    return x[idx, :, rows[:, :, None], cols[:, None, :]].permute(0, 3, 1, 2)



def digits_split(test_size: float = 0.3, seed: int = 0, pad: int = 0):
    """:func:`dlnotes.data.digits_split` (stratified; ``seed`` draws the test images) as
    float32 tensors: pixels scaled from 0..16 to [0, 1], ``pad`` adds a border of zeros (the
    background). Returns ``x_train, y_train, x_test, y_test`` with images
    ``(N, 1, 8 + 2 pad, 8 + 2 pad)`` and int64 labels ``(N,)``.
    """
    seed = checks.seed("seed", seed)
    pad = checks.integer("pad", pad, 0)
    parts = data.digits_split(test_size, seed)
    out = []
    for images, labels in zip(parts[::2], parts[1::2], strict=True):
        x = torch.tensor(images / 16.0, dtype=torch.float32).unsqueeze(1)
        out += [F.pad(x, (pad, pad, pad, pad)), torch.tensor(labels, dtype=torch.int64)]
    return tuple(out)
