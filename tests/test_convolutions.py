"""Convolutions and pooling: the NumPy loops and im2col code against F.conv2d, F.max_pool2d,
F.avg_pool2d and autograd (random shapes, strides, paddings), finite-difference gradient
checks in float64, the from-scratch torch Conv2d against nn.Conv2d with copied weights, and
the chapter's claims (output size, same padding, parameter counts, equivariance).

Then the bad-input sweep of the chapter's public API (tests/sweep_support.py); its property
tests are in test_convolutions_properties.py."""

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sweep_support import BAD_INT, C, E, X, ar, sweep_module, tn

from dlnotes.numpy import convolutions as cv
from dlnotes.numpy.gradient_checking import check_gradients
from dlnotes.torch import convolutions as tcv

# (m, n_H, n_W, n_C_prev, n_C, f, stride, pad): odd and even filters, strides that do and do
# not divide the padded size, rectangular inputs, a 1x1 filter, a filter as large as the input
CONV_CASES = [
    (2, 5, 5, 3, 4, 3, 1, 1),
    (1, 7, 6, 2, 3, 3, 2, 0),
    (2, 6, 8, 3, 2, 2, 2, 1),
    (1, 9, 7, 1, 5, 5, 3, 2),
    (3, 4, 4, 4, 2, 1, 1, 0),
    (1, 4, 5, 2, 2, 4, 1, 0),
    (2, 5, 6, 2, 3, 3, 3, 3),
]
IDS = [f"m{c[0]}-{c[1]}x{c[2]}-c{c[3]}to{c[4]}-f{c[5]}-s{c[6]}-p{c[7]}" for c in CONV_CASES]


def _conv_data(case, seed=0, dtype=np.float64):
    m, h, w, c_in, c_out, f, _, _ = case
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(m, h, w, c_in)).astype(dtype)
    W = rng.normal(size=(f, f, c_in, c_out)).astype(dtype)
    b = rng.normal(size=c_out).astype(dtype)
    return A, W, b


def _nchw(a):
    return torch.from_numpy(np.ascontiguousarray(a.transpose(0, 3, 1, 2)))


def _nhwc(t):
    return t.detach().cpu().numpy().transpose(0, 2, 3, 1)


def _torch_weight(W):
    return torch.from_numpy(np.ascontiguousarray(W.transpose(3, 2, 0, 1)))


def _torch_conv(A, W, b, stride, pad, dZ=None):
    """F.conv2d on the same numbers (NCHW), and autograd's gradients for the upstream dZ."""
    x = _nchw(A).requires_grad_()
    wt = _torch_weight(W).requires_grad_()
    bt = torch.from_numpy(b).requires_grad_()
    z = F.conv2d(x, wt, bt, stride=stride, padding=pad)
    if dZ is None:
        return _nhwc(z)
    z.backward(_nchw(dZ))
    return _nhwc(z), _nhwc(x.grad), wt.grad.numpy().transpose(2, 3, 1, 0), bt.grad.numpy()


