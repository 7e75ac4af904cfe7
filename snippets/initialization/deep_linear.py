import numpy as np

from dlnotes.numpy import initialization as ini

x = np.ones((2, 1))
for c in (0.5, 0.9, 1.0, 1.1, 1.5):
    out, dX, grads = ini.deep_linear_identity(c, depth=50, x=x)
    print(f"c = {c}: a[50] = {out[0, 0]:.3e} (c**50 = {c**50:.3e}),"
          f" dJ/dW[1] = {grads['W1'][0, 0]:.3e}")
