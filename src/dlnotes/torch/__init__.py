"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import classic_networks, optimization

__all__ = ["classic_networks", "optimization"]
