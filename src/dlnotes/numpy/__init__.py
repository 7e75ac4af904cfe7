"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import gradient_checking, ml_strategy, optimization, transfer_multitask

__all__ = ["gradient_checking", "ml_strategy", "optimization",
           "transfer_multitask"]
