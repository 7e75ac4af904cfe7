import numpy as np

from dlnotes.numpy import convolutions as cv
from dlnotes.numpy.gradient_checking import check_gradients
from dlnotes.printing import below

rng = np.random.default_rng(2)
A_prev = rng.normal(size=(2, 5, 5, 2))     # float64 for the check
W = rng.normal(size=(3, 3, 2, 3))
b = rng.normal(size=3)
G = rng.normal(size=(2, 3, 3, 3))          # J = sum(Z * G), so dJ/dZ = G


def cost():  # the loop forward pass: the reference for the gradients
    Z = cv.conv_forward_loop(A_prev, W, b, stride=2, pad=1)
    return float(np.sum(Z * G))


for backward in (cv.conv_backward_loop, cv.conv_backward):
    dA, dW, db = backward(G, A_prev, W, stride=2, pad=1)
    errors = check_gradients(cost, {"A_prev": A_prev, "W": W, "b": b},
                             {"A_prev": dA, "W": dW, "b": db})
    summary = ", ".join(f"{k} {below(v, 1e-7)}" for k, v in errors.items())
    print(backward.__name__ + ":", summary)
