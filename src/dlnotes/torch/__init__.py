"""PyTorch implementations, one module per chapter. They accept tensors on any device
and never move them."""

from dlnotes.torch import optimization

__all__ = ["optimization"]

from dlnotes.torch import rnn  # noqa: E402

__all__ += ["rnn"]

from dlnotes.torch import gru_lstm  # noqa: E402

__all__ += ["gru_lstm"]

from dlnotes.torch import object_detection  # noqa: E402

__all__ += ["object_detection"]
