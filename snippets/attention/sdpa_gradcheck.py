import numpy as np

from dlnotes.numpy import attention as na
from dlnotes.numpy.gradient_checking import check_gradients

rng = np.random.default_rng(0)
p = {"Q": rng.normal(size=(2, 3, 4)), "K": rng.normal(size=(2, 5, 4)),
     "V": rng.normal(size=(2, 5, 2))}
valid_lens = np.array([[2, 5, 0], [1, 3, 4]])  # includes a fully masked row
g = rng.normal(size=(2, 3, 2))  # loss = sum(output * g), so dL/d output = g


def loss():
    out, _ = na.scaled_dot_product_attention(
        p["Q"], p["K"], p["V"], valid_lens=valid_lens
    )
    return float((out * g).sum())


_, cache = na.scaled_dot_product_attention(
    p["Q"], p["K"], p["V"], valid_lens=valid_lens
)
dQ, dK, dV = na.scaled_dot_product_attention_backward(g, cache)
for name, err in check_gradients(loss, p, {"Q": dQ, "K": dK, "V": dV}).items():
    print(f"d{name}: relative error below 1e-7: {err < 1e-7}")
