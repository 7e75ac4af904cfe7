import numpy as np

from dlnotes.numpy import batch_norm as bn

Z = np.full((2, 6), 7.5)  # every example identical: the batch variance is 0
gamma, beta = np.array([[2.0], [3.0]]), np.array([[0.5], [-1.0]])
Z_tilde, cache = bn.batchnorm_forward(Z, gamma, beta, eps=1e-5)
print("variance:", cache["var"].ravel(), "-> output", Z_tilde[:, 0], "(= beta)")
dZ, dgamma, dbeta = bn.batchnorm_backward(np.ones_like(Z), cache)
finite = all(np.isfinite(a).all() for a in (Z_tilde, dZ, dgamma, dbeta))
print("all finite:", finite)
