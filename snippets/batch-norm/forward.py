import numpy as np

from dlnotes.numpy import batch_norm as bn

rng = np.random.default_rng(0)
Z = rng.normal(
    loc=[[5.0], [-2.0], [0.0]], scale=[[3.0], [0.1], [1.0]], size=(3, 8)
)
# (n, 1): one pair per feature (row)
gamma, beta = np.ones((3, 1)), np.zeros((3, 1))

Z_tilde, cache = bn.batchnorm_forward(Z, gamma, beta)
print("batch means   :", cache["mu"].ravel().round(3))
print("batch vars    :", cache["var"].ravel().round(3))
print("after, means  :", Z_tilde.mean(axis=1).round(6) + 0.0)
print("after, vars   :", Z_tilde.var(axis=1).round(4))

gamma, beta = np.array([[2.0], [1.0], [0.5]]), np.array([[1.0], [0.0], [-3.0]])
# gamma, beta set the new mean and std
Z_tilde, _ = bn.batchnorm_forward(Z, gamma, beta)
print("with gamma, beta: means", Z_tilde.mean(axis=1).round(6) + 0.0,
      "stds", Z_tilde.std(axis=1).round(3))
