import numpy as np

from dlnotes.numpy import rnn

rng = np.random.default_rng(0)
params = rnn.init_params(n_x=4, n_a=16, n_y=1, seed=1)
q, _ = np.linalg.qr(rng.normal(size=(16, 16)))
params["Waa"] = 2.0 * q  # every direction of the recurrence amplifies by 2
x = rng.normal(0, 0.1, (4, 1, 40))
y = np.ones((1, 1, 40))

_, grads = rnn.loss_and_grads(params, x, y)
clipped, norm = rnn.clip_by_norm(grads, max_norm=5.0)
new_norm = np.sqrt(sum(np.sum(g**2) for g in clipped.values()))
print(f"gradient norm: {norm:.3g} -> after clip_by_norm(5): {new_norm:.3g}")
by_value = rnn.clip_by_value(grads, 5.0)
largest = max(np.abs(g).max() for g in grads.values())
largest_after = max(np.abs(g).max() for g in by_value.values())
print(f"largest |entry|: {largest:.3g}"
      f" -> after clip_by_value(5): {largest_after:.3g}")
