import numpy as np
import torch

from dlnotes.numpy import gru_lstm

n_x, n_a = 3, 4
params = gru_lstm.init_params("gru", n_x, n_a, seed=0, scale=0.6)
x = np.random.default_rng(1).normal(size=(n_x, 2, 5))
c0 = np.zeros((n_a, 2))


def as_nn_gru(p):
    """nn.GRU holding the course's weights.

    z = 1 - Gamma_u, so nn.GRU's z gate gets -W_u and -b_u."""
    gru = torch.nn.GRU(n_x, n_a, dtype=torch.float64)
    w = np.vstack([p["Wr"], -p["Wu"], p["Wc"]])  # gates r, z, n
    b = np.concatenate([p["br"], -p["bu"], p["bc"]])[:, 0]
    weights = {"weight_ih_l0": w[:, n_a:], "weight_hh_l0": w[:, :n_a],
               "bias_ih_l0": b, "bias_hh_l0": np.zeros_like(b)}
    gru.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v))
                         for k, v in weights.items()})
    out, _ = gru(torch.from_numpy(x.transpose(2, 1, 0).copy()))
    return out.detach().numpy().transpose(2, 1, 0)


course = gru_lstm.gru_forward(x, c0, params)[0]
gap = np.abs(course - as_nn_gru(params)).max()
print(f"reset gate at work: max |course - nn.GRU| = {gap:.3f}")

# Gamma_r = sigmoid(50) = 1: nothing to reset
params["Wr"][:], params["br"][:] = 0.0, 50.0
course = gru_lstm.gru_forward(x, c0, params)[0]
same = np.allclose(course, as_nn_gru(params), rtol=1e-12)
print("reset gate open:    same as nn.GRU:", same)
