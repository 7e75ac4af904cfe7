"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import (
    attention,
    batch_norm,
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
    seq2seq,
    softmax_regression,
    transfer_multitask,
    transformer,
    word_embeddings,
)

__all__ = [
    "attention",
    "batch_norm",
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
    "seq2seq",
    "softmax_regression",
    "transfer_multitask",
    "transformer",
    "word_embeddings",
]
