"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import (
    attention,
    batch_norm,
    convolutions,
    cost_regularization,
    dropout,
    gradient_checking,
    gru_lstm,
    hyperparameter_tuning,
    initialization,
    mini_batch,
    ml_strategy,
    optimization,
    rnn,
    softmax_regression,
    transfer_multitask,
    word_embeddings,
)

__all__ = [
    "attention",
    "batch_norm",
    "convolutions",
    "cost_regularization",
    "dropout",
    "gradient_checking",
    "gru_lstm",
    "hyperparameter_tuning",
    "initialization",
    "mini_batch",
    "ml_strategy",
    "optimization",
    "rnn",
    "softmax_regression",
    "transfer_multitask",
    "word_embeddings",
]
