"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import convolutions, gradient_checking, optimization

__all__ = ["convolutions", "gradient_checking", "optimization"]
