"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import gradient_checking, mini_batch, optimization

__all__ = ["gradient_checking", "mini_batch", "optimization"]
