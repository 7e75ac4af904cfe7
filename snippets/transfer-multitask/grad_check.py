import numpy as np

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import transfer_multitask as mt
from dlnotes.printing import below

rng = np.random.default_rng(0)
Z = rng.normal(size=(3, 50))  # 3 tasks, 50 examples, float64
Y = rng.integers(0, 2, size=Z.shape).astype(float)
Y[rng.uniform(size=Z.shape) < 0.3] = np.nan  # 30 % of the labels missing
params = {"Z": Z}
grads = {"Z": mt.masked_bce_with_logits_backward(Z, Y)}


def cost():
    return mt.masked_bce_with_logits(params["Z"], Y)


error = gc.check_gradients(cost, params, grads)
print(f"relative error of the hand-written gradient: {below(error['Z'], 1e-6)}")
