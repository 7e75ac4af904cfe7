"""Classic networks (chapter "Classic networks"), PyTorch.

Conventions: tensors are NCHW (batch first); a model's ``input_shape`` includes the batch
dimension, e.g. ``(1, 3, 224, 224)``. Nothing here moves tensors between devices.

* :func:`layer_table` -- the layer-by-layer table of the notes ("NN example"): for each layer,
  its activation shape, activation size and number of parameters (and multiplications of
  convolutions and linear layers). It propagates *meta* tensors (shapes without data), so the
  table of VGG-16 costs no memory and no arithmetic.
* Builders: :func:`lenet5` (the course's version), :func:`alexnet` (torchvision's or the
  paper's), :func:`vgg16`, :class:`BasicBlock` / :class:`Bottleneck` / :class:`ResNet` with
  :func:`resnet18` / :func:`resnet34` / :func:`resnet50` (torchvision's layout, "v1.5": the
  stride of a bottleneck sits on its 3x3 convolution), :class:`DenseLayer` /
  :class:`DenseBlock` / :class:`Transition` with :func:`densenet121`, :class:`InceptionModule`
  (GoogLeNet v1, ReLU, no batch norm).
* Benchmarking tricks: :func:`ten_crop`, :func:`multi_crop_predict`, :func:`ensemble_predict`.
* :func:`on_meta` builds any of the models on the meta device (no weights allocated).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.nn import functional as F

from dlnotes import checks, data
from dlnotes.torch import optimization

__all__ = [
    "LayerRow", "LayerTable", "layer_table", "count_parameters", "on_meta",
    "conv_multiplications",
    "nn_example", "lenet5", "alexnet", "vgg16", "BasicBlock", "Bottleneck", "ResNet", "resnet18",
    "resnet34", "resnet50", "DenseLayer", "DenseBlock", "Transition", "densenet121",
    "InceptionModule", "ten_crop", "multi_crop_predict", "ensemble_predict",
    "PUBLISHED_PARAMETERS", "digits_split", "random_crop_flip", "accuracy", "train_classifier",
    "single_thread",
]

#: Parameter counts published for these builders (torchvision's model cards; the course).
PUBLISHED_PARAMETERS = {
    "alexnet": 61_100_840,
    "vgg16": 138_357_544,
    "resnet18": 11_689_512,
    "resnet34": 21_797_672,
    "resnet50": 25_557_032,
    "densenet121": 7_978_856,
}


# --- the layer-by-layer table ----------------------------------------------------------------

@dataclass(frozen=True)
class LayerRow:
    """One row: ``shape`` is the activation of one example (batch dimension dropped)."""

    name: str
    kind: str
    shape: tuple[int, ...]
    size: int
    params: int
    mults: int


@dataclass
class LayerTable:
    """The rows of :func:`layer_table`; ``str(table)`` prints them as the notes' table."""

    rows: list[LayerRow] = field(default_factory=list)
    total_params: int = 0

    @property
    def total_mults(self) -> int:
        return sum(r.mults for r in self.rows)

    def __str__(self) -> str:
        head = ("layer", "type", "activation shape", "size", "params", "mults")
        body = [(r.name, r.kind, "x".join(map(str, r.shape)), f"{r.size:,}", f"{r.params:,}",
                 f"{r.mults:,}") for r in self.rows]
        body.append(("total", "", "", "", f"{self.total_params:,}", f"{self.total_mults:,}"))
        widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
        lines = []
        for k, row in enumerate([head, *body]):
            cells = [c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in
                     enumerate(zip(row, widths, strict=True))]
            lines.append("  ".join(cells).rstrip())
            if k == 0 or k == len(body) - 1:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)


def count_parameters(model: nn.Module, *, trainable_only: bool = False) -> int:
    """Number of parameters (weights and biases) of ``model``; works on meta models."""
    checks.module("model", model)
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def on_meta(build: Callable[..., nn.Module], *args, **kwargs) -> nn.Module:
    """``build(*args, **kwargs)`` with every tensor created on the meta device.

    Meta tensors carry shapes and dtypes but no data: the parameter count and
    :func:`layer_table` of VGG-16 (138 M parameters) then cost neither memory nor time.
    """
    if not callable(build):
        raise TypeError(f"build must be callable (a model constructor), got {build!r}")
    with torch.device("meta"):
        return build(*args, **kwargs)


