"""The shared training and evaluation utilities of the torch half: the training loops against
torch.optim.Adam driving the same model, accuracy against NumPy's argmax and sign, the thread
limit, and the bad-input messages.

Then the property tests (hypothesis) and the bad-input sweep of the module's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, PROP, covers, seeds, tt
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, X, ints, sweep_module, tn
from torch import nn
from torch.nn import functional as F

from dlnotes.torch import training


def _twins(device, n_in=5, n_out=3):
    torch.manual_seed(0)
    ours = nn.Linear(n_in, n_out).double().to(device)
    ref = nn.Linear(n_in, n_out).double().to(device)
    ref.load_state_dict(ours.state_dict())
    return ours, ref


def _torch_adam_steps(model, loss, x, y, steps, lr):
    """The oracle: ``steps`` full-batch steps of torch.optim.Adam on ``loss(model(x), y)``."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss(model(x), y).backward()
        opt.step()


def _same(a, b):
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-14)


def test_train_classifier_takes_adam_steps(device):
    """One epoch of one full batch is one step of torch.optim.Adam at the given lr."""
    ours, ref = _twins(device)
    x = torch.randn(8, 5, dtype=torch.float64, device=device)
    y = torch.randint(0, 3, (8,), device=device)
    training.train_classifier(ours, x, y, epochs=3, lr=0.01, batch_size=8, curves=False)
    _torch_adam_steps(ref, F.cross_entropy, x, y, steps=3, lr=0.01)
    _same(ours, ref)


def test_fit_full_batch_takes_adam_steps_on_any_loss(device):
    ours, ref = _twins(device, 4, 2)
    x = torch.randn(6, 4, dtype=torch.float64, device=device)
    y = torch.randn(6, 2, dtype=torch.float64, device=device)
    out = training.fit(ours, ours.parameters(), x, y, F.mse_loss, steps=4, lr=0.05)
    assert out is ours and not ours.training
    _torch_adam_steps(ref, F.mse_loss, x, y, steps=4, lr=0.05)
    _same(ours, ref)


def test_fit_mini_batches_are_drawn_with_the_seeded_generator(device):
    ours, ref = _twins(device, 4, 3)
    x = torch.randn(10, 4, dtype=torch.float64, device=device)
    y = torch.randint(0, 3, (10,), device=device)
    training.fit(ours, ours.parameters(), x, y, F.cross_entropy, steps=5, lr=0.02,
                 batch_size=4, seed=7)
    opt_ref = torch.optim.Adam(ref.parameters(), lr=0.02)
    gen = torch.Generator(device=device).manual_seed(7)
    for _ in range(5):
        idx = torch.randint(10, (4,), generator=gen, device=device)
        opt_ref.zero_grad()
        F.cross_entropy(ref(x[idx]), y[idx]).backward()
        opt_ref.step()
    _same(ours, ref)


def test_fit_updates_only_the_parameters_it_is_given(device):
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)).double().to(device)
    first = [p.detach().clone() for p in model[0].parameters()]
    x = torch.randn(5, 3, dtype=torch.float64, device=device)
    y = torch.randint(0, 2, (5,), device=device)
    before = [p.detach().clone() for p in model[2].parameters()]
    training.fit(model, model[2].parameters(), x, y, F.cross_entropy, steps=3, lr=0.1)
    assert all(torch.equal(a, b) for a, b in zip(first, model[0].parameters(), strict=True))
    assert not all(torch.equal(a, b) for a, b in zip(before, model[2].parameters(), strict=True))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_accuracy_of_class_scores_and_of_binary_logits(device, seed):
    rng = np.random.default_rng(seed)
    scores, labels = rng.standard_normal((9, 4)), rng.integers(0, 4, 9)
    want = float(np.mean(scores.argmax(axis=1) == labels))
    got = training.accuracy(torch.tensor(scores, device=device),
                            torch.tensor(labels, device=device))
    assert got == pytest.approx(want)
    z, y01 = rng.standard_normal(11), rng.integers(0, 2, 11)
    want = float(np.mean((z > 0) == (y01 == 1)))
    got = training.accuracy(torch.tensor(z, device=device), torch.tensor(y01, device=device))
    assert got == pytest.approx(want)
    got = training.accuracy(torch.tensor(z, device=device),
                            torch.tensor(y01, dtype=torch.float32, device=device))
    assert got == pytest.approx(want)  # float 0/1 labels, as the multi-task heads have


def test_accuracy_of_probabilities_equals_that_of_their_logits(device):
    logits = torch.randn(20, 5, device=device)
    y = torch.randint(0, 5, (20,), device=device)
    assert training.accuracy(torch.softmax(logits, 1), y) == training.accuracy(logits, y)


def test_single_thread_restores_the_thread_count():
    before = torch.get_num_threads()
    with training.single_thread():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


def test_single_thread_restores_the_thread_count_after_an_error():
    before = torch.get_num_threads()
    with pytest.raises(RuntimeError), training.single_thread():
        raise RuntimeError("inside")
    assert torch.get_num_threads() == before


