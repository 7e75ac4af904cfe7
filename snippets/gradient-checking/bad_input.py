import numpy as np

from dlnotes.numpy import gradient_checking as gc

params = {"W": np.ones((2, 2), dtype=np.float32)}  # float32 differences are mostly rounding
try:
    gc.grad_check(lambda: float(params["W"].sum()), params, {"W": np.ones((2, 2))})
except TypeError as err:
    print(f"TypeError: {err}")
