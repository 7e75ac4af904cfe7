import numpy as np
import torch
import torch.nn.functional as F

from dlnotes.numpy import cost_regularization as cr
from dlnotes.numpy import mlp
from dlnotes.printing import below

rng = np.random.default_rng(1)
X = rng.normal(size=(3, 32))                     # 32 examples as columns
Y = (X[:1] + X[1:2] ** 2 > 0.5).astype(float)    # (1, 32) binary labels
m, lambd, lr = X.shape[1], 2.0, 0.5
start = {"W1": rng.normal(size=(8, 3)) / np.sqrt(3), "b1": np.zeros((8, 1)),
         "W2": rng.normal(size=(1, 8)) / np.sqrt(8), "b2": np.zeros((1, 1))}

# NumPy: gradient descent on J + (lambda/2m) sum ||W||_F^2,
# gradients written by hand
params = {k: v.copy() for k, v in start.items()}
for _ in range(25):
    Z, cache = mlp.mlp_forward(X, params, hidden="tanh")
    grads = mlp.mlp_backward(cr.logistic_cost(Z, Y)[1], cache, params)
    cr.gradient_descent_step(params, grads, lr, lambd, m, kind="l2")

# PyTorch: the bare cost, and SGD's weight_decay = lambda/m on the weights
# (not the biases)
t = {k: torch.tensor(v, requires_grad=True) for k, v in start.items()}
decay = cr.weight_decay(lambd, m)
opt = torch.optim.SGD([{"params": [t["W1"], t["W2"]], "weight_decay": decay},
                       {"params": [t["b1"], t["b2"]], "weight_decay": 0.0}],
                      lr=lr)
x, y = torch.tensor(X), torch.tensor(Y)
for _ in range(25):
    opt.zero_grad()
    z = t["W2"] @ torch.tanh(t["W1"] @ x + t["b1"]) + t["b2"]
    F.binary_cross_entropy_with_logits(z, y).backward()
    opt.step()

print(f"weight_decay = lambda/m = {cr.weight_decay(lambd, m)}")
diff = max(np.abs(params[k] - t[k].detach().numpy()).max() for k in params)
print(f"largest difference after 25 steps: {below(diff, 1e-12)}")
print(f"||W1||_F with L2: {np.linalg.norm(params['W1']):.3f}")
