"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import optimization, transfer_multitask

__all__ = ["optimization", "transfer_multitask"]
