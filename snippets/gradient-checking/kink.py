import numpy as np

from dlnotes.numpy import gradient_checking as gc
from dlnotes.printing import sci

x = {"x": np.array([-1.0, 0.0, 2.0])}  # one input sits exactly on ReLU's kink


def J():
    return float(np.maximum(x["x"], 0.0).sum())


def dJ():
    # backprop's convention: relu'(0) = 0
    return {"x": (x["x"] > 0).astype(float)}


print("difference quotient:", gc.numerical_gradient(J, x)["x"])
print(f"at the kink:  {sci(gc.grad_check(J, x, dJ()).overall, 1e-7)}")
x["x"] = gc.away_from_kinks(x["x"], margin=1e-3)
print(f"moved to {x['x']}: {sci(gc.grad_check(J, x, dJ()).overall, 1e-7)}")
