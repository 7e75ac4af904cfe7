import numpy as np

from dlnotes.numpy import gradient_checking, gru_lstm
from dlnotes.printing import below

rng = np.random.default_rng(0)
params = gru_lstm.init_params("gru", n_x=3, n_a=4, seed=0, scale=0.6)
x = rng.normal(size=(3, 5, 6))   # (n_x, m, T_x)
c0 = rng.normal(0, 0.5, (4, 5))  # (n_a, m)
w = rng.normal(size=(4, 5, 6))   # loss L = sum(w * a): any gradient da works


def loss():
    return float(np.sum(w * gru_lstm.gru_forward(x, c0, params)[0]))


_, caches = gru_lstm.gru_forward(x, c0, params)
grads = gru_lstm.gru_backward(w, caches)
errors = gradient_checking.check_gradients(
    loss, params | {"x": x}, {k: grads["d" + k] for k in [*params, "x"]})
print("GRU (course variant), relative errors:")
print("  ".join(f"{k} {below(e, 1e-7)}" for k, e in errors.items()))
