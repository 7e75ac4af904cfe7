import numpy as np
import torch

from dlnotes.numpy import gradient_checking, gru_lstm
from dlnotes.printing import below

rng = np.random.default_rng(0)
params = gru_lstm.init_params("lstm", n_x=3, n_a=4, seed=0, scale=0.6)
x = rng.normal(size=(3, 5, 6))
a0 = rng.normal(0, 0.5, (4, 5))
w = rng.normal(size=(4, 5, 6))

a, c, caches = gru_lstm.lstm_forward(x, a0, params)
grads = gru_lstm.lstm_backward(w, caches)
errors = gradient_checking.check_gradients(
    lambda: float(np.sum(w * gru_lstm.lstm_forward(x, a0, params)[0])),
    params | {"x": x}, {k: grads["d" + k] for k in [*params, "x"]})
print("LSTM, relative errors:")
print("  ".join(f"{k} {below(e, 1e-7)}" for k, e in errors.items()))

# the same weights in nn.LSTM
# (its gates i, f, g, o = update, forget, candidate, output)
ref = torch.nn.LSTM(3, 4, dtype=torch.float64)
ref.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v))
                     for k, v in gru_lstm.lstm_torch_layout(params).items()})
h0 = torch.from_numpy(a0.T.copy())[None]
c0 = torch.zeros(1, 5, 4, dtype=torch.float64)
x_tmn = torch.from_numpy(x.transpose(2, 1, 0).copy())  # (T, m, n_x)
out, _ = ref(x_tmn, (h0, c0))
ours = out.detach().numpy().transpose(2, 1, 0)
print("same states as nn.LSTM:", np.allclose(a, ours, rtol=1e-12, atol=1e-14))
