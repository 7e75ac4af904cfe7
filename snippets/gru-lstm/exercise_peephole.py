import numpy as np

from dlnotes.numpy.gradient_checking import numerical_gradient, relative_error
from dlnotes.numpy.gru_lstm import init_params, lstm_cell_forward
from dlnotes.printing import below


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def peephole_step(xt, a_prev, c_prev, p):
    """One LSTM step whose gates also read the cell state (peepholes)."""
    concat = np.vstack([a_prev, xt])
    f = sigmoid(p["Wf"] @ concat + p["bf"] + p["pf"] * c_prev)
    u = sigmoid(p["Wu"] @ concat + p["bu"] + p["pu"] * c_prev)
    c_tilde = np.tanh(p["Wc"] @ concat + p["bc"])
    c_next = f * c_prev + u * c_tilde
    o = sigmoid(p["Wo"] @ concat + p["bo"] + p["po"] * c_next)  # the new memory
    return o * np.tanh(c_next), c_next, (f, u, o, c_tilde)


def peephole_grads(da, xt, a_prev, c_prev, p):
    """dL/dpf, dL/dpu, dL/dpo for a loss L with dL/da_next = da."""
    _, c_next, (f, u, o, c_tilde) = peephole_step(xt, a_prev, c_prev, p)
    tanh_c = np.tanh(c_next)
    dz_o = da * tanh_c * o * (1 - o)
    dc = da * o * (1 - tanh_c**2) + dz_o * p["po"]  # two paths from c_next
    dz_f, dz_u = dc * c_prev * f * (1 - f), dc * c_tilde * u * (1 - u)
    return {"pf": (dz_f * c_prev).sum(1, keepdims=True),
            "pu": (dz_u * c_prev).sum(1, keepdims=True),
            "po": (dz_o * c_next).sum(1, keepdims=True)}


rng = np.random.default_rng(0)
n_x, n_a, m = 3, 4, 5
p = init_params("lstm", n_x, n_a, scale=0.6)
xt = rng.normal(size=(n_x, m))
a_prev, c_prev = rng.normal(size=(2, n_a, m))
for k in ("pf", "pu", "po"):
    p[k] = np.zeros((n_a, 1))
a_peep = peephole_step(xt, a_prev, c_prev, p)[0]
a_plain = lstm_cell_forward(xt, a_prev, c_prev, p)[0]
print("zero peepholes = the plain LSTM:", np.allclose(a_peep, a_plain))

peep = {k: rng.normal(size=(n_a, 1)) for k in ("pf", "pu", "po")}
p |= peep  # numerical_gradient perturbs these arrays in place
da = rng.normal(size=(n_a, m))
exact = peephole_grads(da, xt, a_prev, c_prev, p)
approx = numerical_gradient(
    lambda: float(np.sum(da * peephole_step(xt, a_prev, c_prev, p)[0])), peep)
for k in peep:
    error = relative_error(approx[k], exact[k])
    print(f"{k}: relative error", below(error, 1e-7))
