import numpy as np

from dlnotes.numpy import optimization as opt

for make in (lambda: opt.Adam(lr=0.0), lambda: opt.Momentum(lr=0.1, beta=1.0)):
    try:
        make()
    except ValueError as err:
        print("ValueError:", err)

params = {"W": np.zeros((2, 3))}
try:
    opt.Adam().step(params, {"W": np.zeros((3, 2))})
except ValueError as err:
    print("ValueError:", err)
