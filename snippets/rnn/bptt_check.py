import numpy as np

from dlnotes.numpy import gradient_checking, rnn
from dlnotes.printing import below

rng = np.random.default_rng(0)
params = rnn.init_params(n_x=3, n_a=5, n_y=2, seed=0, scale=0.5)
x = rng.normal(size=(3, 4, 6))                        # (n_x, m, T_x)
# (n_y, m, T_y) with T_y = T_x
y = (rng.uniform(size=(2, 4, 6)) < 0.5).astype(float)

loss, grads = rnn.loss_and_grads(params, x, y)  # sigmoid outputs, cross-entropy
errors = gradient_checking.check_gradients(
    lambda: rnn.loss_and_grads(params, x, y)[0], params, grads)
print(f"loss = {loss:.4f}")
for name, err in errors.items():
    print(f"{name:>3}: relative error {below(err, 1e-7)}")