def conv_multiplications(out_shape: Sequence[int], kernel: int | Sequence[int],
                         in_channels: int, groups: int = 1) -> int:
    """Multiplications of one convolution for one example: ``n_H n_W n_C' * f_h f_w n_C/groups``.

    ``out_shape`` is ``(n_C', n_H, n_W)`` (channels first, one example).
    """
    if len(out_shape) != 3:
        raise ValueError(f"out_shape must be (channels, height, width), got {tuple(out_shape)}")
    c_out, h, w = (checks.integer(f"out_shape[{i}]", v) for i, v in enumerate(out_shape))
    kh, kw = checks.classic_networks.size2("kernel", kernel)
    c_in = checks.integer("in_channels", in_channels)
    g = checks.integer("groups", groups)
    if c_in % g:
        raise ValueError(f"groups must divide in_channels ({c_in}), got {g}")
    return c_out * h * w * kh * kw * (c_in // g)


def _own_mults(module: nn.Module, out: torch.Tensor) -> int:
    per_example = out[0].numel() if out.dim() > 0 else 0
    if isinstance(module, nn.modules.conv._ConvNd):
        return per_example * math.prod(module.kernel_size) * module.in_channels // module.groups
    if isinstance(module, nn.Linear):
        return per_example * module.in_features
    return 0


def layer_table(model: nn.Module, input_shape: Sequence[int], *,
                depth: int | None = None) -> LayerTable:
    """The layer-by-layer table of ``model`` for inputs of shape ``input_shape``.

    Args:
        model: any ``nn.Module`` whose forward takes one tensor (on any device, or on meta).
        input_shape: the full input shape, batch first, e.g. ``(1, 3, 224, 224)``.
        depth: ``None`` lists the leaf modules (conv, pooling, ReLU, ...); an int ``d`` lists
            the modules ``d`` levels down the module tree (e.g. ``1``: a ResNet's stages), and
            shallower leaves.

    Returns:
        A :class:`LayerTable`: a first row ``input``, then one row per call of a listed module
        in execution order (a module called twice appears twice; its parameters count once),
        and a last row ``output`` when the model's output is not the last listed module's
        (e.g. the concatenation closing an Inception module).
        ``shape`` and ``size`` are per example; ``params`` counts the module's weights and
        biases; ``mults`` counts the multiplications of convolutions and linear layers.

    The forward pass runs on meta tensors: the parameters and buffers are swapped for meta
    tensors of the same shapes during the call (and put back), so it is cheap for any model
    size, needs no memory for activations, and leaves ``model`` as it was.
    """
    checks.module("model", model)
    if isinstance(input_shape, torch.Size):
        input_shape = tuple(input_shape)
    if not isinstance(input_shape, Sequence) or isinstance(input_shape, str) or \
            len(input_shape) < 2:
        raise ValueError(
            f"input_shape must be a tuple (N, ...) with a batch dimension, got {input_shape!r}")
    shape = tuple(checks.integer(f"input_shape[{i}]", s) for i, s in enumerate(input_shape))
    if depth is not None:
        depth = checks.integer("depth", depth)

    def listed(name: str, module: nn.Module) -> bool:
        is_leaf = not any(True for _ in module.children())
        if not name:
            return is_leaf  # a model that is a single layer is its own row
        level = name.count(".") + 1
        return is_leaf if depth is None else level == depth or (is_leaf and level < depth)

    table = LayerTable(rows=[LayerRow("input", "", shape[1:], math.prod(shape[1:]), 0, 0)])
    counted: set[int] = set()
    current: list[str] = []
    last_out: list[torch.Tensor] = []
    hooks = []

    def pre_hook(name):
        def hook(module, args):
            current.append(f"{name!r} ({type(module).__name__})")
        return hook

    def post_hook(name):
        def hook(module, args, out):
            current.pop()
            if not isinstance(out, torch.Tensor):
                raise TypeError(f"layer {name!r} returned {type(out).__name__}, not a tensor")
            params = 0
            if id(module) not in counted:
                counted.add(id(module))
                params = sum(p.numel() for p in module.parameters())
            is_leaf = not any(True for _ in module.children())
            mults = _own_mults(module, out) if is_leaf else _sub_mults.pop(name, 0)
            table.rows.append(LayerRow(name, type(module).__name__, tuple(out.shape[1:]),
                                       out[0].numel(), params, mults))
            last_out[:] = [out]
        return hook

    # multiplications of composite rows: accumulated from their conv/linear leaves
    _sub_mults: dict[str, int] = {}

    def leaf_mults(name):
        def hook(module, args, out):
            m = _own_mults(module, out)
            parts = name.split(".")
            for k in range(1, len(parts)):
                prefix = ".".join(parts[:k])
                _sub_mults[prefix] = _sub_mults.get(prefix, 0) + m
        return hook

    for name, module in model.named_modules():
        if isinstance(module, nn.Linear | nn.modules.conv._ConvNd):
            hooks.append(module.register_forward_hook(leaf_mults(name)))
        if listed(name, module):
            row = name or type(module).__name__
            hooks.append(module.register_forward_pre_hook(pre_hook(row)))
            hooks.append(module.register_forward_hook(post_hook(row)))

    training = {m: m.training for m in model.modules()}
    saved = []  # (dict, key, tensor): the real parameters and buffers, put back at the end
    try:
        for m in model.modules():
            for store in (m._parameters, m._buffers):
                for k, t in store.items():
                    if t is not None:
                        saved.append((store, k, t))
                        meta = torch.empty_like(t, device="meta")
                        store[k] = nn.Parameter(meta, t.requires_grad) \
                            if isinstance(t, nn.Parameter) else meta
        model.eval()
        x = torch.empty(shape, device="meta")
        with torch.no_grad():
            out = model(x)
    except (RuntimeError, ValueError) as err:
        where = f" at layer {current[-1]}" if current else ""
        raise ValueError(
            f"input_shape {shape} does not fit the model{where}: {err}".splitlines()[0]
        ) from err
    finally:
        for h in hooks:
            h.remove()
        for store, k, t in saved:
            store[k] = t
        for m, flag in training.items():
            m.train(flag)
    if isinstance(out, torch.Tensor) and not (last_out and last_out[0] is out):
        # something after the last listed layer (a concatenation, a residual sum) made it
        table.rows.append(LayerRow("output", "", tuple(out.shape[1:]), out[0].numel(), 0, 0))
    table.total_params = count_parameters(model)
    return table


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


# --- ResNet ----------------------------------------------------------------------------------

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
        return torch.cat([self.branch1(x), self.branch3(x), self.branch5(x),
                          self.branch_pool(x)], dim=1)


# --- benchmarking tricks: multi-crop and ensembles -------------------------------------------

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
    return F.softmax(logits, dim=-1).reshape(10, n, -1).mean(dim=0)


def ensemble_predict(models: Sequence[nn.Module], x: torch.Tensor) -> torch.Tensor:
    """Class probabilities averaged over independently trained ``models``: ``(N, K)``."""
    checks.classic_networks.ensemble(models, x)
    return torch.stack([F.softmax(m(x), dim=-1) for m in models]).mean(dim=0)
# --8<-- [end:multi_crop]


# --- a small real task: scikit-learn's 8x8 digits --------------------------------------------

def digits_split(test_size: float = 0.3, seed: int = 0, pad: int = 0):
    """scikit-learn's 8x8 handwritten digits (1,797 images, no download) as float32 tensors.

    Pixels are scaled from 0..16 to [0, 1]; ``pad`` adds a border of zeros (the background).
    The split is stratified: each class puts ``round(test_size * n_class)`` of its images,
    drawn with ``np.random.default_rng(seed)``, in the test set. Returns ``x_train, y_train,
    x_test, y_test`` with images ``(N, 1, 8 + 2 pad, 8 + 2 pad)`` and int64 labels ``(N,)``.
    """
    import numpy as np

    test_size = checks.positive("test_size", test_size)
    if not test_size < 1:
        raise ValueError(f"test_size must lie in (0, 1), got {test_size!r}")
    pad = checks.integer("pad", pad, 0)
    images, labels = data.digits()
    rng = np.random.default_rng(seed)
    test = np.zeros(len(labels), dtype=bool)
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        test[members[: int(round(test_size * len(members)))]] = True
    x = torch.tensor(images / 16.0, dtype=torch.float32).unsqueeze(1)
    x = F.pad(x, (pad, pad, pad, pad))
    y = torch.tensor(labels, dtype=torch.int64)
    tr, te = torch.from_numpy(np.flatnonzero(~test)), torch.from_numpy(np.flatnonzero(test))
    return x[tr], y[tr], x[te], y[te]


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


def accuracy(scores: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of rows of ``scores`` (N, K) (logits or probabilities) whose argmax is ``y``."""
    if not isinstance(scores, torch.Tensor) or not isinstance(y, torch.Tensor):
        raise TypeError("scores and y must be tensors")
    if scores.dim() != 2 or y.shape != scores.shape[:1] or 0 in scores.shape:
        raise ValueError(f"scores must be (N, K) with N, K >= 1 and y (N,), got "
                         f"{tuple(scores.shape)} and {tuple(y.shape)}")
    return (scores.argmax(dim=1) == y).float().mean().item()


@contextlib.contextmanager
def single_thread():
    """Run PyTorch's CPU operations on one thread inside the ``with`` block, then restore the
    previous setting. For small models the extra threads only add synchronisation, and on a
    busy machine they wait for each other."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def train_classifier(model: nn.Module, x: torch.Tensor, y: torch.Tensor, *, epochs: int,
                     lr: float = 1e-2, batch_size: int = 64, seed: int = 0,
                     augment: Callable[[torch.Tensor, torch.Generator], torch.Tensor] | None
                     = None, x_val: torch.Tensor | None = None,
                     y_val: torch.Tensor | None = None, eval_transform: Callable | None = None,
                     curves: bool = True, lr_decay: float = 1.0) -> dict[str, list[float]]:
    """Mini-batch Adam (torch's default betas and eps) on the cross-entropy; returns the
    per-epoch learning curves. The learning rate of epoch ``e`` (from 0) is
    ``lr * lr_decay**e`` (exponential decay; 1.0 keeps it constant).

    ``augment(batch, generator)`` transforms each training batch; ``eval_transform`` maps
    inputs before evaluation (e.g. a centre crop). The history has ``loss`` (mean training
    loss of the epoch), ``train_acc`` and, given ``x_val``/``y_val``, ``val_acc`` (the
    accuracies only with ``curves``, the default: they cost a pass over the data). Runs on
    the device of ``model`` and the data, with one CPU thread (restored afterwards).
    """
    checks.module("model", model)
    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError("x must be a floating-point tensor")
    if not isinstance(y, torch.Tensor) or y.dtype != torch.int64 or y.shape != x.shape[:1]:
        raise ValueError(f"y must be an int64 tensor of shape ({x.shape[0]},)")
    epochs = checks.integer("epochs", epochs)
    lr = checks.positive("lr", lr)
    lr_decay = checks.positive("lr_decay", lr_decay)
    batch_size = checks.integer("batch_size", batch_size)
    g = torch.Generator().manual_seed(seed)
    opt = optimization.Adam([p for p in model.parameters() if p.requires_grad], lr)
    with single_thread():
        return _train(model, x, y, epochs, batch_size, g, opt, augment, x_val, y_val,
                      eval_transform, curves, lr_decay)


def _train(model, x, y, epochs, batch_size, g, opt, augment, x_val, y_val, eval_transform,
           curves, lr_decay):
    ev = eval_transform or (lambda t: t)
    history: dict[str, list[float]] = {"loss": [], "train_acc": [], "val_acc": []}
    lr0 = opt.param_groups[0]["lr"]
    for epoch in range(epochs):
        opt.param_groups[0]["lr"] = lr0 * lr_decay**epoch
        model.train()
        order = torch.randperm(len(y), generator=g).to(y.device)
        total = 0.0
        for start in range(0, len(y), batch_size):
            idx = order[start:start + batch_size]
            xb = x[idx] if augment is None else augment(x[idx], g)
            loss = F.cross_entropy(model(xb), y[idx])
            loss.backward()
            opt.step()
            opt.zero_grad()
            total += loss.item() * len(idx)
        history["loss"].append(total / len(y))
        model.eval()
        if not curves:
            continue
        with torch.no_grad():
            history["train_acc"].append(accuracy(model(ev(x)), y))
            if x_val is not None and y_val is not None:
                history["val_acc"].append(accuracy(model(ev(x_val)), y_val))
    return history
