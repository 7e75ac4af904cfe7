"""Classic networks (chapter "Classic networks"), PyTorch: the residual networks.

:class:`BasicBlock` / :class:`Bottleneck` / :class:`ResNet` with :func:`resnet18` /
:func:`resnet34` / :func:`resnet50`, in torchvision's layout ("v1.5": the stride of a
bottleneck sits on its 3x3 convolution). Tensors are NCHW; nothing here moves them between
devices.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from dlnotes import checks

__all__ = ["BasicBlock", "Bottleneck", "ResNet", "resnet18", "resnet34", "resnet50"]


def _conv_bn(c_in: int, c_out: int, k: int, stride: int = 1) -> list[nn.Module]:
    return [nn.Conv2d(c_in, c_out, k, stride=stride, padding=k // 2, bias=False),
            nn.BatchNorm2d(c_out)]


# --8<-- [start:basic_block]
class BasicBlock(nn.Module):
    """Two 3x3 conv + batch-norm layers and a skip connection (ResNet-18/34).

    ``a_out = relu(bn2(conv2(relu(bn1(conv1(a))))) + shortcut(a))``: the shortcut is the
    identity, or a strided 1x1 conv + batch norm when the shape changes. Input
    ``(N, in_channels, H, W)``, output ``(N, channels, ceil(H/stride), ceil(W/stride))``.
    """

    expansion = 1

    def __init__(self, in_channels: int, channels: int, stride: int = 1):
        super().__init__()
        in_channels, channels, stride = checks.classic_networks.positive_ints(
            in_channels=in_channels, channels=channels, stride=stride)
        self.conv1 = nn.Conv2d(in_channels, channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.downsample = None  # the identity shortcut, unless the shape changes:
        if stride != 1 or in_channels != channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(channels))

    @property
    def last_bn(self) -> nn.BatchNorm2d:
        return self.bn2

    def forward(self, a: torch.Tensor) -> torch.Tensor:
        checks.classic_networks.images("a", a, self)
        z = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(a)))))
        shortcut = a if self.downsample is None else self.downsample(a)
        return self.relu(z + shortcut)
# --8<-- [end:basic_block]


class Bottleneck(nn.Module):
    """1x1 (reduce) -> 3x3 (stride) -> 1x1 (expand x4) with batch norm, plus a skip connection.

    ResNet-50/101/152 as torchvision builds them ("v1.5": the stride sits on the 3x3
    convolution). Output ``(N, 4 * channels, ceil(H/stride), ceil(W/stride))``.
    """

    expansion = 4

    def __init__(self, in_channels: int, channels: int, stride: int = 1):
        super().__init__()
        in_channels, channels, stride = checks.classic_networks.positive_ints(
            in_channels=in_channels, channels=channels, stride=stride)
        out = channels * self.expansion
        self.conv1, self.bn1 = _conv_bn(in_channels, channels, 1)
        self.conv2, self.bn2 = _conv_bn(channels, channels, 3, stride)
        self.conv3, self.bn3 = _conv_bn(channels, out, 1)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = _shortcut(in_channels, out, stride)

    @property
    def last_bn(self) -> nn.BatchNorm2d:
        return self.bn3

    def forward(self, a: torch.Tensor) -> torch.Tensor:
        checks.classic_networks.images("a", a, self)
        z = self.relu(self.bn1(self.conv1(a)))
        z = self.relu(self.bn2(self.conv2(z)))
        z = self.bn3(self.conv3(z))
        shortcut = a if self.downsample is None else self.downsample(a)
        return self.relu(z + shortcut)


def _shortcut(c_in: int, c_out: int, stride: int) -> nn.Module | None:
    if stride == 1 and c_in == c_out:
        return None
    return nn.Sequential(*_conv_bn(c_in, c_out, 1, stride))


class ResNet(nn.Module):
    """A residual network: stem, four stages of blocks, global average pool, FC.

    Args:
        block: :class:`BasicBlock` or :class:`Bottleneck`.
        layers: blocks per stage, e.g. ``(2, 2, 2, 2)`` for ResNet-18.
        num_classes, in_channels: output logits and input channels.
        width: channels of the first stage (64 in the paper); stages double it.
        stem: ``"imagenet"`` (7x7 conv stride 2 + 3x3 max-pool stride 2, for 224x224 inputs) or
            ``"small"`` (one 3x3 conv, stride 1, no pooling, for tiny images such as 8x8).
        zero_init_residual: start every block's last batch-norm scale at 0, so that each block
            begins as the identity (Goyal et al., 2017).

    Input ``(N, in_channels, H, W)``; output logits ``(N, num_classes)``.
    """

    def __init__(self, block: type[BasicBlock] | type[Bottleneck], layers: Sequence[int], *,
                 num_classes: int = 1000, in_channels: int = 3, width: int = 64,
                 stem: str = "imagenet", zero_init_residual: bool = False):
        super().__init__()
        if block not in (BasicBlock, Bottleneck):
            raise TypeError("block must be BasicBlock or Bottleneck")
        if isinstance(layers, str) or not isinstance(layers, Sequence) or len(layers) == 0:
            raise ValueError(f"layers must be a non-empty sequence of ints, got {layers!r}")
        layers = [checks.integer(f"layers[{i}]", n) for i, n in enumerate(layers)]
        num_classes = checks.integer("num_classes", num_classes)
        in_channels = checks.integer("in_channels", in_channels)
        width = checks.integer("width", width)
        if stem == "imagenet":
            self.stem = nn.Sequential(
                *_conv_bn(in_channels, width, 7, 2), nn.ReLU(inplace=True),
                nn.MaxPool2d(3, stride=2, padding=1))
        elif stem == "small":
            self.stem = nn.Sequential(*_conv_bn(in_channels, width, 3), nn.ReLU(inplace=True))
        else:
            raise ValueError(f"stem must be one of ('imagenet', 'small'), got {stem!r}")
        stages, c = [], width
        for i, n in enumerate(layers):
            channels = width * 2**i
            blocks = []
            for j in range(n):
                blocks.append(block(c, channels, 2 if (j == 0 and i > 0) else 1))
                c = channels * block.expansion
            stages.append(nn.Sequential(*blocks))
        self.stages = nn.Sequential(*stages)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(c, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        if zero_init_residual:
            for m in self.modules():
                if isinstance(m, BasicBlock | Bottleneck):
                    nn.init.zeros_(m.last_bn.weight)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(self.pool(self.stages(self.stem(x))), 1))


def resnet18(num_classes: int = 1000, **kwargs) -> ResNet:
    """ResNet-18: basic blocks (2, 2, 2, 2); 11,689,512 parameters with 1000 classes."""
    return ResNet(BasicBlock, (2, 2, 2, 2), num_classes=num_classes, **kwargs)


def resnet34(num_classes: int = 1000, **kwargs) -> ResNet:
    """ResNet-34: basic blocks (3, 4, 6, 3); 21,797,672 parameters with 1000 classes."""
    return ResNet(BasicBlock, (3, 4, 6, 3), num_classes=num_classes, **kwargs)


def resnet50(num_classes: int = 1000, **kwargs) -> ResNet:
    """ResNet-50: bottleneck blocks (3, 4, 6, 3); 25,557,032 parameters with 1000 classes."""
    return ResNet(Bottleneck, (3, 4, 6, 3), num_classes=num_classes, **kwargs)

