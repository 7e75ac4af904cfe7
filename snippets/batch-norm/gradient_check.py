import numpy as np

from dlnotes.numpy import batch_norm as bn
from dlnotes.numpy import gradient_checking as gc
from dlnotes.printing import below

rng = np.random.default_rng(1)
# the cost reads the output through fixed random weights
R = rng.normal(size=(3, 5))
p = {"Z": rng.normal(size=(3, 5)), "gamma": rng.normal(size=(3, 1)),
     "beta": rng.normal(size=(3, 1))}


def cost():
    Z_tilde, _ = bn.batchnorm_forward(p["Z"], p["gamma"], p["beta"])
    return float((R * Z_tilde).sum())


_, cache = bn.batchnorm_forward(p["Z"], p["gamma"], p["beta"])
dZ, dgamma, dbeta = bn.batchnorm_backward(R, cache)  # dJ/dZ_tilde = R
grads = {"Z": dZ, "gamma": dgamma, "beta": dbeta}
for name, err in gc.check_gradients(cost, p, grads).items():
    print(f"fully connected, d{name}: relative error {below(err, 1e-7)}")

q = {"X": rng.normal(size=(2, 3, 3, 4)), "gamma": rng.normal(size=4),
     "beta": rng.normal(size=4)}  # NHWC: 2 images, 3x3, 4 channels
S = rng.normal(size=(2, 3, 3, 4))
_, cache = bn.conv_batchnorm_forward(q["X"], q["gamma"], q["beta"])
dX, dgamma, dbeta = bn.conv_batchnorm_backward(S, cache)
grads = {"X": dX, "gamma": dgamma, "beta": dbeta}


def conv_cost():
    out, _ = bn.conv_batchnorm_forward(q["X"], q["gamma"], q["beta"])
    return float((S * out).sum())


errors = gc.check_gradients(conv_cost, q, grads)
for name, err in errors.items():
    print(f"convolutional (per channel), d{name}: "
          f"relative error {below(err, 1e-7)}")
