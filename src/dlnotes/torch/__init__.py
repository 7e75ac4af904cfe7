"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import cost_regularization, dropout, initialization, optimization

__all__ = ["cost_regularization", "dropout", "initialization", "optimization"]
