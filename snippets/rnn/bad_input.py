import numpy as np

from dlnotes.numpy import rnn

params = rnn.init_params(n_x=3, n_a=5, n_y=2)
# one time step without its time axis: (n_x, m) instead of (n_x, m, T_x)
x = np.zeros((3, 4))
try:
    rnn.rnn_forward(x, np.zeros((5, 4)), params)
except ValueError as err:
    print("ValueError:", err)
try:
    # a hidden state of the wrong size
    rnn.rnn_forward(x[:, :, None], np.zeros((4, 4)), params)
except ValueError as err:
    print("ValueError:", err)
