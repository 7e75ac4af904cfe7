"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import (
    cost_regularization,
    dropout,
    gradient_checking,
    initialization,
    optimization,
)

__all__ = ["cost_regularization", "dropout", "gradient_checking", "initialization", "optimization"]
