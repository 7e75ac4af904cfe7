import numpy as np

from dlnotes.numpy import convolutions as cv

A_prev = np.zeros((2, 5, 5, 3))   # NHWC: 3 channels
W = np.zeros((3, 3, 4, 8))        # filters built for 4 input channels
try:
    cv.conv_forward(A_prev, W, np.zeros(8), stride=1, pad=1)
except ValueError as err:
    print("ValueError:", err)
