"""Classic networks (chapter "Classic networks"), PyTorch: counting a network's costs.

* :func:`layer_table` -- the layer-by-layer table of the notes ("NN example"): for each layer,
  its activation shape, activation size and number of parameters (and multiplications of
  convolutions and linear layers). It propagates *meta* tensors (shapes without data), so the
  table of VGG-16 costs no memory and no arithmetic.
* :func:`count_parameters`, :func:`conv_multiplications`, and :data:`PUBLISHED_PARAMETERS`
  (the counts published for the builders of :mod:`dlnotes.torch.classic_networks`).
* :func:`on_meta` builds any of the models on the meta device (no weights allocated).

Conventions: a model's ``input_shape`` includes the batch dimension, e.g. ``(1, 3, 224, 224)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
from torch import nn

from dlnotes import checks

__all__ = ["PUBLISHED_PARAMETERS", "LayerRow", "LayerTable", "layer_table", "count_parameters",
           "on_meta", "conv_multiplications"]

#: Parameter counts published for the builders of :mod:`dlnotes.torch.classic_networks` and
#: :mod:`dlnotes.torch.classic_networks_resnet` (torchvision's model cards; the course).
PUBLISHED_PARAMETERS = {
    "alexnet": 61_100_840,
    "vgg16": 138_357_544,
    "resnet18": 11_689_512,
    "resnet34": 21_797_672,
    "resnet50": 25_557_032,
    "densenet121": 7_978_856,
}


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

