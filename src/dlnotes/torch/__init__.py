"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import convolutions, optimization

__all__ = ["convolutions", "optimization"]
