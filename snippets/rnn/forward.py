import numpy as np

from dlnotes.numpy import rnn

# examples are columns, time is the last axis
n_x, n_a, n_y, m, T_x = 3, 5, 2, 4, 6
params = rnn.init_params(n_x, n_a, n_y, seed=0)
x = np.random.default_rng(1).normal(size=(n_x, m, T_x))
a0 = np.zeros((n_a, m))

a, caches = rnn.rnn_forward(x, a0, params)
print("x:", x.shape, "-> a:", a.shape)

# The notes' stacked notation: W_a [a<t-1>; x<t>] equals W_aa a<t-1> + W_ax x<t>
Wa = rnn.stack_weights(params["Waa"], params["Wax"])
a1 = np.tanh(Wa @ np.vstack([a0, x[:, :, 0]]) + params["ba"])
print("W_a:", Wa.shape, "| same a<1>:", np.allclose(a1, a[:, :, 0]))
