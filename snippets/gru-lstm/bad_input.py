import numpy as np

from dlnotes.numpy import gru_lstm

params = gru_lstm.init_params("lstm", n_x=3, n_a=4)
x = np.zeros((3, 2, 5))  # (n_x, m, T_x)
try:
    gru_lstm.lstm_forward(x, np.zeros((4, 2)), params, c0=np.zeros((5, 2)))
except ValueError as err:
    print("ValueError:", err)
