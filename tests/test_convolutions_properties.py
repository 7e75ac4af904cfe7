"""Convolutions: property tests (hypothesis) of the public API. The NumPy convolution
(vectorised and loop versions) against ``F.conv2d`` and autograd; pooling against
``max_pool2d``/``avg_pool2d`` and autograd; the torch convolution against ``nn.Conv2d``
with the same initialization (tests/properties_support.py)."""

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import GRAD, PROP, SMALL, arr, close, covers, layouts, seeds

from dlnotes.numpy import convolutions as cv
from dlnotes.torch import convolutions as tcv


def nhwc(x):  # NumPy (m, H, W, C) -> torch (m, C, H, W)
    return torch.tensor(np.ascontiguousarray(x.transpose(0, 3, 1, 2)), dtype=torch.float64)


def back_nhwc(t):
    return t.detach().numpy().transpose(0, 2, 3, 1)


@SMALL
@given(seed=seeds, m=st.integers(1, 2), hw=st.integers(3, 6), c_in=st.integers(1, 3),
       c_out=st.integers(1, 3), f=st.integers(1, 3), stride=st.integers(1, 2),
       pad=st.integers(0, 2), layout=layouts, loop=st.booleans())
@covers("numpy.convolutions.conv_forward", "numpy.convolutions.conv_backward",
        "numpy.convolutions.conv_forward_loop", "numpy.convolutions.conv_backward_loop",
        "numpy.convolutions.zero_pad", "numpy.convolutions.output_size",
        "numpy.convolutions.im2col")
def test_numpy_conv_matches_conv2d_and_autograd(seed, m, hw, c_in, c_out, f, stride, pad,
                                                layout, loop):
    rng = np.random.default_rng(seed)
    A, W, b = arr(rng, (m, hw, hw, c_in), layout), arr(rng, (f, f, c_in, c_out)), arr(rng, (c_out,))
    x = nhwc(A).requires_grad_()
    w = torch.tensor(W.transpose(3, 2, 0, 1).copy(), requires_grad=True)
    ref = F.conv2d(x, w, torch.tensor(b), stride=stride, padding=pad)
    n = cv.output_size(hw, f, pad, stride)
    assert ref.shape[2:] == (n, n)
    fwd, bwd = ((cv.conv_forward_loop, cv.conv_backward_loop) if loop
                else (cv.conv_forward, cv.conv_backward))
    close(fwd(A, W, b, stride, pad), back_nhwc(ref))
    dZ = rng.standard_normal((m, n, n, c_out))
    ref.backward(nhwc(dZ))
    dA, dW, db = bwd(dZ, A, W, stride, pad)
    close(dA, back_nhwc(x.grad), GRAD)
    close(dW, w.grad.numpy().transpose(2, 3, 1, 0), GRAD)
    close(db, dZ.sum(axis=(0, 1, 2)), GRAD)
    padded = cv.zero_pad(A, pad)
    close(padded, np.pad(A, ((0, 0), (pad, pad), (pad, pad), (0, 0))))
    cols = cv.im2col(padded, f, stride)   # the convolution is one product of its rows
    close((cols @ W.reshape(-1, c_out) + b).reshape(m, n, n, c_out), back_nhwc(ref))
    if not loop:  # the backward pass given the forward's window matrix
        _, cols = fwd(A, W, b, stride, pad, return_cols=True)
        for got, want in zip(bwd(dZ, A, W, stride, pad, cols=cols), (dA, dW, db), strict=True):
            close(got, want)


@PROP
@given(seed=seeds, m=st.integers(1, 2), hw=st.integers(2, 7), c=st.integers(1, 3),
       f=st.integers(1, 3), stride=st.sampled_from([None, 1, 2]), mode=st.sampled_from(
           ["max", "average"]), ties=st.booleans(), loop=st.booleans())
@covers("numpy.convolutions.pool_forward", "numpy.convolutions.pool_backward",
        "numpy.convolutions.pool_forward_loop", "numpy.convolutions.pool_backward_loop",
        "torch.convolutions.pool2d")
def test_pooling_matches_builtin_and_autograd(device, seed, m, hw, c, f, stride, mode, ties,
                                              loop):
    f = min(f, hw)
    rng = np.random.default_rng(seed)
    A = arr(rng, (m, hw, hw, c))
    if ties:  # max pooling: the gradient goes to the first maximum, as in max_pool2d
        A = np.round(A)
    x = nhwc(A).requires_grad_()
    s = f if stride is None else stride
    ref = (F.max_pool2d(x, f, s) if mode == "max" else F.avg_pool2d(x, f, s))
    fwd, bwd = ((cv.pool_forward_loop, cv.pool_backward_loop) if loop
                else (cv.pool_forward, cv.pool_backward))
    close(fwd(A, f, stride, mode), back_nhwc(ref))
    dA = rng.standard_normal(back_nhwc(ref).shape)
    ref.backward(nhwc(dA))
    close(bwd(dA, A, f, stride, mode), back_nhwc(x.grad), GRAD)
    xt = nhwc(A).to(device).requires_grad_()
    out = tcv.pool2d(xt, f, stride, mode)
    close(out, ref)
    out.backward(nhwc(dA).to(device))
    close(xt.grad, x.grad, GRAD)


@PROP
@given(seed=seeds, n=st.integers(1, 3), c_in=st.integers(1, 3), c_out=st.integers(1, 3),
       hw=st.integers(3, 6), f=st.sampled_from([1, 3, 5]), stride=st.integers(1, 2),
       bias=st.booleans())
@covers("torch.convolutions.conv2d", "torch.convolutions.Conv2d",
        "numpy.convolutions.same_padding", "numpy.convolutions.conv_param_count",
        "numpy.convolutions.dense_param_count")
def test_torch_conv_matches_builtin(device, seed, n, c_in, c_out, hw, f, stride, bias):
    pad = cv.same_padding(f)
    assert cv.output_size(hw, f, pad, 1) == hw      # "same" keeps the size at stride 1
    torch.manual_seed(seed)
    ref = torch.nn.Conv2d(c_in, c_out, f, stride, pad, bias=bias, dtype=torch.float64)
    torch.manual_seed(seed)   # the same initialization, draw for draw
    ours = tcv.Conv2d(c_in, c_out, f, stride, pad, bias=bias, dtype=torch.float64)
    close(ours.weight, ref.weight)
    assert cv.conv_param_count(f, c_in, c_out) == sum(
        p.numel() for p in torch.nn.Conv2d(c_in, c_out, f).parameters())
    assert cv.dense_param_count(c_in, c_out) == sum(
        p.numel() for p in torch.nn.Linear(c_in, c_out).parameters())
    ours.to(device)
    x = torch.randn(n, c_in, hw, hw, dtype=torch.float64, generator=torch.Generator()
                    .manual_seed(seed), requires_grad=True)
    xd = x.detach().to(device).requires_grad_()
    out, want = ours(xd), ref(x)
    close(out, want)
    close(tcv.conv2d(xd, ours.weight, ours.bias, stride, pad), want)
    g = torch.randn_like(want)
    out.backward(g.to(device))
    want.backward(g)
    close(xd.grad, x.grad, GRAD)
    close(ours.weight.grad, ref.weight.grad, GRAD)
