"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import (
    attention,
    batch_norm,
    cost_regularization,
    dropout,
    gradient_checking,
    gru_lstm,
    hyperparameter_tuning,
    initialization,
    mini_batch,
    optimization,
    rnn,
    softmax_regression,
)

__all__ = [
    "attention",
    "batch_norm",
    "cost_regularization",
    "dropout",
    "gradient_checking",
    "gru_lstm",
    "hyperparameter_tuning",
    "initialization",
    "mini_batch",
    "optimization",
    "rnn",
    "softmax_regression",
]
