"""The shared training and evaluation utilities of the torch half: the training loops against
torch.optim.Adam driving the same model, accuracy against NumPy's argmax and sign, the thread
limit, and the bad-input messages."""

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from dlnotes.torch import training


def _twins(device, n_in=5, n_out=3):
    torch.manual_seed(0)
    ours = nn.Linear(n_in, n_out).double().to(device)
    ref = nn.Linear(n_in, n_out).double().to(device)
    ref.load_state_dict(ours.state_dict())
    return ours, ref


def _same(a, b):
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-14)


def test_train_classifier_takes_adam_steps(device):
    """One epoch of one full batch is one step of torch.optim.Adam at the given lr."""
    ours, ref = _twins(device)
    x = torch.randn(8, 5, dtype=torch.float64, device=device)
    y = torch.randint(0, 3, (8,), device=device)
    training.train_classifier(ours, x, y, epochs=3, lr=0.01, batch_size=8, curves=False)
    opt_ref = torch.optim.Adam(ref.parameters(), lr=0.01)
    for _ in range(3):
        opt_ref.zero_grad()
        F.cross_entropy(ref(x), y).backward()
        opt_ref.step()
    _same(ours, ref)


def test_fit_full_batch_takes_adam_steps_on_any_loss(device):
    ours, ref = _twins(device, 4, 2)
    x = torch.randn(6, 4, dtype=torch.float64, device=device)
    y = torch.randn(6, 2, dtype=torch.float64, device=device)
    out = training.fit(ours, ours.parameters(), x, y, F.mse_loss, steps=4, lr=0.05)
    assert out is ours and not ours.training
    opt_ref = torch.optim.Adam(ref.parameters(), lr=0.05)
    for _ in range(4):
        opt_ref.zero_grad()
        F.mse_loss(ref(x), y).backward()
        opt_ref.step()
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
