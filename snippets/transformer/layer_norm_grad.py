import numpy as np

from dlnotes.numpy import transformer as nt
from dlnotes.numpy.gradient_checking import check_gradients

rng = np.random.default_rng(0)
p = {"x": rng.normal(size=(2, 3, 6)) * 2 + 1,  # (batch, n, d), float64
     "gamma": rng.normal(size=6), "beta": rng.normal(size=6)}
w = rng.normal(size=(2, 3, 6))  # the loss is sum(w * LayerNorm(x))


def loss():
    return float((w * nt.layer_norm(p["x"], p["gamma"], p["beta"])).sum())


dx, dgamma, dbeta = nt.layer_norm_backward(w, p["x"], p["gamma"])
errors = check_gradients(loss, p, {"x": dx, "gamma": dgamma, "beta": dbeta})
for name, err in errors.items():
    print(f"d{name}: relative error below 1e-7: {err < 1e-7}")
# each token's dx sums to 0: shifting a token by a constant changes nothing
print("dx sums to 0 per token:", np.allclose(dx.sum(-1), 0, atol=1e-12))
