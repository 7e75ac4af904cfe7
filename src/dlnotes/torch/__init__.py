"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import (
    attention,
    batch_norm,
    benchmarks,
    classic_networks,
    convolutions,
    cost_regularization,
    dropout,
    gradient_checking,
    gru_lstm,
    initialization,
    mini_batch,
    optimization,
    rnn,
    softmax_regression,
    transfer_multitask,
)

__all__ = [
    "attention",
    "batch_norm",
    "benchmarks",
    "classic_networks",
    "convolutions",
    "cost_regularization",
    "dropout",
    "gradient_checking",
    "gru_lstm",
    "initialization",
    "mini_batch",
    "optimization",
    "rnn",
    "softmax_regression",
    "transfer_multitask",
]
