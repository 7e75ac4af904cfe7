"""Optimization algorithms: NumPy and torch implementations against torch.optim, step by step,
the schedules against torch.optim.lr_scheduler and known answers, and the notes' claims."""

import math

import numpy as np
import pytest
import torch

from dlnotes.numpy import optimization as npo
from dlnotes.torch import optimization as tto

STEPS = 100


def _gradient_stream(shape, steps=STEPS, seed=0):
    """A fixed sequence of float64 gradients (scales vary, so bias and eps both matter)."""
    rng = np.random.default_rng(seed)
    return [rng.normal(size=shape) * 10.0 ** rng.uniform(-3, 1) for _ in range(steps)]


def _run_numpy(opt, w0, grads):
    params = {"w": w0.copy()}
    path = []
    for g in grads:
        opt.step(params, {"w": g})
        path.append(params["w"].copy())
    return np.array(path)


def _run_torch(make_opt, w0, grads, device="cpu"):
    w = torch.tensor(w0, dtype=torch.float64, device=device, requires_grad=True)
    opt = make_opt([w])
    path = []
    for g in grads:
        w.grad = torch.tensor(g, dtype=torch.float64, device=device)
        opt.step()
        path.append(w.detach().cpu().numpy().copy())
    return np.array(path)


W0 = np.random.default_rng(1).normal(size=(3, 4))
GRADS = _gradient_stream(W0.shape)

# (NumPy optimizer, our torch optimizer, torch.optim oracle); each oracle is an independent
# implementation, and the hyperparameters are mapped as the chapter explains.
CASES = {
    "momentum-sum": (
        lambda: npo.Momentum(lr=0.05, beta=0.9, convention="sum"),
        lambda p: tto.Momentum(p, lr=0.05, beta=0.9, convention="sum"),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    ),
    "momentum-average": (
        lambda: npo.Momentum(lr=0.05, beta=0.9, convention="average"),
        lambda p: tto.Momentum(p, lr=0.05, beta=0.9, convention="average"),
        # v_avg = (1 - beta) v_sum, so lr * v_avg = (lr * (1 - beta)) * v_sum
        lambda p: torch.optim.SGD(p, lr=0.05 * (1 - 0.9), momentum=0.9, dampening=0),
    ),
    "rmsprop": (
        lambda: npo.RMSprop(lr=0.01, beta=0.9, eps=1e-8),
        lambda p: tto.RMSprop(p, lr=0.01, beta=0.9, eps=1e-8),
        lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8),
    ),
    "adam": (
        lambda: npo.Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8),
        lambda p: tto.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
        lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
    ),
    "gradient-descent": (
        lambda: npo.GradientDescent(lr=0.05),
        None,
        lambda p: torch.optim.SGD(p, lr=0.05),
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_numpy_optimizer_matches_torch_optim_for_100_steps(name):
    make_np, _, make_oracle = CASES[name]
    ours = _run_numpy(make_np(), W0, GRADS)
    oracle = _run_torch(make_oracle, W0, GRADS)
    np.testing.assert_allclose(ours, oracle, rtol=1e-12, atol=1e-14)
    assert not np.allclose(ours[-1], W0)  # the parameters really moved


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c[1] is not None])
def test_torch_optimizer_matches_torch_optim_for_100_steps(name, device):
    _, make_ours, make_oracle = CASES[name]
    ours = _run_torch(make_ours, W0, GRADS, device)
    oracle = _run_torch(make_oracle, W0, GRADS, device)
    np.testing.assert_allclose(ours, oracle, rtol=1e-12, atol=1e-14)


def test_torch_optimizer_trains_a_model_with_autograd(device):
    torch.manual_seed(0)
    x = torch.randn(64, 3, device=device)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5]], device=device)
    model = torch.nn.Linear(3, 1).to(device)
    opt = tto.Adam(model.parameters(), lr=0.05)
    for _ in range(300):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    assert loss.item() < 1e-3
    assert opt.state[model.weight]["v"].device == model.weight.device


def test_ewma_matches_unrolled_formula():
    """v_t = (1-beta) sum_{i=0}^{t-1} beta^i theta_{t-i} (+ beta^t v_0 with v_0 = 0)."""
    theta = np.random.default_rng(2).normal(size=30)
    beta = 0.9
    v = npo.ewma(theta, beta)
    for t in range(1, 31):
        unrolled = (1 - beta) * sum(beta**i * theta[t - 1 - i] for i in range(t))
        assert math.isclose(v[t - 1], unrolled, rel_tol=1e-12, abs_tol=1e-15)


def test_ewma_torch_equals_numpy(device):
    theta = np.random.default_rng(3).normal(size=(25, 2))
    for corrected in (False, True):
        ours = tto.ewma(torch.tensor(theta, device=device), 0.95, bias_correction=corrected)
        np.testing.assert_allclose(ours.cpu().numpy(), npo.ewma(theta, 0.95,
                                                                bias_correction=corrected))


def test_bias_correction_removes_the_startup_bias():
    """On a constant signal the raw EWMA starts near 0; the corrected one is exact at once."""
    theta = np.full(20, 5.0)
    raw = npo.ewma(theta, 0.9)
    corrected = npo.ewma(theta, 0.9, bias_correction=True)
    assert raw[0] == pytest.approx(0.5) and raw[1] == pytest.approx(0.95)
    np.testing.assert_allclose(corrected, 5.0, rtol=1e-12)
    # and on a noisy signal it is unbiased at every step (mean over many realisations)
    noisy = 5.0 + np.random.default_rng(4).normal(size=(20, 20000))
    early = npo.ewma(noisy, 0.9, bias_correction=True)[:5].mean(axis=1)
    np.testing.assert_allclose(early, 5.0, atol=0.05)


