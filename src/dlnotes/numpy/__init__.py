"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import gradient_checking, hyperparameter_tuning, mini_batch, optimization

__all__ = ["gradient_checking", "hyperparameter_tuning", "mini_batch", "optimization"]
