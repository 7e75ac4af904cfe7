import numpy as np

from dlnotes.numpy import cost_regularization as cr

rng = np.random.default_rng(0)
params = {"W1": rng.normal(size=(4, 3)), "b1": np.zeros((4, 1)),
          "W2": rng.normal(size=(1, 4)), "b2": np.zeros((1, 1))}
lambd, m = 0.7, 50

l2 = cr.l2_penalty(params, lambd, m)
frob = sum(np.linalg.norm(params[k], "fro") ** 2 for k in ("W1", "W2"))
by_formula = lambd / (2 * m) * frob
print(f"L2 penalty {l2:.6f} = lambda/(2m) * sum ||W||_F^2 = {by_formula:.6f}")
print(f"L1 penalty {cr.l1_penalty(params, lambd, m):.6f}")

doubled = {k: 2 * v for k, v in params.items()}
l2_ratio = cr.l2_penalty(doubled, lambd, m) / l2
l1_ratio = cr.l1_penalty(doubled, lambd, m) / cr.l1_penalty(params, lambd, m)
print(f"weights x2 -> L2 penalty x{l2_ratio:.1f}, L1 penalty x{l1_ratio:.1f}")

grads = cr.penalty_gradients(params, lambd, m, kind="l2")
expected = lambd / m * params["W1"]
print("dL2/dW1 == (lambda/m) W1:", np.allclose(grads["W1"], expected))
print("penalized:", sorted(grads), "(biases are not)")
