import numpy as np

from dlnotes.numpy import convolutions as cv

A_prev = np.array([[1., 3., 2., 1.],
                   [4., 2., 0., 1.],
                   [5., 6., 1., 2.],
                   [0., 2., 3., 9.]]).reshape(1, 4, 4, 1)   # NHWC, one channel
for mode in ("max", "average"):
    A = cv.pool_forward(A_prev, f=2, stride=2, mode=mode)
    dA = np.ones_like(A)  # the gradient of sum(A)
    dA_prev = cv.pool_backward(dA, A_prev, f=2, stride=2, mode=mode)
    print(f"{mode} pool:", A[0, :, :, 0].tolist())
    print(f"gradient of sum(A) with respect to A_prev:\n{dA_prev[0, :, :, 0]}")