@pytest.mark.parametrize("beta", [0.9, 0.98, 0.999])
def test_window_weight_is_about_one_over_e(beta):
    n = npo.effective_window(beta)
    assert n == pytest.approx(1 / (1 - beta))
    assert beta**n == pytest.approx(1 / math.e, rel=0.06)
    assert abs(beta**n - 1 / math.e) < abs(0.5**2 - 1 / math.e)  # closer as beta -> 1


def test_schedules_known_answers():
    assert npo.inverse_time_decay(0.5, 2, decay_rate=1) == pytest.approx(1 / 6)
    np.testing.assert_allclose(npo.inverse_time_decay(0.2, np.arange(4), decay_rate=1),
                               [0.2, 0.1, 0.2 / 3, 0.05])
    assert npo.exponential_decay(0.2, 2) == pytest.approx(0.2 * 0.95**2)
    assert npo.inverse_sqrt_decay(0.2, 4, k=0.5) == pytest.approx(0.05)
    np.testing.assert_allclose(npo.staircase_decay(1.0, [0, 9, 10, 29, 30], decay_step=10),
                               [1, 1, 0.95, 0.95**2, 0.95**3])


def _torch_lrs(scheduler_factory, epochs=25):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.3)
    sched = scheduler_factory(opt)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(lrs)


def test_schedules_match_torch_lr_schedulers():
    epochs = np.arange(25)
    np.testing.assert_allclose(
        npo.exponential_decay(0.3, epochs, base=0.95),
        _torch_lrs(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.95)), rtol=1e-12)
    np.testing.assert_allclose(
        npo.staircase_decay(0.3, epochs, decay_step=4, base=0.95),
        _torch_lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=4, gamma=0.95)),
        rtol=1e-12)


@pytest.mark.parametrize("schedule,kwargs,expected", [
    ("inverse_time", {"decay_rate": 1.0}, lambda e: 0.3 / (1 + e)),
    ("exponential", {"base": 0.9}, lambda e: 0.3 * 0.9**e),
    ("inverse_sqrt", {"k": 2.0}, lambda e: 0.6 / np.sqrt(e + 1)),
    ("staircase", {"decay_step": 3, "base": 0.5}, lambda e: 0.3 * 0.5 ** (e // 3)),
])
def test_decay_scheduler_drives_a_torch_optimizer(schedule, kwargs, expected):
    lrs = _torch_lrs(lambda o: tto.decay_scheduler(o, schedule, **kwargs), epochs=10)
    np.testing.assert_allclose(lrs, expected(np.arange(10)), rtol=1e-12)


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("make,arg", [
    (lambda: npo.Momentum(lr=0), "lr"),
    (lambda: npo.Momentum(lr=-1), "lr"),
    (lambda: npo.Momentum(lr=0.1, beta=1.0), "beta"),
    (lambda: npo.Momentum(lr=0.1, beta=-0.1), "beta"),
    (lambda: npo.Momentum(lr=0.1, convention="nesterov"), "convention"),
    (lambda: npo.RMSprop(lr=0.1, eps=0), "eps"),
    (lambda: npo.Adam(beta2=1.5), "beta2"),
    (lambda: npo.ewma(np.ones(3), beta=1.0), "beta"),
    (lambda: npo.inverse_time_decay(0.1, 1, decay_rate=-0.5), "decay_rate"),
    (lambda: npo.inverse_time_decay(-0.1, 1), "alpha0"),
    (lambda: npo.exponential_decay(0.1, -1), "epoch"),
    (lambda: npo.inverse_sqrt_decay(0.1, 0), "t"),
    (lambda: npo.staircase_decay(0.1, 3, decay_step=0), "decay_step"),
    (lambda: npo.staircase_decay(0.1, 3, decay_step=2, base=0), "base"),
    (lambda: tto.Momentum([torch.zeros(1)], lr=0), "lr"),
    (lambda: tto.Adam([torch.zeros(1)], betas=(0.9, 1.0)), "betas[1]"),
    (lambda: tto.RMSprop([torch.zeros(1)], beta=2), "beta"),
    (lambda: tto.decay_scheduler(torch.optim.SGD([torch.zeros(1)], lr=1), "cosine"),
     "schedule"),
    (lambda: tto.decay_scheduler(torch.optim.SGD([torch.zeros(1)], lr=1), "inverse_time",
                                 decay_rate=-1), "decay_rate"),
])
def test_bad_hyperparameters_are_rejected_by_name(make, arg):
    with pytest.raises(ValueError, match=rf"^{__import__('re').escape(arg)} must"):
        make()


def test_gradient_of_the_wrong_shape_is_rejected():
    params = {"W": np.zeros((2, 3))}
    with pytest.raises(ValueError, match=r"grads\['W'\] must have the shape of params\['W'\]"):
        npo.Adam().step(params, {"W": np.zeros((3, 2))})
    with pytest.raises(ValueError, match="grads must have the keys of params"):
        npo.Adam().step(params, {"b": np.zeros((2, 3))})
    with pytest.raises(TypeError, match="params\\['W'\\] must be a float ndarray"):
        npo.Adam().step({"W": np.zeros((2, 3), dtype=int)}, {"W": np.zeros((2, 3))})
    assert not params["W"].any()  # nothing was updated by the failed calls


def test_non_numbers_are_rejected_with_type_error():
    with pytest.raises(TypeError, match="lr must be a real number"):
        npo.Adam(lr="0.1")
    with pytest.raises(ValueError, match="beta must be a number, got nan"):
        npo.Momentum(lr=0.1, beta=float("nan"))
    with pytest.raises(TypeError, match="theta must hold real numbers"):
        npo.ewma(np.array(["a", "b"]), 0.9)
