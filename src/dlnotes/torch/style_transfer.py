"""Neural style transfer (chapter "Neural style transfer"), PyTorch.

Conventions: NCHW. The costs take one layer's activations ``(N, C, H, W)`` and average the
per-image costs over ``N`` (with ``N = 1``, the course's case, they equal the NumPy ones).
Nothing here moves tensors between devices.

* :func:`gram_matrix`, :func:`content_cost`, :func:`layer_style_cost`, :func:`style_cost`,
  :func:`total_cost` -- the formulas of the NumPy half.
* :class:`FeatureExtractor` -- the activations of named layers of a ``nn.Sequential``.
* :func:`vgg19_features` / :func:`load_vgg19_features` -- the convolutional part of VGG-19 in
  torchvision's layout, and the loader of a pretrained ``state_dict`` from a local file;
  :data:`VGG19_LAYERS` names its layers (``conv1_1`` ... ``relu5_4``).
* :func:`small_cnn` -- a small random-weight network (three 3x3 convolutions), for tests;
  :func:`random_cnn` -- the offline stand-in for VGG: four wider random stages, whose Gram
  matrices describe a texture well enough to transfer it.
* :func:`transfer_style` -- gradient descent (Adam) on the generated image's pixels.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence

import numpy as np
import torch
from torch import nn

from dlnotes import checks
from dlnotes.numpy import style_transfer as nst
from dlnotes.torch import optimization
from dlnotes.torch.training import single_thread

__all__ = [
    "gram_matrix",
    "content_cost",
    "layer_style_cost",
    "style_cost",
    "total_cost",
    "FeatureExtractor",
    "VGG19_CONFIG",
    "VGG19_LAYERS",
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "vgg19_features",
    "load_vgg19_features",
    "small_cnn",
    "random_cnn",
    "random_layers",
    "DEMO",
    "to_tensor",
    "to_image",
    "transfer_style",
    "demo",
]


# --8<-- [start:costs]
def gram_matrix(a: torch.Tensor) -> torch.Tensor:
    """``G[n, k, k'] = sum_ij a[n, k, i, j] a[n, k', i, j]``: ``(N, C, H, W)`` -> ``(N, C, C)``."""
    a = checks.style_transfer.activation_tensor("a", a)
    A = a.flatten(2)                      # (N, C, H*W)
    return A @ A.transpose(1, 2)


def content_cost(a_C: torch.Tensor, a_G: torch.Tensor) -> torch.Tensor:
    """``1 / (4 n_H n_W n_C) * sum (a_C - a_G)^2`` per image, averaged over the batch."""
    a_C, a_G = checks.style_transfer.pair_tensors("a_C", a_C, "a_G", a_G)
    n = a_C[0].numel()
    return ((a_C - a_G) ** 2).flatten(1).sum(1).mean() / (4 * n)


def layer_style_cost(a_S: torch.Tensor, a_G: torch.Tensor) -> torch.Tensor:
    """``1 / (4 n_C^2 (n_H n_W)^2) * ||G(S) - G(G)||_F^2`` per image, averaged."""
    a_S, a_G = checks.style_transfer.pair_tensors("a_S", a_S, "a_G", a_G)
    _, c, h, w = a_S.shape
    diff = gram_matrix(a_S) - gram_matrix(a_G)
    return (diff**2).sum((1, 2)).mean() / (4 * c**2 * (h * w) ** 2)


def style_cost(a_S: Sequence[torch.Tensor], a_G: Sequence[torch.Tensor],
               weights: Sequence[float]) -> torch.Tensor:
    """``sum_l lambda^[l] J_style^[l]`` over matching lists of layer activations."""
    weights = checks.style_transfer.layer_weights(a_S, a_G, weights)
    return sum(w * layer_style_cost(s, g) for s, g, w in zip(a_S, a_G, weights, strict=True))


def total_cost(j_content: torch.Tensor, j_style: torch.Tensor, alpha: float = 10.0,
               beta: float = 40.0) -> torch.Tensor:
    """``J(G) = alpha J_content + beta J_style``."""
    checks.float_tensor("j_style", j_style, checks.float_tensor("j_content", j_content),
                        "j_content")
    alpha, beta = checks.style_transfer.cost_weights(alpha, beta)
    return alpha * j_content + beta * j_style
# --8<-- [end:costs]


# ------------------------------------------------------------------------ feature extractors

# --8<-- [start:extractor]
class FeatureExtractor(nn.Module):
    """Runs ``features`` (an ``nn.Sequential``) and returns ``{name: activation}`` for the
    layers named in ``layers`` (``name -> index``); it stops after the deepest one. The
    weights are frozen: only the input image receives gradients."""

    def __init__(self, features: nn.Sequential, layers: Mapping[str, int]):
        super().__init__()
        if not isinstance(features, nn.Sequential):
            raise TypeError(f"features must be an nn.Sequential, got {type(features).__name__}")
        if not layers:
            raise ValueError("layers must name at least one layer")
        for name, i in layers.items():
            if not 0 <= i < len(features):
                raise ValueError(f"layers[{name!r}] must index one of the {len(features)} "
                                 f"layers, got {i}")
        self.features = features.eval().requires_grad_(False)
        self.layers = dict(layers)

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        checks.style_transfer.activation_tensor("x", x, self, "the extractor's weights")
        wanted = {i: name for name, i in self.layers.items()}
        out = {}
        for i, layer in enumerate(self.features[: max(wanted) + 1]):
            x = layer(x)
            if i in wanted:
                out[wanted[i]] = x
        return out
# --8<-- [end:extractor]


#: VGG-19 ("configuration E"): 16 3x3 convolutions in five stages, "M" = 2x2 max pooling.
VGG19_CONFIG = (64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M",
                512, 512, 512, 512, "M", 512, 512, 512, 512, "M")


def _vgg19_names() -> dict[str, int]:
    names, i, stage, k = {}, 0, 1, 1
    for v in VGG19_CONFIG:
        if v == "M":
            names[f"pool{stage}"] = i
            i, stage, k = i + 1, stage + 1, 1
        else:
            names[f"conv{stage}_{k}"], names[f"relu{stage}_{k}"] = i, i + 1
            i, k = i + 2, k + 1
    return names


#: layer name -> index in :func:`vgg19_features` (= torchvision's ``vgg19().features``)
VGG19_LAYERS = _vgg19_names()

#: the normalization the ImageNet-trained VGG weights expect (RGB in [0, 1])
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def vgg19_features(widths: Sequence[int] | None = None) -> nn.Sequential:
    """VGG-19's convolutional part: its 16 convolutions with their ReLUs and 5 max
    poolings, 37 modules indexed as torchvision's ``vgg19().features`` (so its
    ``state_dict`` keys match). ``widths`` replaces the 16
    channel counts (a narrow copy has the same shape of network, for tests)."""
    convs = [v for v in VGG19_CONFIG if v != "M"]
    widths = convs if widths is None else list(widths)
    if len(widths) != len(convs) or any(int(w) < 1 for w in widths):
        raise ValueError(f"widths must be {len(convs)} positive channel counts, got {widths}")
    layers: list[nn.Module] = []
    c, it = 3, iter(widths)
    for v in VGG19_CONFIG:
        if v == "M":
            layers.append(nn.MaxPool2d(2, stride=2))
        else:
            w = int(next(it))
            layers += [nn.Conv2d(c, w, 3, padding=1), nn.ReLU(inplace=False)]
            c = w
    return nn.Sequential(*layers)


# --8<-- [start:vgg]
def load_vgg19_features(path, map_location="cpu") -> nn.Sequential:
    """VGG-19's convolutional part with the weights of a local file.

    The file is what ``torch.save(torchvision.models.vgg19(weights=...)
    .state_dict(), path)`` writes (keys ``features.0.weight`` ...; the
    classifier's keys are ignored), or the ``state_dict`` of
    :func:`vgg19_features` alone. The channel counts are read from the file.
    Returns the model in eval mode with frozen weights, on ``map_location``.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a file path, got {type(path).__name__}")
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ValueError(
            f"path must be an existing state_dict file, got {path!r}")
    state = torch.load(path, map_location=map_location, weights_only=True)
    if not isinstance(state, Mapping):
        raise ValueError(f"path must hold a state_dict, got "
                         f"{type(state).__name__}")
    if any(k.startswith("features.") for k in state):
        state = {k.removeprefix("features."): v for k, v in state.items()
                 if k.startswith("features.")}
    convs = [i for i in VGG19_LAYERS.values() if f"{i}.weight" in state]
    if len(convs) != 16:
        raise ValueError(f"path must hold the 16 convolutions of VGG-19, "
                         f"found {len(convs)}")
    model = vgg19_features([state[f"{i}.weight"].shape[0] for i in convs])
    model.load_state_dict(state)  # strict: a missing or extra key is an error
    return model.to(map_location).eval().requires_grad_(False)
# --8<-- [end:vgg]


# --8<-- [start:small]
def small_cnn(seed: int = 0) -> nn.Sequential:
    """The offline stand-in for VGG: three random 3x3 convolutions with ReLU (16, 32 and 64
    channels), average pooling between them. Random filters already respond to colour,
    edges and their arrangement; their Gram matrices describe a texture."""
    seed = checks.integer("seed", seed, 0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU())


#: layer name -> index in :func:`small_cnn`
SMALL_LAYERS = {"relu1": 1, "relu2": 4, "relu3": 7}
# --8<-- [end:small]


# --8<-- [start:random]
def random_cnn(widths: Sequence[int] = (32, 64, 128, 256), seed: int = 0) -> nn.Sequential:
    """A wider random network for texture: one 3x3 convolution with ReLU per
    entry of ``widths`` (channels), 2x2 average pooling between them. Each
    stage sees a region about twice as large as the one before (the fourth
    38x38 pixels); its many random filters and their Gram matrices describe
    the texture at that scale. :func:`random_layers` names its ReLUs."""
    widths, seed = checks.style_transfer.network(widths, seed)
    layers, channels = [], 3
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for i, width in enumerate(widths):
            if i > 0:
                layers.append(nn.AvgPool2d(2))
            layers += [nn.Conv2d(channels, width, 3, padding=1), nn.ReLU()]
            channels = width
    return nn.Sequential(*layers)
# --8<-- [end:random]


def random_layers(depth: int = 4) -> dict[str, int]:
    """``{"relu1": 1, "relu2": 4, ...}``: the ReLUs of a :func:`random_cnn` of ``depth``
    stages, by index."""
    return {f"relu{k + 1}": 3 * k + 1 for k in range(checks.integer("depth", depth, 1))}


def to_tensor(image: np.ndarray, device="cpu") -> torch.Tensor:
    """``(H, W, 3)`` float image -> ``(1, 3, H, W)`` float32 tensor on ``device``."""
    if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"image must be an (H, W, 3) array, got {getattr(image, 'shape', image)}")
    if image.dtype.kind not in "uif":
        raise TypeError(f"image must hold real numbers, got dtype {image.dtype}")
    return torch.tensor(image, dtype=torch.float32, device=device).permute(2, 0, 1)[None]


