"""Argument checks of the chapter "Convolutions and pooling" (``dlnotes.numpy.convolutions``
and ``dlnotes.torch.convolutions``).

The NumPy checks are for NHWC arrays: activations ``(m, n_H, n_W, n_C)``, filters
``(f, f, n_C_prev, n_C)``, biases ``(n_C,)``. The torch checks are for NCHW tensors: inputs
``(N, C_in, H, W)``, weights ``(C_out, C_in, f, f)``. Each check returns the checked
arguments (arrays and tensors as they came, with their dtype) or raises a ``ValueError`` or
``TypeError`` whose message starts with the argument's name and says what was expected.
"""

from __future__ import annotations

from dlnotes import checks
from dlnotes.checks import boolean, integer, one_of, window_fits

__all__ = ["POOL_MODES", "array", "tensor", "gradient", "im2col", "conv_forward", "conv_backward",
           "pool_forward", "pool_backward", "conv2d", "pool2d"]

POOL_MODES = ("max", "average")


def array(name: str, value: object, ndim: int, layout: str):
    """``value`` if it is a NumPy array of floats with ``ndim`` axes; ``layout`` names them,
    e.g. ``"(m, n_H, n_W, n_C)"``, for the message. Unlike :func:`dlnotes.checks.float_array`
    it keeps a float dtype (a float32 layer stays float32); integers are converted to float64."""
    import numpy as np  # here, so that importing the checks imports neither half's library

    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of shape {layout}, "
                        f"got {type(value).__name__}")
    if value.dtype.kind in "iu":
        value = value.astype(np.float64)
    if not np.issubdtype(value.dtype, np.floating):
        raise TypeError(f"{name} must hold real numbers, got dtype {value.dtype}")
    if value.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions {layout}, got shape {value.shape}")
    return value


def tensor(name: str, value: object, ndim: int, layout: str, like=None, like_name: str = ""):
    """``value`` if it is a floating-point torch tensor with ``ndim`` dimensions (of the dtype
    of ``like``, where given)."""
    import torch  # here, so that the NumPy half never imports torch

    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a tensor of shape {layout}, got {type(value).__name__}")
    checks.float_tensor(name, value, like, like_name)
    if value.dim() != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions {layout}, "
                         f"got shape {tuple(value.shape)}")
    return value


def conv_forward(A_prev, W, b, stride, pad, return_cols=False) -> tuple:
    """The arguments of a NumPy convolution: ``A_prev (m, n_H_prev, n_W_prev, n_C_prev)``,
    square filters ``W (f, f, n_C_prev, n_C)`` that fit the padded input, ``b (n_C,)`` or None
    (no bias: zeros of ``A_prev``'s dtype), ``stride >= 1``, ``pad >= 0``, ``return_cols`` a
    bool.

    Returns ``(A_prev, W, b, stride, pad)``.
    """
    boolean("return_cols", return_cols)
    A_prev = array("A_prev", A_prev, 4, "(m, n_H_prev, n_W_prev, n_C_prev)")
    W = array("W", W, 4, "(f, f, n_C_prev, n_C)")
    stride, pad = integer("stride", stride, 1), integer("pad", pad, 0)
    f, f2, c_in, c_out = W.shape
    if f != f2 or f == 0:
        raise ValueError(f"W must hold square f x f filters (f >= 1), got shape {W.shape}")
    if c_in != A_prev.shape[3]:
        raise ValueError(f"W must have n_C_prev = {A_prev.shape[3]} input channels (the last "
                         f"axis of A_prev), got W of shape {W.shape}")
    if b is None:
        import numpy as np

        b = np.zeros(c_out, dtype=A_prev.dtype)
    b = array("b", b, 1, "(n_C,)")
    if b.shape != (c_out,):
        raise ValueError(f"b must have shape ({c_out},), one bias per filter, got {b.shape}")
    window_fits("W", f, A_prev.shape[1:3], pad)
    return A_prev, W, b, stride, pad


def im2col(A_pad, f, stride) -> tuple:
    """The arguments of ``im2col``: a float array ``A_pad (m, H, W, n_C)`` (padded already),
    a window ``f >= 1`` that fits it and ``stride >= 1``. Returns ``(A_pad, f, stride)``."""
    A_pad = array("A_pad", A_pad, 4, "(m, H, W, n_C)")
    f, stride = integer("f", f, 1), integer("stride", stride, 1)
    window_fits("f", f, A_pad.shape[1:3], 0)
    return A_pad, f, stride


def gradient(name: str, value, shape: tuple[int, ...]):
    """An upstream gradient: a float array of the layer output's ``shape`` (4 axes)."""
    value = array(name, value, 4, "(m, n_H, n_W, n_C)")
    if value.shape != tuple(shape):
        raise ValueError(f"{name} must have the shape of the layer's output, {tuple(shape)}, "
                         f"got {value.shape}")
    return value


