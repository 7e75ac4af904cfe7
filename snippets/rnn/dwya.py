import numpy as np

from dlnotes.numpy import rnn

rng = np.random.default_rng(0)
params = rnn.init_params(n_x=3, n_a=5, n_y=2, seed=0, scale=0.5)
x = rng.normal(size=(3, 4, 6))
y = (rng.uniform(size=(2, 4, 6)) < 0.5).astype(float)
m, T_x = x.shape[1], x.shape[2]

a, _ = rnn.rnn_forward(x, np.zeros((5, m)), params)
y_hat = rnn.output_forward(a, params["Wya"], params["by"], "sigmoid")
# the notes' formula, averaged over the m examples
by_hand = sum((y_hat[:, :, t] - y[:, :, t]) @ a[:, :, t].T
              for t in range(T_x)) / m
_, grads = rnn.loss_and_grads(params, x, y)
print("dL/dW_ya by the formula:\n", np.round(by_hand, 4))
same = np.allclose(by_hand, grads["Wya"], rtol=1e-12)
print("equals the backward pass:", same)
