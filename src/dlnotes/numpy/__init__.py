"""NumPy reference implementations, one module per chapter (this half never imports torch)."""

from dlnotes.numpy import gradient_checking, optimization

__all__ = ["gradient_checking", "optimization"]

from dlnotes.numpy import rnn  # noqa: E402

__all__ += ["rnn"]

from dlnotes.numpy import gru_lstm  # noqa: E402

__all__ += ["gru_lstm"]

from dlnotes.numpy import object_detection  # noqa: E402

__all__ += ["object_detection"]
