"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import batch_norm, gradient_checking, optimization, softmax_regression

__all__ = ["gradient_checking", "optimization"]
__all__ += ["batch_norm", "softmax_regression"]
