"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import batch_norm, gru_lstm, optimization, rnn, softmax_regression

__all__ = ["batch_norm", "gru_lstm", "optimization", "rnn", "softmax_regression"]
