"""Attention: the bad-input sweep over the public API (tests/sweep_support.py)."""

import math

import numpy as np
import pytest
import torch
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, X, ar, ints, sweep_module, tn, zeros_row


def _numpy_sweep():
    from dlnotes.numpy import attention as m

    q, k, v = ar(2, 3, 4), ar(2, 5, 4), ar(2, 5, 6)
    Wq, wv = ar(4, 7), ar(7)
    out, cache = m.scaled_dot_product_attention(q, k, v)
    full_mask = np.ones((2, 3, 5), bool)
    full_mask[1, 0] = False
    return {
        "masked_softmax": E(C(ar(2, 3, 5), np.array([2, 0])), arrays=("scores", "valid_lens"),
                            extra=[X("fully masked row", C(ar(2, 3, 5), np.array([2, 0])), "ok",
                                     lambda r: np.testing.assert_array_equal(r[1], 0))]),
        "attention_mask": E(C((2, 3, 5), valid_lens=np.array([2, 0])), arrays=("valid_lens",),
                            extra=[X("valid_lens > n_k", C((2, 3, 5), valid_lens=np.array([6, 1])),
                                     "valid_lens")]),
        "nadaraya_watson": E(C(ar(5), ar(6), ar(6)), arrays=("x_query", "x_keys", "y_values"),
                             hyper={"width": BAD_POS, "kernel": ["box"]}),
        "nadaraya_watson_width_grad": E(C(ar(5), ar(6), ar(6), ar(5), 1.0),
                                        arrays=("x_query", "x_keys", "y_values", "y_target"),
                                        hyper={"width": BAD_POS}),
        "synthetic_regression": E(C(10), hyper={"n": BAD_INT, "noise": [-1.0, NAN]}),
        "fit_width": E(C(np.sort(ar(10)), ar(10), steps=3), arrays=("x", "y"),
                       hyper={"width": BAD_POS, "lr": BAD_POS, "steps": [-1, 2.5]}),
        "additive_attention": E(C(q, ar(2, 5, 3), v, Wq, ar(3, 7), wv),
                                arrays=("queries", "keys", "values", "W_q", "W_k", "w_v")),
        "additive_attention_backward": E(C(ar(2, 3, 6), q, ar(2, 5, 3), v, Wq, ar(3, 7), wv),
                                         arrays=("d_out", "queries", "values", "w_v")),
        "scaled_dot_product_attention": E(
            C(q, k, v), arrays=("queries", "keys", "values"), hyper={"scale": [NAN, math.inf]},
            extra=[X("fully masked row", C(q, k, v, mask=full_mask), "ok", zeros_row),
                   X("mask wrong shape", C(q, k, v, mask=np.ones((2, 4), bool)), "mask")]),
        "scaled_dot_product_attention_backward": E(C(ar(2, 3, 6), cache), arrays=("d_out",)),
    }


def _multi_head_sweep():
    q, Wq = ar(2, 3, 4), ar(4, 7)
    mha = {f"W_{n}": ar(8, 8, seed=i) for i, n in enumerate("qkvo")}
    mha.update({f"b_{n}": ar(8, seed=i) for i, n in enumerate("qkvo")})
    return {
        "self_attention": E(C(q, Wq, Wq, ar(4, 6)), arrays=("X", "W_q", "W_k", "W_v")),
        "multi_head_attention": E(C(ar(2, 3, 8), ar(2, 5, 8), ar(2, 5, 8), mha, 2),
                                  arrays=("query", "key", "value"),
                                  hyper={"num_heads": [0, 3, 2.0]}),
        "positional_encoding": E(C(6, 4), hyper={"max_len": BAD_INT, "d": [0, 3], "base": BAD_POS}),
        "positional_shift_matrix": E(C(2, 4), hyper={"d": [0, 3], "base": BAD_POS}),
    }


def _torch_sweep():
    from dlnotes.torch import attention as m

    def mha(d):
        return m.MultiHeadAttention(8, 2, dtype=torch.float64, device=d)

    def full_mask(d):
        mk = torch.ones(2, 3, 5, dtype=torch.bool, device=d)
        mk[1, 0] = False
        return mk

    def nw(d):
        return m.NadarayaWatson(1.0, dtype=torch.float64, device=d)

    def add(d):
        return m.AdditiveAttention(4, 3, 7, dtype=torch.float64, device=d,
                                   generator=torch.Generator().manual_seed(0))

    return {
        "attention_mask": E(lambda d: C((2, 3, 5), valid_lens=ints(d, 2, 0), device=d),
                            arrays=("valid_lens",),
                            extra=lambda d: [X("valid_lens > n_k",
                                               C((2, 3, 5), valid_lens=ints(d, 6, 1)),
                                               "valid_lens")]),
        "masked_softmax": E(lambda d: C(tn(d, 2, 3, 5), ints(d, 2, 0)),
                            arrays=("scores", "valid_lens"),
                            extra=lambda d: [X("fully masked row", C(tn(d, 2, 3, 5), ints(d, 2, 0)),
                                               "ok", zeros_row)]),
        "scaled_dot_product_attention": E(
            lambda d: C(tn(d, 2, 3, 4), tn(d, 2, 5, 4), tn(d, 2, 5, 6)),
            arrays=("queries", "keys", "values"), hyper={"scale": [NAN, math.inf]},
            extra=lambda d: [X("fully masked row", C(tn(d, 2, 3, 4), tn(d, 2, 5, 4), tn(d, 2, 5, 6),
                                                     mask=full_mask(d)), "ok", zeros_row)]),
        "NadarayaWatson": E(lambda d: C(tn(d, 5), tn(d, 6), tn(d, 6), fn=nw(d)),
                            arrays=("x_query", "x_keys", "y_values"),
                            extra=[X("width <= 0", C(0.0), "width"),
                                   X("width nan", C(NAN), "width")]),
        "AdditiveAttention": E(lambda d: C(tn(d, 2, 3, 4), tn(d, 2, 5, 3), tn(d, 2, 5, 6),
                                           fn=add(d)),
                               arrays=("queries", "keys", "values"),
                               extra=[X("h = 0", C(4, 3, 0), "h"), X("d_q = 2.5", C(2.5, 3, 4),
                                                                    "d_q")]),
        "MultiHeadAttention": E(lambda d: C(tn(d, 2, 3, 8), tn(d, 2, 5, 8), tn(d, 2, 5, 8),
                                            fn=mha(d)),
                                arrays=("query", "key", "value"),
                                extra=[X("num_heads = 3", C(8, 3), "num_heads"),
                                       X("d_model = 0", C(0, 1), "d_model")]),
        "positional_encoding": E(C(6, 4), hyper={"max_len": BAD_INT, "d": [0, 3],
                                                 "base": BAD_POS}),
    }


SWEEP = {"numpy.attention": _numpy_sweep, "numpy.attention_multi_head": _multi_head_sweep,
         "torch.attention": _torch_sweep}


@pytest.mark.api
@pytest.mark.parametrize("module", ["numpy.attention", "numpy.attention_multi_head"])
def test_sweep_numpy(module):
    sweep_module(module, SWEEP[module], "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.attention", _torch_sweep, device)