# --- convolution ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", CONV_CASES, ids=IDS)
def test_conv_forward_loop_and_im2col_match_f_conv2d(case):
    A, W, b = _conv_data(case)
    stride, pad = case[6], case[7]
    expected = _torch_conv(A, W, b, stride, pad)
    for forward in (cv.conv_forward_loop, cv.conv_forward):
        Z = forward(A, W, b, stride=stride, pad=pad)
        assert Z.shape == expected.shape
        np.testing.assert_allclose(Z, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("case", CONV_CASES, ids=IDS)
def test_conv_backward_loop_and_im2col_match_autograd(case):
    A, W, b = _conv_data(case, seed=1)
    stride, pad = case[6], case[7]
    dZ = np.random.default_rng(2).normal(size=_torch_conv(A, W, b, stride, pad).shape)
    _, *grads = _torch_conv(A, W, b, stride, pad, dZ=dZ)
    for backward in (cv.conv_backward_loop, cv.conv_backward):
        ours = backward(dZ, A, W, stride=stride, pad=pad)
        for name, g, ref in zip(("dA_prev", "dW", "db"), ours, grads, strict=True):
            assert g.shape == ref.shape, name
            np.testing.assert_allclose(g, ref, rtol=1e-11, atol=1e-11, err_msg=name)


@pytest.mark.parametrize("backward", [cv.conv_backward_loop, cv.conv_backward])
@pytest.mark.parametrize("case", [CONV_CASES[0], CONV_CASES[2]], ids=[IDS[0], IDS[2]])
def test_conv_backward_passes_the_gradient_check(case, backward):
    A, W, b = _conv_data(case, seed=3)
    stride, pad = case[6], case[7]
    G = np.random.default_rng(4).normal(size=cv.conv_forward(A, W, b, stride, pad).shape)

    def cost():  # J = sum(Z * G), so dJ/dZ = G
        return float(np.sum(cv.conv_forward(A, W, b, stride, pad) * G))

    dA, dW, db = backward(G, A, W, stride=stride, pad=pad)
    errors = check_gradients(cost, {"A": A, "W": W, "b": b}, {"A": dA, "W": dW, "b": db})
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("case", CONV_CASES, ids=IDS)
def test_im2col_rows_are_the_receptive_fields(case):
    """Row (i, h, w) of im2col holds the window under output (i, h, w), in W's (u, v, k)
    order, so that cols @ W.reshape(-1, n_C) is the convolution of the padded input."""
    A, W, b = _conv_data(case)
    f, stride, pad = case[5], case[6], case[7]
    A_pad = cv.zero_pad(A, pad)
    cols = cv.im2col(A_pad, f, stride)
    m, n_H, n_W, n_C = cv.conv_forward(A, W, b, stride, pad).shape
    assert cols.shape == (m * n_H * n_W, f * f * A.shape[3]) and cols.flags.c_contiguous
    expected = [A_pad[i, h * stride:h * stride + f, w * stride:w * stride + f, :].ravel()
                for i in range(m) for h in range(n_H) for w in range(n_W)]
    np.testing.assert_array_equal(cols, np.array(expected))
    np.testing.assert_allclose((cols @ W.reshape(-1, n_C) + b).reshape(m, n_H, n_W, n_C),
                               cv.conv_forward_loop(A, W, b, stride, pad), rtol=1e-12)


@pytest.mark.parametrize("case", CONV_CASES, ids=IDS)
def test_backward_reuses_the_forward_window_matrix(case):
    """conv_forward(..., return_cols=True) gives im2col of the padded input, and
    conv_backward given that matrix returns what it computes without it."""
    A, W, b = _conv_data(case)
    f, stride, pad = case[5], case[6], case[7]
    Z, cols = cv.conv_forward(A, W, b, stride, pad, return_cols=True)
    np.testing.assert_array_equal(Z, cv.conv_forward(A, W, b, stride, pad))
    np.testing.assert_array_equal(cols, cv.im2col(cv.zero_pad(A, pad), f, stride))
    dZ = np.random.default_rng(5).normal(size=Z.shape)
    for got, expected in zip(cv.conv_backward(dZ, A, W, stride, pad, cols=cols),
                             cv.conv_backward(dZ, A, W, stride, pad), strict=True):
        np.testing.assert_array_equal(got, expected)


def test_bias_none_means_no_bias():
    A, W, b = _conv_data(CONV_CASES[0])
    np.testing.assert_array_equal(cv.conv_forward(A, W, None, 1, 1),
                                  cv.conv_forward(A, W, np.zeros_like(b), 1, 1))
    np.testing.assert_array_equal(cv.conv_forward_loop(A, W, None, 1, 1),
                                  cv.conv_forward_loop(A, W, np.zeros_like(b), 1, 1))


def test_float32_in_float32_out():
    A, W, b = _conv_data(CONV_CASES[0], dtype=np.float32)
    assert cv.conv_forward(A, W, b, 1, 1).dtype == np.float32
    assert all(g.dtype == np.float32 for g in cv.conv_backward(
        np.ones((2, 5, 5, 4), np.float32), A, W, 1, 1))
    assert cv.im2col(A, 3).dtype == np.float32
    assert cv.conv_forward(A, W, b.astype(np.float64), 1, 1).dtype == np.float32


# --- sizes, padding and parameter counts ---------------------------------------------------

@pytest.mark.parametrize("n,f,pad,stride", [(5, 3, 0, 1), (6, 3, 1, 2), (7, 2, 0, 2),
                                            (32, 5, 2, 1), (10, 4, 3, 3), (3, 3, 0, 1)])
def test_output_size_formula_matches_torch(n, f, pad, stride):
    expected = (n + 2 * pad - f) // stride + 1
    assert cv.output_size(n, f, pad, stride) == expected
    x = torch.zeros(1, 1, n, n)
    assert F.conv2d(x, torch.zeros(1, 1, f, f), stride=stride, padding=pad).shape[-1] == expected


@pytest.mark.parametrize("f", [1, 3, 5, 7])
def test_same_padding_keeps_the_size(f):
    p = cv.same_padding(f)
    assert p == (f - 1) / 2
    A = np.random.default_rng(5).normal(size=(1, 9, 11, 2))
    W = np.random.default_rng(6).normal(size=(f, f, 2, 3))
    assert cv.conv_forward(A, W, np.zeros(3), 1, p).shape == (1, 9, 11, 3)


def test_zero_pad_pads_height_and_width_only():
    X = np.ones((2, 3, 4, 5))
    P = cv.zero_pad(X, 2)
    assert P.shape == (2, 7, 8, 5)
    assert P.sum() == X.sum() and (P[:, 2:5, 2:6, :] == 1).all()


@pytest.mark.parametrize("f,c_in,c_out", [(3, 3, 10), (5, 16, 32), (1, 192, 16), (11, 3, 96)])
def test_conv_param_count_matches_nn_conv2d(f, c_in, c_out):
    layer = torch.nn.Conv2d(c_in, c_out, f)
    assert cv.conv_param_count(f, c_in, c_out) == sum(p.numel() for p in layer.parameters())
    assert cv.conv_param_count(f, c_in, c_out) == f * f * c_in * c_out + c_out


def test_why_convolutions_parameter_sharing_and_sparse_connections():
    """A 3x3 conv 3 -> 8 channels on 32x32x3 (same padding) vs a dense layer with the same
    input and output sizes: parameters, and how many inputs each output reads."""
    n, c_in, c_out, f = 32, 3, 8, 3
    conv = cv.conv_param_count(f, c_in, c_out)
    dense = cv.dense_param_count(n * n * c_in, n * n * c_out)
    linear = torch.nn.Linear(n * n * c_in, n * n * c_out, device="meta")  # no memory used
    assert dense == sum(p.numel() for p in linear.parameters())
    assert (conv, dense) == (224, 25_174_016)
    # sparse connections: the Jacobian of one output of the conv has f*f*c_in non-zeros
    x = torch.zeros(1, c_in, n, n, dtype=torch.float64, requires_grad=True)
    w = torch.randn(c_out, c_in, f, f, dtype=torch.float64, generator=torch.Generator()
                    .manual_seed(0))
    F.conv2d(x, w, padding=1)[0, 0, 10, 10].backward()
    assert int((x.grad != 0).sum()) == f * f * c_in == 27


# --- pooling -------------------------------------------------------------------------------

POOL_CASES = [(2, 4, 4, 3, 2, None), (1, 5, 7, 2, 3, 2), (2, 6, 6, 1, 3, 1), (1, 5, 5, 2, 5, 1)]
POOL_IDS = [f"{c[1]}x{c[2]}-f{c[4]}-s{c[5]}" for c in POOL_CASES]


def _torch_pool(A, f, stride, mode, dA=None):
    x = _nchw(A).requires_grad_()
    s = f if stride is None else stride
    y = (F.max_pool2d if mode == "max" else F.avg_pool2d)(x, f, s)
    if dA is None:
        return _nhwc(y)
    y.backward(_nchw(dA))
    return _nhwc(x.grad)


@pytest.mark.parametrize("mode", cv.POOL_MODES)
@pytest.mark.parametrize("case", POOL_CASES, ids=POOL_IDS)
def test_pooling_forward_and_backward_match_torch(case, mode):
    m, h, w, c, f, s = case
    A = np.random.default_rng(7).normal(size=(m, h, w, c))  # continuous: no ties
    expected = _torch_pool(A, f, s, mode)
    dA = np.random.default_rng(8).normal(size=expected.shape)
    grad = _torch_pool(A, f, s, mode, dA)
    for forward, backward in ((cv.pool_forward_loop, cv.pool_backward_loop),
                              (cv.pool_forward, cv.pool_backward)):
        np.testing.assert_allclose(forward(A, f, s, mode), expected, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(backward(dA, A, f, s, mode), grad, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("mode", cv.POOL_MODES)
def test_pooling_passes_the_gradient_check(mode):
    A = np.random.default_rng(9).normal(size=(2, 5, 5, 2))
    G = np.random.default_rng(10).normal(size=(2, 2, 2, 2))
    errors = check_gradients(lambda: float(np.sum(cv.pool_forward(A, 2, 2, mode) * G)),
                             {"A": A}, {"A": cv.pool_backward(G, A, 2, 2, mode)})
    assert errors["A"] < 1e-7


def test_max_pool_ties_go_to_the_first_maximum_like_torch():
    A = np.zeros((1, 2, 2, 1))
    assert cv.pool_backward(np.ones((1, 1, 1, 1)), A, 2)[0, :, :, 0].tolist() == [[1, 0], [0, 0]]
    assert cv.pool_backward_loop(np.ones((1, 1, 1, 1)), A, 2)[0, :, :, 0].tolist() == [[1, 0],
                                                                                         [0, 0]]
    np.testing.assert_array_equal(_torch_pool(A, 2, 2, "max", np.ones((1, 1, 1, 1)))[0, :, :, 0],
                                  [[1, 0], [0, 0]])


# --- equivariance and invariance -----------------------------------------------------------

def test_convolution_is_translation_equivariant_and_pooling_partly_invariant():
    rng = np.random.default_rng(11)
    A = np.zeros((1, 16, 16, 1))
    A[0, 4:10, 4:10, 0] = rng.normal(size=(6, 6))     # content away from the border
    W = rng.normal(size=(3, 3, 1, 2))
    shifted = np.roll(A, (2, 3), axis=(1, 2))          # a shift (only zeros wrap around)
    Z = cv.conv_forward(A, W, np.zeros(2), 1, 1)
    Z_shifted = cv.conv_forward(shifted, W, np.zeros(2), 1, 1)
    np.testing.assert_allclose(Z_shifted, np.roll(Z, (2, 3), axis=(1, 2)), atol=1e-12)
    # a global max pool is invariant to the shift; a 2x2 pool is equivariant to shifts by 2
    np.testing.assert_allclose(Z_shifted.max(axis=(1, 2)), Z.max(axis=(1, 2)))
    P = cv.pool_forward(Z, 2)
    P2 = cv.pool_forward(cv.conv_forward(np.roll(A, (2, 2), axis=(1, 2)), W, np.zeros(2), 1, 1), 2)
    np.testing.assert_allclose(P2, np.roll(P, (1, 1), axis=(1, 2)), atol=1e-12)


# --- torch: from-scratch conv2d and pooling ------------------------------------------------

@pytest.mark.parametrize("case", CONV_CASES, ids=IDS)
def test_torch_conv2d_by_unfold_matches_f_conv2d_and_its_gradients(case, device):
    m, h, w, c_in, c_out, f, stride, pad = case
    g = torch.Generator().manual_seed(12)
    x = torch.randn(m, c_in, h, w, dtype=torch.float64, generator=g).to(device)
    wt = torch.randn(c_out, c_in, f, f, dtype=torch.float64, generator=g).to(device)
    bt = torch.randn(c_out, dtype=torch.float64, generator=g).to(device)
    ours_in = [t.clone().requires_grad_() for t in (x, wt, bt)]
    ref_in = [t.clone().requires_grad_() for t in (x, wt, bt)]
    ours = tcv.conv2d(*ours_in, stride=stride, padding=pad)
    ref = F.conv2d(*ref_in, stride=stride, padding=pad)
    assert ours.device == ref.device and ours.shape == ref.shape
    torch.testing.assert_close(ours, ref, rtol=1e-12, atol=1e-12)
    up = torch.randn(ref.shape, dtype=torch.float64, generator=g).to(device)
    ours.backward(up)
    ref.backward(up)
    for a, r in zip(ours_in, ref_in, strict=True):
        torch.testing.assert_close(a.grad, r.grad, rtol=1e-12, atol=1e-12)


def test_torch_conv2d_module_matches_nn_conv2d_with_copied_weights(device):
    torch.manual_seed(13)
    ref = torch.nn.Conv2d(3, 6, 3, stride=2, padding=1).to(device)
    ours = tcv.Conv2d(3, 6, 3, stride=2, padding=1, device=device)
    assert [p.shape for p in ours.parameters()] == [p.shape for p in ref.parameters()]
    with torch.no_grad():
        ours.weight.copy_(ref.weight)
        ours.bias.copy_(ref.bias)
    x = torch.randn(4, 3, 11, 11, device=device)
    torch.testing.assert_close(ours(x), ref(x))
    ours(x).square().sum().backward()
    ref(x).square().sum().backward()
    torch.testing.assert_close(ours.weight.grad, ref.weight.grad)
    torch.testing.assert_close(ours.bias.grad, ref.bias.grad)
    assert ours.weight.device == x.device and ours(x).device == x.device


def test_torch_conv2d_module_initialises_like_nn_conv2d(device):
    torch.manual_seed(14)
    ref = torch.nn.Conv2d(4, 5, 3, device=device)
    torch.manual_seed(14)
    ours = tcv.Conv2d(4, 5, 3, device=device)
    torch.testing.assert_close(ours.weight, ref.weight)
    torch.testing.assert_close(ours.bias, ref.bias)
    assert tcv.Conv2d(4, 5, 3, bias=False).bias is None


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("f,stride", [(2, None), (3, 2), (3, 1)])
def test_torch_pool2d_matches_max_and_avg_pool2d(device, mode, f, stride):
    g = torch.Generator().manual_seed(15)
    x = torch.randn(2, 3, 7, 8, dtype=torch.float64, generator=g).to(device)
    xa, xb = x.clone().requires_grad_(), x.clone().requires_grad_()
    s = f if stride is None else stride
    ref = (F.max_pool2d if mode == "max" else F.avg_pool2d)(xb, f, s)
    ours = tcv.pool2d(xa, f, stride, mode)
    torch.testing.assert_close(ours, ref)
    up = torch.randn(ref.shape, dtype=torch.float64, generator=g).to(device)
    ours.backward(up)
    ref.backward(up)
    torch.testing.assert_close(xa.grad, xb.grad)


def test_numpy_and_torch_halves_agree_through_the_layout_change(device):
    A, W, b = _conv_data(CONV_CASES[1], seed=16)
    z = tcv.conv2d(_nchw(A).to(device), _torch_weight(W).to(device), torch.from_numpy(b)
                   .to(device), stride=2)
    np.testing.assert_allclose(_nhwc(z), cv.conv_forward(A, W, b, stride=2), rtol=1e-12)


# --- bad input -----------------------------------------------------------------------------

A4 = np.zeros((2, 5, 5, 3))
W4 = np.zeros((3, 3, 3, 4))
B4 = np.zeros(4)


@pytest.mark.parametrize("call,arg", [
    (lambda: cv.conv_forward(A4, np.zeros((3, 3, 2, 4)), B4), "W"),       # channel mismatch
    (lambda: cv.conv_forward_loop(A4, np.zeros((3, 3, 2, 4)), B4), "W"),
    (lambda: cv.conv_forward(A4, np.zeros((7, 7, 3, 4)), B4, pad=0), "W"),  # filter too large
    (lambda: cv.conv_forward(A4, W4, B4, stride=0), "stride"),
    (lambda: cv.conv_forward(A4, W4, B4, stride=-1), "stride"),
    (lambda: cv.conv_forward(A4, W4, B4, pad=-1), "pad"),
    (lambda: cv.conv_forward(A4[0], W4, B4), "A_prev"),                    # wrong rank
    (lambda: cv.conv_forward(A4, W4[0], B4), "W"),
    (lambda: cv.conv_forward(A4, np.zeros((3, 2, 3, 4)), B4), "W"),        # not square
    (lambda: cv.conv_forward(A4, W4, np.zeros(3)), "b"),
    (lambda: cv.conv_backward(np.zeros((2, 3, 3, 5)), A4, W4), "dZ"),
    (lambda: cv.conv_backward(np.zeros((2, 3, 3, 4)), A4, W4, cols=np.zeros((18, 9))), "cols"),
    (lambda: cv.conv_backward_loop(np.zeros((2, 3, 3, 4)), A4, W4, 1, 1), "dZ"),
    (lambda: cv.pool_forward(A4, 6), "f"),
    (lambda: cv.pool_forward(A4, 2, 0), "stride"),
    (lambda: cv.pool_forward(A4, 2, mode="min"), "mode"),
    (lambda: cv.pool_forward_loop(A4[0]), "A_prev"),
    (lambda: cv.pool_backward(np.zeros((2, 3, 3, 3)), A4, 2), "dA"),
    (lambda: cv.pool_backward_loop(np.zeros((2, 2, 2)), A4, 2), "dA"),
    (lambda: cv.output_size(5, 8, 1), "f"),
    (lambda: cv.output_size(5, 3, 0, 0), "stride"),
    (lambda: cv.same_padding(4), "f"),
    (lambda: cv.conv_param_count(3, 0, 4), "n_C_prev"),
])
def test_bad_input_is_rejected_by_name(call, arg):
    with pytest.raises(ValueError, match=rf"^{re.escape(arg)}[ :]"):
        call()


def _x(device):
    return torch.zeros(2, 3, 5, 5, device=device)


def _w(device, c_in=3, f=3):
    return torch.zeros(4, c_in, f, f, device=device)


@pytest.mark.parametrize("call,arg", [
    (lambda d: tcv.conv2d(_x(d), _w(d, c_in=2)), "weight"),            # channel mismatch
    (lambda d: tcv.conv2d(_x(d), _w(d, f=7)), "weight"),                # filter too large
    (lambda d: tcv.conv2d(_x(d), _w(d), stride=0), "stride"),
    (lambda d: tcv.conv2d(_x(d)[0], _w(d)), "x"),                       # wrong rank
    (lambda d: tcv.conv2d(_x(d), _w(d), torch.zeros(3, device=d)), "bias"),
    (lambda d: tcv.pool2d(_x(d), 6), "f"),
    (lambda d: tcv.pool2d(_x(d), 2, -2), "stride"),
    (lambda d: tcv.Conv2d(3, 4, 3, stride=0, device=d), "stride"),
])
def test_torch_bad_input_is_rejected_by_name(call, arg, device):
    with pytest.raises(ValueError, match=rf"^{re.escape(arg)}[ :]"):
        call(device)


@pytest.mark.parametrize("call,arg", [
    (lambda: cv.conv_forward(A4.tolist(), W4, B4), "A_prev"),
    (lambda: cv.conv_forward(A4.astype(complex), W4, B4), "A_prev"),
    (lambda: cv.conv_forward(A4, W4, B4, stride=1.5), "stride"),
    (lambda: cv.conv_forward(A4, W4, B4, pad=True), "pad"),
    (lambda: cv.zero_pad(A4, 1.0), "pad"),
])
def test_wrong_types_are_rejected_by_name(call, arg):
    with pytest.raises(TypeError, match=rf"^{re.escape(arg)} must"):
        call()


@pytest.mark.parametrize("call,arg", [
    (lambda d: tcv.conv2d(A4, _w(d)), "x"),
    (lambda d: tcv.conv2d(_x(d).long(), _w(d)), "x"),
    (lambda d: tcv.Conv2d(3, 4, 3.0, device=d), "kernel_size"),
])
def test_torch_wrong_types_are_rejected_by_name(call, arg, device):
    with pytest.raises(TypeError, match=rf"^{re.escape(arg)} must"):
        call(device)


def test_error_messages_say_what_was_expected():
    with pytest.raises(ValueError, match=r"n_C_prev = 3 input channels"):
        cv.conv_forward(A4, np.zeros((3, 3, 2, 4)), B4)
    with pytest.raises(ValueError, match=r"7x7 window is larger than the padded input \(5x5\)"):
        cv.conv_forward(A4, np.zeros((7, 7, 3, 4)), B4)
    with pytest.raises(ValueError, match=r"4 dimensions \(m, n_H_prev, n_W_prev, n_C_prev\)"):
        cv.conv_forward(A4[0], W4, B4)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    A, W, b = ar(2, 5, 5, 3), ar(3, 3, 3, 4), ar(4)
    dZ = ar(2, 3, 3, 4)                       # output of a 3x3 filter, stride 1, no padding
    P = ar(2, 4, 4, 3)
    dP = ar(2, 2, 2, 3)                       # output of 2x2 pooling, stride 2
    conv_hyper = {"stride": BAD_INT, "pad": [-1, 2.5]}
    pool_hyper = {"f": BAD_INT, "stride": BAD_INT, "mode": ["min"]}
    too_big = [X("filter larger than the input", C(ar(1, 2, 2, 3), W, b), "W")]
    return {
        "output_size": E(C(5, 3), hyper={"n": BAD_INT, "f": [0, 8], "pad": [-1, 2.5],
                                        "stride": BAD_INT}),
        "same_padding": E(C(3), hyper={"f": [0, 2, 2.5]}),
        "zero_pad": E(C(A, 1), arrays=("X",), hyper={"pad": [-1, 2.5]}),
        "im2col": E(C(A, 3), arrays=("A_pad",), hyper={"f": [0, 6, 2.5], "stride": BAD_INT}),
        "conv_forward_loop": E(C(A, W, b), arrays=("A_prev", "W", "b"), hyper=conv_hyper,
                               extra=too_big),
        "conv_forward": E(C(A, W, b), arrays=("A_prev", "W", "b"),
                          hyper={**conv_hyper, "return_cols": [1, "yes"]}, extra=too_big),
        "conv_backward_loop": E(C(dZ, A, W), arrays=("dZ", "A_prev", "W"), hyper=conv_hyper),
        "conv_backward": E(C(dZ, A, W), arrays=("dZ", "A_prev", "W"), hyper=conv_hyper,
                           extra=[X("cols of the right shape", C(dZ, A, W, cols=ar(18, 27)),
                                    "ok"),
                                  X("cols of another input", C(dZ, A, W, cols=ar(18, 12)),
                                    "cols"),
                                  X("cols of another rank", C(dZ, A, W, cols=ar(18, 3, 9)),
                                    "cols")]),
        "pool_forward_loop": E(C(P), arrays=("A_prev",), hyper=pool_hyper),
        "pool_forward": E(C(P), arrays=("A_prev",), hyper=pool_hyper),
        "pool_backward_loop": E(C(dP, P), arrays=("dA", "A_prev"), hyper=pool_hyper),
        "pool_backward": E(C(dP, P), arrays=("dA", "A_prev"), hyper=pool_hyper),
        "conv_param_count": E(C(3, 3, 8), hyper={"f": BAD_INT, "n_C_prev": BAD_INT,
                                                 "n_C": BAD_INT}),
        "dense_param_count": E(C(10, 4), hyper={"n_in": BAD_INT, "n_out": BAD_INT}),
    }


def _torch_sweep():
    from dlnotes.torch import convolutions as m

    def conv(d):
        torch.manual_seed(0)
        return m.Conv2d(3, 4, 3, padding=1, device=d, dtype=torch.float64)

    return {
        "conv2d": E(lambda d: C(tn(d, 2, 3, 5, 5), tn(d, 4, 3, 3, 3), tn(d, 4)),
                    arrays=("x", "weight", "bias"),
                    hyper={"stride": BAD_INT, "padding": [-1, 2.5]},
                    extra=lambda d: [X("filter larger than the input",
                                       C(tn(d, 1, 3, 2, 2), tn(d, 4, 3, 3, 3)), "weight"),
                                     X("non-square filter",
                                       C(tn(d, 1, 3, 5, 5), tn(d, 4, 3, 3, 2)), "weight")]),
        "Conv2d": E(lambda d: C(tn(d, 2, 3, 5, 5), fn=conv(d)), arrays=("x",),
                    extra=[X("in_channels 0", C(0, 4, 3), "in_channels"),
                           X("kernel_size 2.5", C(3, 4, 2.5), "kernel_size"),
                           X("stride 0", C(3, 4, 3, stride=0), "stride"),
                           X("padding -1", C(3, 4, 3, padding=-1), "padding")]),
        "pool2d": E(lambda d: C(tn(d, 2, 3, 4, 4)), arrays=("x",),
                    hyper={"f": [0, 5, 2.5], "stride": BAD_INT, "mode": ["min"]}),
    }


SWEEP = {"numpy.convolutions": _numpy_sweep, "torch.convolutions": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.convolutions", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.convolutions", _torch_sweep, device)
