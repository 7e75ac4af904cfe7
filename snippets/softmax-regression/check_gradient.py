import numpy as np
import torch
import torch.nn.functional as F

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import softmax_regression as sr
from dlnotes.printing import below

rng = np.random.default_rng(0)
# C = 4 classes, m = 6 examples (columns)
Z = rng.normal(scale=2.0, size=(4, 6))
y = rng.integers(0, 4, size=6)

dZ = sr.cross_entropy_backward(Z, y)  # (Y_hat - Y) / m, by hand
print("dZ equals (softmax(Z) - one_hot(y)) / m:",
      np.allclose(dZ, (sr.softmax(Z) - sr.one_hot(y, 4)) / 6))

params = {"Z": Z.copy()}


def cost():
    return sr.cross_entropy(params["Z"], y)


err = gc.check_gradients(cost, params, {"Z": dZ})
print(f"relative error against finite differences: {below(err['Z'], 1e-7)}")

z = torch.tensor(Z.T, requires_grad=True)  # torch is batch-first: (m, C)
F.cross_entropy(z, torch.tensor(y)).backward()
gap = np.abs(z.grad.numpy().T - dZ).max()
print(f"largest difference from autograd: {below(gap, 1e-12)}")
