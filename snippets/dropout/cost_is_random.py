import numpy as np

from dlnotes.numpy import cost_regularization as cr
from dlnotes.numpy import dropout as nd
from dlnotes.numpy import initialization as ini

rng = np.random.default_rng(0)
params = ini.initialize_parameters([2, 32, 32, 1], "he", rng)
X = rng.normal(size=(2, 100))
Y = (X[0] * X[1] > 0).astype(float)[None, :]

costs = [cr.logistic_cost(nd.dropout_mlp_forward(X, params, 0.5, rng)[0], Y)[0]
         for _ in range(5)]
print("J at the same parameters, 5 masks:", " ".join(f"{c:.3f}" for c in costs))
Z, _ = nd.dropout_mlp_forward(X, params, 0.5, training=False)
print(f"J with dropout off: {cr.logistic_cost(Z, Y)[0]:.3f}")
