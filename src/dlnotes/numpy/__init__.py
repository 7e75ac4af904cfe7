"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import attention, gradient_checking, optimization

__all__ = ["attention", "gradient_checking", "optimization"]