@pytest.mark.parametrize("call,exc,arg", [
    (lambda: training.accuracy([[0.1, 0.9]], torch.tensor([1])), TypeError, "scores"),
    (lambda: training.accuracy(torch.zeros(0, 3), torch.zeros(0).long()), ValueError, "scores"),
    (lambda: training.accuracy(torch.zeros(2, 3, 4), torch.zeros(2).long()), ValueError,
     "scores"),
    (lambda: training.accuracy(torch.zeros(2, 3), [0, 1]), TypeError, "y"),
    (lambda: training.accuracy(torch.zeros(2, 3), torch.zeros(3).long()), ValueError, "y"),
    (lambda: training.fit(nn.Linear(2, 2), [], torch.zeros(4, 2), torch.zeros(4).long(),
                          F.cross_entropy, steps=1, lr=0), ValueError, "lr"),
    (lambda: training.fit(nn.Linear(2, 2), [], torch.zeros(4, 2), torch.zeros(4).long(),
                          F.cross_entropy, steps=-1, lr=0.1), ValueError, "steps"),
    (lambda: training.seeded(lambda: nn.Linear(2, 2), -1), ValueError, "seed"),
    (lambda: training.train_classifier(nn.Linear(2, 2), torch.zeros(4, 2), torch.zeros(4).long(),
                                       epochs=1, lr_decay=0), ValueError, "lr_decay"),
    (lambda: training.train_classifier(nn.Linear(2, 2), torch.zeros(4, 2), torch.zeros(3).long(),
                                       epochs=1), ValueError, "y"),
    (lambda: training.train_classifier(nn.Linear(2, 2), torch.zeros(4, 2), torch.zeros(4).long(),
                                       epochs=1, lr=0), ValueError, "lr"),
])
def test_bad_input(call, exc, arg):
    with pytest.raises(exc, match=f"^{arg}"):
        call()


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, n=st.integers(1, 5))
@covers("torch.training.seeded")
def test_seeded_builds_as_under_manual_seed_and_leaves_the_global_state(device, seed, n):
    before = torch.random.get_rng_state()
    model = training.seeded(lambda: torch.nn.Linear(n, 3), seed, device)
    assert torch.equal(torch.random.get_rng_state(), before)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        ref = torch.nn.Linear(n, 3)
    assert model.weight.device.type == torch.device(device).type
    assert torch.equal(model.weight.detach().cpu(), ref.weight.detach())


@PROP
@given(seed=seeds, m=st.integers(1, 8), C=st.integers(2, 10))
@covers("torch.training.accuracy")
def test_accuracy_is_the_share_of_argmax_and_sign_hits(device, seed, m, C):
    rng = np.random.default_rng(seed)
    scores = rng.standard_normal((m, C))
    y = rng.integers(0, C, m)
    want = float(np.mean(scores.argmax(1) == y))
    got = training.accuracy(tt(scores, device), torch.tensor(y, device=device))
    assert got == pytest.approx(want)
    z, y01 = rng.standard_normal(m), rng.integers(0, 2, m)
    want = float(np.mean((z > 0) == (y01 == 1)))
    got = training.accuracy(tt(z, device), torch.tensor(y01, device=device))
    assert got == pytest.approx(want)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "torch.training.fit",
    "torch.training.train_classifier",
    "torch.training.single_thread",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _torch_sweep():
    def tiny():
        return torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.Flatten(),
                                   torch.nn.Linear(2 * 6 * 6, 3)).double()

    def img(d, n=2):
        return tn(d, n, 1, 8, 8)

    lbl = lambda d: ints(d, 0, 2)  # noqa: E731
    # train_classifier and fit hand x to the caller's model: a wrong input there gets
    # PyTorch's own layer error, so the generic mutations of x are not swept
    layer_errors = ("rank+", "rank-", "dtype int64", "numpy array", "empty", "shrink")
    return {
        "accuracy": E(lambda d: C(tn(d, 2, 3), lbl(d)), arrays=("scores", "y"),
                      extra=lambda d: [X("no examples", C(tn(d, 0, 3), ints(d)), "scores"),
                                       X("binary logits", C(tn(d, 4), ints(d, 0, 1, 1, 0)),
                                         "ok")]),
        "train_classifier": E(lambda d: C(tiny().to(d), img(d), lbl(d), epochs=1, curves=False),
                              skip=layer_errors, arrays=("x", "y"),
                              hyper={"epochs": [-1, 2.5], "lr": BAD_POS, "batch_size": BAD_INT,
                                     "lr_decay": [0.0, NAN]}),
        # a context manager without arguments: entering and leaving it is the whole API
        "single_thread": E(C()),
        "fit": E(lambda d: (lambda net: C(net, list(net.parameters()), img(d), lbl(d),
                                          torch.nn.functional.cross_entropy, steps=1, lr=0.01))(
                     tiny().to(d)),
                 # x goes to the caller's model and the target dtype is loss_fn's business:
                 # their own errors, not fit's
                 arrays=("x", "y"), skip=(*layer_errors, "y:dtype float"),
                 hyper={"steps": [-1, 2.5], "lr": BAD_POS, "batch_size": BAD_INT}),
        "seeded": E(C(lambda: torch.nn.Linear(2, 2), 0), hyper={"seed": [-1, 2.5]}),
    }


SWEEP = {"torch.training": _torch_sweep}


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.training", _torch_sweep, device)