def conv_backward(dZ, A_prev, W, stride, pad, cols=None) -> tuple:
    """The arguments of a NumPy convolution's backward pass: those of :func:`conv_forward`
    (no bias), ``dZ`` of the output's shape ``(m, n_H, n_W, n_C)`` and ``cols``, None or a
    float array of the window matrix's shape ``(m * n_H * n_W, f * f * n_C_prev)``.

    Returns ``(dZ, A_prev, W, stride, pad)``.
    """
    A_prev, W, _, stride, pad = conv_forward(A_prev, W, None, stride, pad)
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, n_C = W.shape[0], W.shape[3]
    n_H, n_W = (n_H_prev + 2 * pad - f) // stride + 1, (n_W_prev + 2 * pad - f) // stride + 1
    dZ = gradient("dZ", dZ, (m, n_H, n_W, n_C))
    if cols is not None:
        cols = array("cols", cols, 2, "(m * n_H * n_W, f * f * n_C_prev)")
        if cols.shape != (m * n_H * n_W, f * f * n_C_prev):
            raise ValueError(f"cols must be the window matrix of A_prev, of shape "
                             f"{(m * n_H * n_W, f * f * n_C_prev)}, got {cols.shape}")
    return dZ, A_prev, W, stride, pad


def pool_forward(A_prev, f, stride, mode) -> tuple:
    """The arguments of NumPy pooling: ``A_prev (m, n_H_prev, n_W_prev, n_C)``, a window
    ``f >= 1`` that fits it, ``stride >= 1`` or None (then ``f``), ``mode`` in
    :data:`POOL_MODES`.

    Returns ``(A_prev, f, stride, shape)``, ``shape`` being the output's ``(m, n_H, n_W, n_C)``.
    """
    A_prev = array("A_prev", A_prev, 4, "(m, n_H_prev, n_W_prev, n_C)")
    f = integer("f", f, 1)
    stride = f if stride is None else integer("stride", stride, 1)
    one_of("mode", mode, POOL_MODES)
    window_fits("f", f, A_prev.shape[1:3], 0)
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    shape = (m, (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1, n_C)
    return A_prev, f, stride, shape


def pool_backward(dA, A_prev, f, stride, mode) -> tuple:
    """The arguments of pooling's backward pass: those of :func:`pool_forward` and ``dA`` of
    the output's shape. Returns ``(dA, A_prev, f, stride, shape)``."""
    A_prev, f, stride, shape = pool_forward(A_prev, f, stride, mode)
    return gradient("dA", dA, shape), A_prev, f, stride, shape


def conv2d(x, weight, bias, stride, padding) -> tuple:
    """The arguments of the torch ``conv2d``: ``x (N, C_in, H, W)``, square filters
    ``weight (C_out, C_in, f, f)`` that fit the padded input, ``bias (C_out,)`` or None,
    ``stride >= 1``, ``padding >= 0``. Returns ``(x, weight, bias, stride, padding)``."""
    x = tensor("x", x, 4, "(N, C_in, H, W)")
    weight = tensor("weight", weight, 4, "(C_out, C_in, f, f)", x, "x")
    stride, padding = integer("stride", stride, 1), integer("padding", padding, 0)
    c_out, c_in, f, f2 = weight.shape
    if f != f2:
        raise ValueError(f"weight must hold square f x f filters, got shape {tuple(weight.shape)}")
    if c_in != x.shape[1]:
        raise ValueError(f"weight must have C_in = {x.shape[1]} input channels (dim 1 of x), "
                         f"got weight of shape {tuple(weight.shape)}")
    if bias is not None:
        bias = tensor("bias", bias, 1, "(C_out,)", x, "x")
        if bias.shape[0] != c_out:
            raise ValueError(f"bias must have shape ({c_out},), got {tuple(bias.shape)}")
    window_fits("weight", f, x.shape[2:], padding)
    return x, weight, bias, stride, padding


def pool2d(x, f, stride, mode) -> tuple:
    """The arguments of the torch ``pool2d``: ``x (N, C, H, W)``, a window ``f >= 1`` that
    fits it, ``stride >= 1`` or None (then ``f``), ``mode`` in :data:`POOL_MODES`.
    Returns ``(x, f, stride)``."""
    x = tensor("x", x, 4, "(N, C, H, W)")
    f = integer("f", f, 1)
    stride = f if stride is None else integer("stride", stride, 1)
    one_of("mode", mode, POOL_MODES)
    window_fits("f", f, x.shape[2:], 0)
    return x, f, stride
