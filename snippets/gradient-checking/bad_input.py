import numpy as np

from dlnotes.numpy import gradient_checking as gc

# float32 differences are mostly rounding
params = {"W": np.ones((2, 2), dtype=np.float32)}
try:
    ones = {"W": np.ones((2, 2))}
    gc.grad_check(lambda: float(params["W"].sum()), params, ones)
except TypeError as err:
    print(f"TypeError: {err}")
