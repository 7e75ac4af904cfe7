"""Convolutions and pooling (chapter "Convolutions and pooling"), NumPy reference.

Layout is NHWC, as in the course: a batch of activations ``A`` has shape
``(m, n_H, n_W, n_C)``; the filters of a layer ``W`` have shape ``(f, f, n_C_prev, n_C)`` and
its biases ``b`` shape ``(n_C,)``. Padding adds ``pad`` zeros on each side of the height and
width axes; the window moves by ``stride`` pixels. Like every deep-learning library, the
"convolution" is a cross-correlation (the filter is not flipped)::

    Z[i, h, w, c] = sum_{u, v, k} A_pad[i, h*s + u, w*s + v, k] * W[u, v, k, c] + b[c]

    n_H = floor((n_H_prev + 2*pad - f) / stride) + 1        (same for n_W)

Each layer is written twice: ``*_loop`` functions are the readable reference (explicit loops
over examples, positions and channels), the others are vectorized (im2col: every receptive
field becomes one row of a matrix, and the convolution is one matrix product). Backward
functions take the upstream gradient and the forward inputs and return the gradients of
those inputs, ``(dA_prev, dW, db)`` for a convolution, ``dA_prev`` for pooling.

Pooling has no padding here; max pooling sends the gradient of each window to its first
maximum (the element PyTorch's ``max_pool2d`` picks), which matters only for ties.
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks

__all__ = [
    "output_size",
    "same_padding",
    "zero_pad",
    "conv_forward_loop",
    "conv_backward_loop",
    "im2col",
    "conv_forward",
    "conv_backward",
    "pool_forward_loop",
    "pool_backward_loop",
    "pool_forward",
    "pool_backward",
    "conv_param_count",
    "dense_param_count",
]

POOL_MODES = checks.convolutions.POOL_MODES  # ("max", "average")


# --- sizes and padding ---------------------------------------------------------------------

def output_size(n: int, f: int, pad: int = 0, stride: int = 1) -> int:
    """Output length ``floor((n + 2*pad - f) / stride) + 1`` along one axis."""
    n, f = checks.integer("n", n, 1), checks.integer("f", f, 1)
    pad, stride = checks.integer("pad", pad, 0), checks.integer("stride", stride, 1)
    if f > n + 2 * pad:
        raise ValueError(f"f must be at most n + 2*pad = {n + 2 * pad}, got {f}")
    return (n + 2 * pad - f) // stride + 1


def same_padding(f: int) -> int:
    """The padding ``p = (f - 1) / 2`` that keeps the size at stride 1 (``f`` must be odd)."""
    f = checks.integer("f", f, 1)
    if f % 2 == 0:
        raise ValueError(f"f must be odd for 'same' padding to be symmetric, got {f}")
    return (f - 1) // 2


def zero_pad(X: np.ndarray, pad: int) -> np.ndarray:
    """Pad the height and width of ``X`` (``(m, n_H, n_W, n_C)``) with ``pad`` zeros a side.

    Returns shape ``(m, n_H + 2*pad, n_W + 2*pad, n_C)``, same dtype.
    """
    X = checks.convolutions.array("X", X, 4, "(m, n_H, n_W, n_C)")
    pad = checks.integer("pad", pad, 0)
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant")


# --- convolution: the loop reference -------------------------------------------------------

# --8<-- [start:conv_loop]
def conv_forward_loop(A_prev, W, b, stride=1, pad=0):
    """Convolution layer forward pass, one output value at a time.

    A_prev (m, n_H_prev, n_W_prev, n_C_prev), W (f, f, n_C_prev, n_C), b (n_C,) or None
    -> Z (m, n_H, n_W, n_C).
    """
    A_prev, W, b, stride, pad = checks.convolutions.conv_forward(A_prev, W, b, stride, pad)
    m, n_H_prev, n_W_prev = A_prev.shape[:3]
    f, n_C = W.shape[0], W.shape[3]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    A_pad = zero_pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C), dtype=np.result_type(A_prev, W))
    for i in range(m):                       # example
        for h in range(n_H):                 # output row
            for w in range(n_W):             # output column
                top, left = h * stride, w * stride
                field = A_pad[i, top:top + f, left:left + f, :]   # (f, f, n_C_prev)
                for c in range(n_C):         # filter
                    Z[i, h, w, c] = np.sum(field * W[:, :, :, c]) + b[c]
    return Z


def conv_backward_loop(dZ, A_prev, W, stride=1, pad=0):
    """Gradients of a convolution layer, by the same loops as the forward pass.

    Every output value Z[i, h, w, c] was the sum of its receptive field times filter c, so
    it sends dZ[i, h, w, c] * W[..., c] back to that field and dZ[i, h, w, c] * field to
    dW[..., c]; db[c] sums dZ over examples and positions.
    Returns dA_prev (shape of A_prev), dW (shape of W), db (n_C,).
    """
    dZ, A_prev, W, stride, pad = checks.convolutions.conv_backward(dZ, A_prev, W, stride, pad)
    m, n_H, n_W, n_C = dZ.shape
    n_H_prev, n_W_prev, f = A_prev.shape[1], A_prev.shape[2], W.shape[0]
    A_pad = zero_pad(A_prev, pad)
    dA_pad = np.zeros_like(A_pad, dtype=np.result_type(dZ, W))
    dW = np.zeros_like(W, dtype=np.result_type(dZ, A_prev))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                top, left = h * stride, w * stride
                field = A_pad[i, top:top + f, left:left + f, :]
                for c in range(n_C):
                    dA_pad[i, top:top + f, left:left + f, :] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += field * dZ[i, h, w, c]
    db = dZ.sum(axis=(0, 1, 2))
    dA_prev = dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    return dA_prev, dW, db
# --8<-- [end:conv_loop]


# --- convolution: vectorized (im2col) ------------------------------------------------------

# --8<-- [start:conv_im2col]
def im2col(A_pad, f, stride=1):
    """Every f x f window of ``A_pad`` (m, H, W, n_C) as one row of a matrix.

    Returns cols of shape (m * n_H * n_W, f * f * n_C), rows in (example, row, column) order,
    each row the window's pixels in (u, v, channel) order, the order of W.reshape(-1, n_C_out).
    """
    A_pad, f, stride = checks.convolutions.im2col(A_pad, f, stride)
    win = np.lib.stride_tricks.sliding_window_view(A_pad, (f, f), axis=(1, 2))  # a view
    win = win[:, ::stride, ::stride]                  # (m, n_H, n_W, n_C, f, f), no copy yet
    m, n_H, n_W, n_C = win.shape[:4]
    # put the channels last, as in W, and copy: one row per output position
    return win.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, f * f * n_C)


def conv_forward(A_prev, W, b, stride=1, pad=0, return_cols=False):
    """Convolution layer forward pass as one matrix product (im2col).

    A_prev (m, n_H_prev, n_W_prev, n_C_prev), W (f, f, n_C_prev, n_C), b (n_C,) or None
    -> Z (m, n_H, n_W, n_C). With return_cols=True, returns (Z, cols), cols being the window
    matrix (m * n_H * n_W, f * f * n_C_prev), which conv_backward can reuse.
    """
    A_prev, W, b, stride, pad = checks.convolutions.conv_forward(
        A_prev, W, b, stride, pad, return_cols)
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, n_C = W.shape[0], W.shape[3]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    cols = im2col(zero_pad(A_prev, pad), f, stride)   # (m * n_H * n_W, f * f * n_C_prev)
    Z = cols @ W.reshape(f * f * n_C_prev, n_C)       # one matrix product
    Z += b                                            # in place: no second output array
    Z = Z.reshape(m, n_H, n_W, n_C)
    return (Z, cols) if return_cols else Z


def conv_backward(dZ, A_prev, W, stride=1, pad=0, cols=None):
    """Gradients of a convolution layer by matrix products (im2col and its adjoint, col2im).

    dZ (m, n_H, n_W, n_C) -> dA_prev (shape of A_prev), dW (shape of W), db (n_C,).
    cols: the window matrix that conv_forward(..., return_cols=True) gave for the same
    A_prev, stride and pad; without it, the matrix is built again from A_prev.
    """
    dZ, A_prev, W, stride, pad = checks.convolutions.conv_backward(
        dZ, A_prev, W, stride, pad, cols)
    m, n_H, n_W, n_C = dZ.shape
    n_H_prev, n_W_prev, n_C_prev = A_prev.shape[1:]
    f = W.shape[0]
    if cols is None:
        cols = im2col(zero_pad(A_prev, pad), f, stride)
    dZ2 = dZ.reshape(m * n_H * n_W, n_C)              # one row per output position
    dW = (cols.T @ dZ2).reshape(W.shape)              # (5), every filter tap at once
    db = dZ2.sum(axis=0)
    # col2im, (4): filter tap (u, v) read the pixels A_pad[:, u + stride*h, v + stride*w, :];
    # its share of the window gradients, dZ @ W[u, v]^T, is added back onto them
    dA_pad = np.zeros((m, n_H_prev + 2 * pad, n_W_prev + 2 * pad, n_C_prev),
                      dtype=np.result_type(dZ, W))
    share = np.empty((m * n_H * n_W, n_C_prev), dtype=dA_pad.dtype)  # one buffer for all taps
    for u in range(f):
        for v in range(f):
            hs, ws = slice(u, u + stride * n_H, stride), slice(v, v + stride * n_W, stride)
            np.matmul(dZ2, W[u, v].T, out=share)
            dA_pad[:, hs, ws, :] += share.reshape(m, n_H, n_W, n_C_prev)
    return dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :], dW, db
# --8<-- [end:conv_im2col]


# --- pooling -------------------------------------------------------------------------------

def _windows(A: np.ndarray, f: int, stride: int) -> np.ndarray:
    """A read-only view (m, n_H, n_W, f, f, n_C) of every f x f window of A (no copy)."""
    win = np.lib.stride_tricks.sliding_window_view(A, (f, f), axis=(1, 2))
    return win[:, ::stride, ::stride].transpose(0, 1, 2, 4, 5, 3)


# --8<-- [start:pool_loop]
def pool_forward_loop(A_prev, f=2, stride=None, mode="max"):
    """Max or average pooling, window by window; each channel is pooled on its own.

    A_prev (m, n_H_prev, n_W_prev, n_C) -> A (m, n_H, n_W, n_C); stride defaults to f.
    """
    A_prev, f, stride, shape = checks.convolutions.pool_forward(A_prev, f, stride, mode)
    reduce = np.max if mode == "max" else np.mean
    A = np.zeros(shape, dtype=A_prev.dtype)
    m, n_H, n_W, n_C = shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                top, left = h * stride, w * stride
                for c in range(n_C):
                    A[i, h, w, c] = reduce(A_prev[i, top:top + f, left:left + f, c])
    return A


def pool_backward_loop(dA, A_prev, f=2, stride=None, mode="max"):
    """Gradient of pooling: max sends dA to the (first) maximum of its window, average
    spreads dA / f**2 evenly over the window. Returns dA_prev (shape of A_prev)."""
    dA, A_prev, f, stride, shape = checks.convolutions.pool_backward(dA, A_prev, f, stride, mode)
    dA_prev = np.zeros(A_prev.shape, dtype=np.result_type(dA, A_prev))
    m, n_H, n_W, n_C = shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                top, left = h * stride, w * stride
                for c in range(n_C):
                    if mode == "max":
                        window = A_prev[i, top:top + f, left:left + f, c]
                        u, v = np.unravel_index(np.argmax(window), window.shape)
                        dA_prev[i, top + u, left + v, c] += dA[i, h, w, c]
                    else:
                        dA_prev[i, top:top + f, left:left + f, c] += dA[i, h, w, c] / f**2
    return dA_prev
# --8<-- [end:pool_loop]


def pool_forward(A_prev, f=2, stride=None, mode="max"):
    """Vectorized pooling (a strided view of the windows, reduced over the window axes).

    A_prev (m, n_H_prev, n_W_prev, n_C) -> A (m, n_H, n_W, n_C); stride defaults to f.
    """
    A_prev, f, stride, (m, n_H, n_W, n_C) = checks.convolutions.pool_forward(
        A_prev, f, stride, mode)
    win = _windows(A_prev, f, stride)          # (m, n_H, n_W, f, f, n_C)
    return win.max(axis=(3, 4)) if mode == "max" else win.mean(axis=(3, 4))


def pool_backward(dA, A_prev, f=2, stride=None, mode="max"):
    """Vectorized gradient of pooling; same rule as :func:`pool_backward_loop`."""
    dA, A_prev, f, stride, (m, n_H, n_W, n_C) = checks.convolutions.pool_backward(
        dA, A_prev, f, stride, mode)
    if mode == "max":
        win = _windows(A_prev, f, stride).reshape(m, n_H, n_W, f * f, n_C)
        first = np.argmax(win, axis=3)                   # (m, n_H, n_W, n_C), first maximum
        share = (np.arange(f * f)[None, None, None, :, None] == first[:, :, :, None, :])
        share = share * dA[:, :, :, None, :]
    else:
        share = np.broadcast_to(dA[:, :, :, None, :] / f**2, (m, n_H, n_W, f * f, n_C))
    share = share.reshape(m, n_H, n_W, f, f, n_C)
    dA_prev = np.zeros(A_prev.shape, dtype=np.result_type(dA, A_prev))
    for u in range(f):
        for v in range(f):
            hs, ws = slice(u, u + stride * n_H, stride), slice(v, v + stride * n_W, stride)
            dA_prev[:, hs, ws, :] += share[:, :, :, u, v, :]
    return dA_prev


# --- parameter counts ----------------------------------------------------------------------

def conv_param_count(f: int, n_C_prev: int, n_C: int) -> int:
    """Weights and biases of a conv layer: ``f*f*n_C_prev*n_C + n_C`` (independent of the
    input's height and width)."""
    f, n_C_prev, n_C = (checks.integer(name, v, 1) for name, v in
                        (("f", f), ("n_C_prev", n_C_prev), ("n_C", n_C)))
    return f * f * n_C_prev * n_C + n_C


def dense_param_count(n_in: int, n_out: int) -> int:
    """Weights and biases of a fully-connected layer: ``n_in*n_out + n_out``."""
    n_in, n_out = checks.integer("n_in", n_in, 1), checks.integer("n_out", n_out, 1)
    return n_in * n_out + n_out
