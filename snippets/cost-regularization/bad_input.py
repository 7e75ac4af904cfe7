import numpy as np

from dlnotes.numpy import cost_regularization as cr
from dlnotes.numpy import mlp

params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))}
for call in (
    lambda: cr.l2_penalty(params, lambd=-0.1, m=10),
    lambda: cr.l2_penalty(params, lambd=0.1, m=0),
    lambda: mlp.linear_forward(np.ones((4, 5)), params["W1"], params["b1"]),
):
    try:
        call()
    except (ValueError, TypeError) as err:
        print(f"{type(err).__name__}: {err}")
