"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import batch_norm, optimization, softmax_regression

__all__ = ["optimization"]
__all__ += ["batch_norm", "softmax_regression"]
