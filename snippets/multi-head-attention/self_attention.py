import numpy as np

from dlnotes.numpy import attention_multi_head as mh

rng = np.random.default_rng(0)
n, d, d_k, d_v = 5, 8, 4, 6
X = rng.normal(size=(1, n, d))  # one sequence of n tokens, one row each
W_q, W_k, W_v = (
    rng.normal(size=(d, d_k)),
    rng.normal(size=(d, d_k)),
    rng.normal(size=(d, d_v)),
)

out, weights = mh.self_attention(X, W_q, W_k, W_v)
print("X", X.shape, "W_q", W_q.shape, "Q = X W_q", (X @ W_q).shape)
print("weights", weights.shape, "output", out.shape)
try:
    mh.self_attention(X, W_q.T, W_k, W_v)  # the transposed (d_k, d) layout
except ValueError as err:
    print("ValueError:", err)
