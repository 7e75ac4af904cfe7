import math

import numpy as np
import torch

from dlnotes.numpy import cost_regularization as cr
from dlnotes.numpy import mlp, rnn
from dlnotes.torch import convolutions as tc

params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))}
no_ba = {"Wax": np.ones((4, 3)), "Waa": np.ones((4, 4))}
a_prev, float64 = np.ones((4, 2)), torch.ones(2, 3, 3, 3, dtype=torch.float64)
calls = {
    "empty batch": lambda: cr.logistic_cost(np.zeros((1, 0)), np.zeros((1, 0))),
    "complex": lambda: cr.logistic_cost(np.ones((1, 2)) + 1j, np.ones((1, 2))),
    "NaN label": lambda: cr.logistic_cost(np.ones((1, 2)), [[1.0, math.nan]]),
    "inf rate": lambda: cr.l2_penalty(params, lambd=math.inf, m=10),
    "dtype mix": lambda: tc.conv2d(torch.ones(1, 3, 5, 5), float64),
    "missing key": lambda: rnn.rnn_cell_forward(np.ones((3, 2)), a_prev, no_ba),
    "string": lambda: cr.l2_penalty(params, lambd=0.1, m="10"),
    "bool": lambda: cr.l2_penalty(params, lambd=True, m=10),
}
for call in calls.values():
    try:
        call()
    except (ValueError, TypeError) as err:
        print(f"{type(err).__name__}: {err}")

print(mlp.sigmoid(np.array([0.0, math.nan])))  # NaN in data: passed on
print(mlp.sigmoid(np.zeros((3, 0))).shape)     # an empty batch through a layer
