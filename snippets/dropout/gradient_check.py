import numpy as np

from dlnotes.numpy import cost_regularization as cr
from dlnotes.numpy import dropout as nd
from dlnotes.numpy import initialization as ini
from dlnotes.numpy.gradient_checking import check_gradients
from dlnotes.printing import sci

rng = np.random.default_rng(0)
params = ini.initialize_parameters([3, 10, 8, 1], "he", rng)
X = rng.normal(size=(3, 12))
Y = (rng.uniform(size=(1, 12)) > 0.5).astype(float)


def cost(keep_prob, masks=None):
    Z, _ = nd.dropout_mlp_forward(
        X, params, keep_prob, rng, hidden="tanh", masks=masks
    )
    return cr.logistic_cost(Z, Y)[0]


def backprop(keep_prob):
    Z, cache = nd.dropout_mlp_forward(X, params, keep_prob, rng, hidden="tanh")
    dZ = cr.logistic_cost(Z, Y)[1]
    return nd.dropout_mlp_backward(dZ, cache, params), cache["masks"]


grads, masks = backprop(0.5)
for label, J, g in [
    ("dropout on, new masks each call", lambda: cost(0.5), grads),
    ("dropout on, masks frozen", lambda: cost(0.5, masks), grads),
    ("dropout off (keep_prob = 1)", lambda: cost(1.0), backprop(1.0)[0]),
]:
    error = max(check_gradients(J, params, g).values())
    print(f"{label:32s} relative error {sci(error, 1e-7)}")
