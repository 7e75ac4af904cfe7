"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import optimization

__all__ = ["optimization"]
