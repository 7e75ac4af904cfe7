"""Optimization algorithms: NumPy and torch implementations against torch.optim, step by step,
the schedules against torch.optim.lr_scheduler and known answers, and the notes' claims.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from properties_support import PROP, close, covers, seeds, tt
from sweep_support import BAD_BETA, BAD_INT, BAD_POS, NAN, C, E, X, ar, sweep_module, tn

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


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, T=st.integers(1, 30), beta=st.floats(0.0, 0.99), corrected=st.booleans())
@covers("numpy.optimization.ewma", "torch.optimization.ewma", "numpy.optimization.effective_window")
def test_ewma_matches_recursion(device, seed, T, beta, corrected):
    theta = np.random.default_rng(seed).standard_normal((T, 2))
    v, ref = np.zeros(2), []
    for t in range(1, T + 1):
        v = beta * v + (1 - beta) * theta[t - 1]
        ref.append(v / (1 - beta**t) if corrected else v)
    close(npo.ewma(theta, beta, bias_correction=corrected), np.array(ref))
    close(tto.ewma(tt(theta, device), beta, bias_correction=corrected), np.array(ref))
    assert npo.effective_window(beta) == pytest.approx(1 / (1 - beta))


@PROP
@given(seed=seeds, lr=st.floats(1e-3, 0.1), beta=st.floats(0.5, 0.99), beta2=st.floats(0.9, 0.999),
       steps=st.integers(1, 6))
@covers("numpy.optimization.Adam", "numpy.optimization.RMSprop", "numpy.optimization.Momentum",
        "numpy.optimization.GradientDescent", "numpy.optimization.descend",
        "numpy.optimization.elongated_bowl", "torch.optimization.Adam",
        "torch.optimization.RMSprop", "torch.optimization.Momentum")
def test_optimizers_match_torch_optim(device, seed, lr, beta, beta2, steps):
    rng = np.random.default_rng(seed)
    w0 = rng.standard_normal(2)
    cases = [
        (npo.Adam(lr, beta, beta2, 1e-8), tto.Adam, {"lr": lr, "betas": (beta, beta2)},
         torch.optim.Adam, {"lr": lr, "betas": (beta, beta2), "eps": 1e-8}),
        (npo.RMSprop(lr, beta, 1e-8), tto.RMSprop, {"lr": lr, "beta": beta},
         torch.optim.RMSprop, {"lr": lr, "alpha": beta, "eps": 1e-8}),
        (npo.Momentum(lr, beta), tto.Momentum, {"lr": lr, "beta": beta},
         torch.optim.SGD, {"lr": lr * (1 - beta), "momentum": beta}),
        (npo.GradientDescent(lr), None, None, torch.optim.SGD, {"lr": lr}),
    ]
    for np_opt, our_cls, our_kw, ref_cls, ref_kw in cases:
        path = npo.descend(np_opt, w0, npo.elongated_bowl, steps)
        p_ref = torch.nn.Parameter(tt(w0, device))
        ref_opt = ref_cls([p_ref], **ref_kw)
        p_ours = torch.nn.Parameter(tt(w0, device))
        ours = our_cls([p_ours], **our_kw) if our_cls else None
        scale = torch.tensor([1.0, 50.0], dtype=torch.float64, device=device)
        for t in range(steps):
            for p, o in ((p_ref, ref_opt), (p_ours, ours)):
                if o is None:
                    continue
                o.zero_grad()
                (0.5 * (scale * p**2).sum()).backward()
                o.step()
            close(path[t + 1], p_ref, {"rtol": 1e-7, "atol": 1e-10})
            if ours is not None:
                close(p_ours, p_ref, {"rtol": 1e-7, "atol": 1e-10})
    J, g = npo.elongated_bowl(w0)
    assert J == pytest.approx(0.5 * (w0[0] ** 2 + 50 * w0[1] ** 2)) and np.allclose(
        g, [w0[0], 50 * w0[1]])


@PROP
@given(alpha0=st.floats(1e-4, 1.0), rate=st.floats(0.0, 2.0), base=st.floats(0.5, 1.0),
       step=st.integers(1, 5), epochs=st.integers(1, 8))
@covers("numpy.optimization.inverse_time_decay", "numpy.optimization.exponential_decay",
        "numpy.optimization.inverse_sqrt_decay", "numpy.optimization.staircase_decay",
        "torch.optimization.decay_scheduler")
def test_decay_schedules_match_formulas(alpha0, rate, base, step, epochs):
    e = np.arange(epochs)
    close(npo.inverse_time_decay(alpha0, e, decay_rate=rate), alpha0 / (1 + rate * e))
    close(npo.exponential_decay(alpha0, e, base=base), base**e * alpha0)
    close(npo.inverse_sqrt_decay(alpha0, e + 1, k=rate + 0.1), (rate + 0.1) / np.sqrt(e + 1)
          * alpha0)
    close(npo.staircase_decay(alpha0, e, decay_step=step, base=base),
          alpha0 * base ** np.floor(e / step))
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=alpha0)
    sched = tto.decay_scheduler(opt, "exponential", base=base)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    close(lrs, base**e * alpha0)


# Public callables without a property test, and why.
NO_ORACLE = {
    "numpy.optimization.Optimizer": "the shared base of the optimizers, whose updates are "
                                    "covered; alone it has no update to compare",
}


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    from dlnotes.numpy import optimization as m

    def bowl(w):
        return m.elongated_bowl(w)

    return {
        "ewma": E(C(ar(6, 2), 0.9), arrays=("theta",), hyper={"beta": BAD_BETA}),
        "effective_window": E(C(0.9), hyper={"beta": BAD_BETA}),
        "elongated_bowl": E(C(np.array([1.0, 1.0])), arrays=("w",),
                            hyper={"steepness": BAD_POS}),
        # w0's valid shapes are whatever ``gradient`` accepts: its own error names its ``w``
        "descend": E(lambda d: C(m.Adam(0.1), np.array([1.0, 1.0]), bowl, 3), arrays=("w0",),
                     skip=("rank+", "rank-", "empty", "shrink"),
                     hyper={"steps": [-1, 2.5], "optimizer": ["adam"]}),
        "Optimizer": E(C(0.1), hyper={"lr": BAD_POS}),
        "GradientDescent": E(C(0.1), hyper={"lr": BAD_POS}),
        "Momentum": E(C(0.1), hyper={"lr": BAD_POS, "beta": BAD_BETA, "convention": ["nesterov"]}),
        "RMSprop": E(C(0.1), hyper={"lr": BAD_POS, "beta": BAD_BETA, "eps": BAD_POS}),
        "Adam": E(C(0.1), hyper={"lr": BAD_POS, "beta1": BAD_BETA, "beta2": BAD_BETA,
                                 "eps": BAD_POS}),
        "inverse_time_decay": E(C(0.1, np.arange(4)), arrays=("epoch",),
                                hyper={"alpha0": BAD_POS, "decay_rate": [-1.0, NAN]},
                                extra=[X("negative epoch", C(0.1, -1), "epoch")]),
        "exponential_decay": E(C(0.1, np.arange(4)), arrays=("epoch",),
                               hyper={"alpha0": BAD_POS, "base": [0.0, 1.5, NAN]}),
        "inverse_sqrt_decay": E(C(0.1, np.arange(1, 5)), arrays=("t",),
                                hyper={"alpha0": BAD_POS, "k": BAD_POS},
                                extra=[X("t = 0", C(0.1, 0), "t")]),
        "staircase_decay": E(C(0.1, np.arange(4), decay_step=2), arrays=("epoch",),
                             hyper={"alpha0": BAD_POS, "decay_step": BAD_INT,
                                    "base": [0.0, 1.5, NAN]}),
    }


def _torch_sweep():

    def params(d):
        return [torch.nn.Parameter(tn(d, 3))]

    def sched(d):
        return C(torch.optim.SGD(params(d), lr=0.1), "exponential", base=0.9)

    return {
        "ewma": E(lambda d: C(tn(d, 6, 2), 0.9), arrays=("theta",), hyper={"beta": BAD_BETA}),
        "Momentum": E(lambda d: C(params(d), 0.1),
                      hyper={"lr": BAD_POS, "beta": BAD_BETA, "convention": ["nesterov"]}),
        "RMSprop": E(lambda d: C(params(d), 0.1), hyper={"lr": BAD_POS, "beta": BAD_BETA,
                                                         "eps": BAD_POS}),
        "Adam": E(lambda d: C(params(d), 0.1), hyper={"lr": BAD_POS,
                                                      "betas": [(1.0, 0.9), (0.9, -0.1)],
                                                      "eps": BAD_POS}),
        "decay_scheduler": E(sched, hyper={"schedule": ["cosine"]},
                             extra=lambda d: [X("base 0", C(torch.optim.SGD(params(d), lr=0.1),
                                                            "exponential", base=0.0), "base")]),
    }


SWEEP = {"numpy.optimization": _numpy_sweep, "torch.optimization": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.optimization", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.optimization", _torch_sweep, device)
