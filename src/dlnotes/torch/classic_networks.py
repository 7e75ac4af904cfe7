"""Classic networks (chapter "Classic networks"), PyTorch: the builders.

Conventions: tensors are NCHW (batch first). Nothing here moves tensors between devices.

:func:`lenet5` (the course's version), :func:`nn_example`, :func:`alexnet` (torchvision's or
the paper's), :func:`vgg16`, :class:`DenseLayer` / :class:`DenseBlock` / :class:`Transition`
with :func:`densenet121`, :class:`InceptionModule` (GoogLeNet v1, ReLU, no batch norm).
The residual networks: :mod:`dlnotes.torch.classic_networks_resnet`; layer tables and
parameter counts: :mod:`dlnotes.torch.classic_networks_counting`; multi-crop, ensembles and
the digits experiment: :mod:`dlnotes.torch.classic_networks_experiment`.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from dlnotes import checks

__all__ = [
    "nn_example", "lenet5", "alexnet", "vgg16", "DenseLayer", "DenseBlock", "Transition",
    "densenet121", "InceptionModule",
]

# --- LeNet-5, AlexNet, VGG-16 ----------------------------------------------------------------

_ACTIVATIONS = {"tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "relu": nn.ReLU}


def lenet5(num_classes: int = 10, in_channels: int = 1, activation: str = "tanh") -> nn.Sequential:
    """LeNet-5 as the course draws it, for 32x32 inputs ``(N, in_channels, 32, 32)``.

    conv 5x5 (6) -> avg-pool 2 -> conv 5x5 (16) -> avg-pool 2 -> FC 120 -> FC 84 -> FC
    ``num_classes`` (logits; apply softmax in the loss). With 10 classes and one channel it has
    61,706 parameters ("about 60k"). LeCun et al. (1998) differ in details: C3 connected only
    some channel pairs, pooling had trainable weights and the output used RBF units.
    """
    num_classes = checks.integer("num_classes", num_classes)
    in_channels = checks.integer("in_channels", in_channels)
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {tuple(_ACTIVATIONS)}, got {activation!r}")
    act = _ACTIVATIONS[activation]
    return nn.Sequential(
        nn.Conv2d(in_channels, 6, 5), act(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), act(), nn.AvgPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), act(),
        nn.Linear(120, 84), act(),
        nn.Linear(84, num_classes),
    )


def nn_example(num_classes: int = 10) -> nn.Sequential:
    """The course's "NN example" (LeNet-5-like, ReLU and max pooling) for ``(N, 3, 32, 32)``.

    conv 5x5 (8) -> max-pool 2 -> conv 5x5 (16) -> max-pool 2 -> FC 120 -> FC 84 -> FC
    ``num_classes`` (logits). Parameters per layer: 608, 3,216, 48,120, 10,164, 850.
    """
    num_classes = checks.integer("num_classes", num_classes)
    return nn.Sequential(
        nn.Conv2d(3, 8, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, num_classes),
    )


def alexnet(num_classes: int = 1000, variant: str = "torchvision") -> nn.Sequential:
    """AlexNet for ``(N, 3, 224, 224)`` inputs (227x227 for ``variant="paper"``).

    ``"torchvision"``: the one-GPU variant torchvision builds (64-192-384-256-256 filters,
    61,100,840 parameters with 1000 classes). ``"paper"``: Krizhevsky et al. (2012),
    96-256-384-384-256 filters, conv2/4/5 split in two groups (the two GPUs), local response
    normalization; 60,965,224 parameters.
    """
    num_classes = checks.integer("num_classes", num_classes)
    if variant == "torchvision":
        features = [
            nn.Conv2d(3, 64, 11, stride=4, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, stride=2),
            nn.Conv2d(64, 192, 5, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, stride=2),
            nn.Conv2d(192, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(256, 256, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(3, stride=2),
            nn.AdaptiveAvgPool2d((6, 6)),
        ]
    elif variant == "paper":
        features = [
            nn.Conv2d(3, 96, 11, stride=4), nn.ReLU(inplace=True),
            nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0), nn.MaxPool2d(3, stride=2),
            nn.Conv2d(96, 256, 5, padding=2, groups=2), nn.ReLU(inplace=True),
            nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0), nn.MaxPool2d(3, stride=2),
            nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 384, 3, padding=1, groups=2), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, 3, padding=1, groups=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, stride=2),
        ]
    else:
        raise ValueError(f"variant must be one of ('torchvision', 'paper'), got {variant!r}")
    return nn.Sequential(
        *features, nn.Flatten(),
        nn.Dropout(0.5), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
        nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(inplace=True),
        nn.Linear(4096, num_classes),
    )


_VGG16 = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
          512, 512, 512, "M"]


def vgg16(num_classes: int = 1000) -> nn.Sequential:
    """VGG-16 (configuration D of Simonyan and Zisserman, 2015) for ``(N, 3, 224, 224)``.

    Thirteen 3x3 "same" convolutions (stride 1, padding 1) in five stages closed by 2x2
    max-pooling (stride 2), then FC 4096 -> FC 4096 -> FC ``num_classes``: 138,357,544
    parameters with 1000 classes. As in torchvision, an adaptive average pool makes the
    classifier accept any input of at least 32x32 (it is the identity at 224x224).
    """
    num_classes = checks.integer("num_classes", num_classes)
    layers: list[nn.Module] = []
    c = 3
    for v in _VGG16:
        if v == "M":
            layers.append(nn.MaxPool2d(2, stride=2))
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU(inplace=True)]
            c = v
    return nn.Sequential(
        *layers, nn.AdaptiveAvgPool2d((7, 7)), nn.Flatten(),
        nn.Linear(512 * 7 * 7, 4096), nn.ReLU(inplace=True), nn.Dropout(0.5),
        nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Dropout(0.5),
        nn.Linear(4096, num_classes),
    )


# --- DenseNet --------------------------------------------------------------------------------

class DenseLayer(nn.Module):
    """BN-ReLU-conv 1x1 (``bn_size * growth_rate``) - BN-ReLU-conv 3x3 (``growth_rate``).

    Input ``(N, in_channels, H, W)``; returns only the ``growth_rate`` new feature maps
    ``(N, growth_rate, H, W)``; :class:`DenseBlock` concatenates them to its input.
    """

    def __init__(self, in_channels: int, growth_rate: int, bn_size: int = 4):
        super().__init__()
        in_channels = checks.integer("in_channels", in_channels)
        growth_rate = checks.integer("growth_rate", growth_rate)
        bn_size = checks.integer("bn_size", bn_size)
        self.norm1 = nn.BatchNorm2d(in_channels)
        self.conv1 = nn.Conv2d(in_channels, bn_size * growth_rate, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth_rate)
        self.conv2 = nn.Conv2d(bn_size * growth_rate, growth_rate, 3, padding=1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        checks.classic_networks.images("x", x, self)
        z = self.conv1(F.relu(self.norm1(x)))
        return self.conv2(F.relu(self.norm2(z)))


# --8<-- [start:dense_block]
class DenseBlock(nn.Module):
    """``num_layers`` dense layers; layer ``l`` sees the concatenation of the block input and
    all earlier layers' outputs: ``x_l = H_l([x_0, x_1, ..., x_{l-1}])``.

    Input ``(N, C, H, W)``; output ``(N, C + num_layers * growth_rate, H, W)``: the input
    channels are passed on unchanged, followed by each layer's new maps.
    """

    def __init__(self, num_layers: int, in_channels: int, growth_rate: int, bn_size: int = 4):
        super().__init__()
        num_layers, in_channels, growth_rate = checks.classic_networks.positive_ints(
            num_layers=num_layers, in_channels=in_channels, growth_rate=growth_rate)
        self.layers = nn.ModuleList(
            DenseLayer(in_channels + i * growth_rate, growth_rate, bn_size)
            for i in range(num_layers))
        self.out_channels = in_channels + num_layers * growth_rate

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        checks.classic_networks.images("x", x, self)
        features = [x]
        for layer in self.layers:
            features.append(layer(torch.cat(features, dim=1)))
        return torch.cat(features, dim=1)
# --8<-- [end:dense_block]


class Transition(nn.Module):
    """Between dense blocks: BN-ReLU-conv 1x1 (``out_channels``) then 2x2 average pooling.

    ``(N, in_channels, H, W) -> (N, out_channels, H // 2, W // 2)``.
    """

    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        in_channels = checks.integer("in_channels", in_channels)
        out_channels = checks.integer("out_channels", out_channels)
        self.norm = nn.BatchNorm2d(in_channels)
        self.conv = nn.Conv2d(in_channels, out_channels, 1, bias=False)
        self.pool = nn.AvgPool2d(2, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        checks.classic_networks.images("x", x, self)
        return self.pool(self.conv(F.relu(self.norm(x))))


def densenet121(num_classes: int = 1000) -> nn.Sequential:
    """DenseNet-121 (growth rate 32, blocks (6, 12, 24, 16), compression 0.5) as torchvision
    builds it: 7,978,856 parameters with 1000 classes. Input ``(N, 3, 224, 224)``."""
    num_classes = checks.integer("num_classes", num_classes)
    layers: list[nn.Module] = [nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False),
                               nn.BatchNorm2d(64), nn.ReLU(inplace=True),
                               nn.MaxPool2d(3, stride=2, padding=1)]
    c = 64
    for i, n in enumerate((6, 12, 24, 16)):
        block = DenseBlock(n, c, growth_rate=32)
        layers.append(block)
        c = block.out_channels
        if i < 3:
            layers.append(Transition(c, c // 2))
            c //= 2
    layers += [nn.BatchNorm2d(c), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
               nn.Linear(c, num_classes)]
    return nn.Sequential(*layers)


# --- Inception -------------------------------------------------------------------------------

class InceptionModule(nn.Module):
    """GoogLeNet's Inception module (Szegedy et al., 2015, v1: ReLU, no batch norm).

    Four branches on the same input, concatenated along channels: 1x1 (``c1``); 1x1
    (``c3_reduce``) -> 3x3 (``c3``); 1x1 (``c5_reduce``) -> 5x5 (``c5``); 3x3 max-pool
    (stride 1, padding 1) -> 1x1 (``pool_proj``). All "same", so
    ``(N, in_channels, H, W) -> (N, c1 + c3 + c5 + pool_proj, H, W)``. The 1x1 "reduce"
    convolutions are the bottlenecks that make the 3x3 and 5x5 branches affordable.
    """

    def __init__(self, in_channels: int, c1: int, c3_reduce: int, c3: int, c5_reduce: int,
                 c5: int, pool_proj: int):
        super().__init__()
        args = {"in_channels": in_channels, "c1": c1, "c3_reduce": c3_reduce, "c3": c3,
                "c5_reduce": c5_reduce, "c5": c5, "pool_proj": pool_proj}
        a = {k: checks.integer(k, v) for k, v in args.items()}
        relu = nn.ReLU
        self.branch1 = nn.Sequential(nn.Conv2d(a["in_channels"], a["c1"], 1), relu())
        self.branch3 = nn.Sequential(
            nn.Conv2d(a["in_channels"], a["c3_reduce"], 1), relu(),
            nn.Conv2d(a["c3_reduce"], a["c3"], 3, padding=1), relu())
        self.branch5 = nn.Sequential(
            nn.Conv2d(a["in_channels"], a["c5_reduce"], 1), relu(),
            nn.Conv2d(a["c5_reduce"], a["c5"], 5, padding=2), relu())
        self.branch_pool = nn.Sequential(
            nn.MaxPool2d(3, stride=1, padding=1),
            nn.Conv2d(a["in_channels"], a["pool_proj"], 1), relu())
        self.out_channels = a["c1"] + a["c3"] + a["c5"] + a["pool_proj"]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        checks.classic_networks.images("x", x, self)
        return torch.cat([self.branch1(x), self.branch3(x), self.branch5(x),
                          self.branch_pool(x)], dim=1)

