import numpy as np

from dlnotes.numpy import batch_norm as bn

rng = np.random.default_rng(0)
W, X = rng.normal(size=(4, 3)), rng.normal(size=(3, 10))  # 4 units, 10 examples
gamma, beta = np.ones((4, 1)), np.zeros((4, 1))
b = rng.normal(scale=5.0, size=(4, 1))

out_without, _ = bn.batchnorm_forward(W @ X, gamma, beta)
out_with, cache = bn.batchnorm_forward(W @ X + b, gamma, beta)
change = np.abs(out_with - out_without).max()
print("b changes the output by less than 1e-12:", change < 1e-12)

dZ, _, _ = bn.batchnorm_backward(rng.normal(size=(4, 10)), cache)
# the gradient b would receive: zero, b cannot learn anything
db = dZ.sum(axis=1)
print("gradient b would receive:", db.round(12) + 0.0)