def to_image(x: torch.Tensor) -> np.ndarray:
    """``(1, 3, H, W)`` tensor -> ``(H, W, 3)`` float64 array clipped to [0, 1]."""
    if checks.float_tensor("x", x).dim() != 4 or x.shape[:2] != (1, 3):
        raise ValueError(f"x must be a (1, 3, H, W) tensor, got {getattr(x, 'shape', x)}")
    return x.detach()[0].permute(1, 2, 0).clamp(0, 1).double().cpu().numpy()


# --8<-- [start:transfer]
def transfer_style(extractor: FeatureExtractor, content: torch.Tensor,
                   style: torch.Tensor, *, content_layer: str,
                   style_weights: Mapping[str, float], alpha: float = 10.0,
                   beta: float = 40.0, steps: int = 200, lr: float = 0.05,
                   noise: float = 0.5, seed: int = 0, mean=None, std=None):
    """Minimise ``J(G) = alpha J_content + beta J_style`` over G's pixels.

    ``content`` and ``style`` are ``(1, 3, H, W)`` images in [0, 1] of the
    same size. G starts as ``(1 - noise) C + noise U``, ``U`` uniform in
    [0, 1] (seeded); each step is one Adam step on its pixels, which are
    kept in [0, 1]. ``mean``/``std`` (per channel) normalize the images for
    the extractor (``IMAGENET_MEAN``/``IMAGENET_STD`` with VGG). Returns
    ``(G, costs)``, with ``(J, J_content, J_style)`` for every step.
    """
    seed = checks.seed("seed", seed)
    alpha, beta, steps, lr, noise = checks.style_transfer.transfer(
        extractor, content, style, content_layer=content_layer,
        style_weights=style_weights, alpha=alpha, beta=beta, steps=steps, lr=lr,
        noise=noise)
    shift = torch.zeros(3) if mean is None else torch.tensor(mean)
    scale = torch.ones(3) if std is None else torch.tensor(std)
    shift = shift.to(content).view(1, 3, 1, 1)
    scale = scale.to(content).view(1, 3, 1, 1)
    style_layers, weights = list(style_weights), list(style_weights.values())

    def features(img):
        return extractor((img - shift) / scale)

    with torch.no_grad():
        a_C = features(content)[content_layer]
        a_S = [features(style)[n] for n in style_layers]
    gen = torch.Generator().manual_seed(seed)
    U = torch.rand(content.shape, generator=gen).to(content)
    G = ((1 - noise) * content + noise * U).requires_grad_(True)
    opt = optimization.Adam([G], lr=lr)
    costs = []
    for _ in range(steps):
        a_G = features(G)
        j_c = content_cost(a_C, a_G[content_layer])
        j_s = style_cost(a_S, [a_G[n] for n in style_layers], weights)
        j = total_cost(j_c, j_s, alpha, beta)
        j.backward()
        opt.step()
        opt.zero_grad()
        with torch.no_grad():
            G.clamp_(0, 1)
        costs.append(tuple(float(v.detach()) for v in (j, j_c, j_s)))
    return G.detach(), costs
# --8<-- [end:transfer]


#: the settings of :func:`demo`, the chapter's example
DEMO = {"content_layer": "relu3",
        "style_weights": {"relu1": 1.0, "relu2": 1.0, "relu3": 1.0, "relu4": 1.0},
        "alpha": 1e3, "beta": 1e7, "steps": 300, "lr": 0.05, "noise": 0.5}


@functools.cache
def demo(size: int = 64) -> dict:
    """The chapter's example on the CPU, computed once per process: the package's house and
    stripes, :func:`random_cnn` at its defaults, content layer ``relu3``, style layers
    ``relu1``-``relu4`` with equal weights, ``alpha = 1e3``, ``beta = 1e7``, 300 Adam steps,
    G starting half noise (:data:`DEMO`)."""
    content = to_tensor(nst.content_image(size))
    style = to_tensor(nst.style_image(size))
    extractor = FeatureExtractor(random_cnn(), random_layers())
    with single_thread():
        G, costs = transfer_style(extractor, content, style, **DEMO)
    return {"content": to_image(content), "style": to_image(style), "generated": to_image(G),
            "costs": costs, "alpha": DEMO["alpha"], "beta": DEMO["beta"]}
