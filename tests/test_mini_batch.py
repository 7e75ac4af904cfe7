"""Mini-batch gradient descent: the partition against torch's DataLoader and known counts,
logistic regression's gradients against finite differences and autograd, the training loop
against torch.optim.SGD, and DistributedDataParallel (2 gloo processes) against one process.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, GRAD, PROP, close, covers, seeds, tt
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, ar, sweep_module, tn

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import mini_batch as mb
from dlnotes.torch import mini_batch as tmb


def test_ten_thousand_examples_in_batches_of_64_make_157_batches():
    assert mb.num_mini_batches(10_000, 64) == 157
    X = np.arange(10_000, dtype=float).reshape(1, -1)
    batches = mb.random_mini_batches(X, X.copy(), 64, seed=3)
    sizes = [x.shape[1] for x, _ in batches]
    assert len(batches) == 157 and sizes[:-1] == [64] * 156 and sizes[-1] == 16
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.zeros(10_000)),
                                         batch_size=64, shuffle=True)
    assert len(loader) == 157 and [len(b[0]) for b in loader] == sizes  # oracle


@pytest.mark.parametrize("m,b,expected", [(1, 1, 1), (64, 64, 1), (65, 64, 2), (128, 64, 2),
                                          (7, 3, 3), (5, 10, 1)])
def test_count_known_answers(m, b, expected):
    assert mb.num_mini_batches(m, b) == expected
    assert len(mb.random_mini_batches(np.zeros((2, m)), np.zeros((1, m)), b)) == expected


def test_partition_is_a_shuffle_that_keeps_pairs_and_uses_each_example_once():
    m = 1000
    X = np.vstack([np.arange(m), -np.arange(m)]).astype(float)
    Y = (np.arange(m) % 7).reshape(1, m).astype(float)
    batches = mb.random_mini_batches(X, Y, 64, seed=0)
    cols = np.concatenate([x[0] for x, _ in batches]).astype(int)
    assert sorted(cols) == list(range(m)) and not np.array_equal(cols, np.arange(m))
    for x, y in batches:
        np.testing.assert_array_equal(x[1], -x[0])
        np.testing.assert_array_equal(y[0], x[0] % 7)
    again = mb.random_mini_batches(X, Y, 64, seed=0)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(batches, again, strict=True))
    other = mb.random_mini_batches(X, Y, 64, seed=1)
    assert not np.array_equal(other[0][0], batches[0][0])


def test_torch_partition_on_device(device):
    m = 10_000
    X = torch.arange(m, device=device, dtype=torch.float64).reshape(m, 1)
    batches = tmb.random_mini_batches(X, 2 * X, 64, seed=0)
    assert len(batches) == 157 and batches[-1][0].shape == (16, 1)
    assert all(x.device.type == device for x, _ in batches)
    rows = torch.cat([x for x, _ in batches]).flatten().cpu().long()
    assert torch.equal(rows.sort().values, torch.arange(m))
    assert all(torch.equal(y, 2 * x) for x, y in batches)


def test_logistic_gradients_pass_the_gradient_check_and_match_autograd():
    X, Y = mb.make_classification(m=30, n_x=4, seed=1)
    params = {"w": np.random.default_rng(2).normal(size=(4, 1)), "b": np.array([0.3])}
    J, dw, db = mb.logistic_cost_and_grads(params["w"], params["b"][0], X, Y)
    result = gc.grad_check(lambda: mb.logistic_cost_and_grads(params["w"], params["b"][0], X,
                                                              Y)[0],
                           params, {"w": dw, "b": np.array([db])})
    assert result.overall < 1e-7
    w = torch.tensor(params["w"], requires_grad=True)
    b = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(w.T @ torch.tensor(X) + b,
                                                                torch.tensor(Y))
    loss.backward()
    assert J == pytest.approx(loss.item(), rel=1e-13)
    np.testing.assert_allclose(dw, w.grad.numpy(), rtol=1e-12)
    assert db == pytest.approx(b.grad.item(), rel=1e-12)


def test_training_loop_equals_torch_sgd_on_the_same_mini_batches():
    X, Y = mb.make_classification(m=300, n_x=3, seed=4)
    ours = mb.train_logistic(X, Y, batch_size=64, lr=0.5, epochs=3, seed=7)
    w = torch.zeros(3, 1, dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=0.5)
    for epoch in range(3):
        for x, y in mb.random_mini_batches(X, Y, 64, seed=7 + epoch):
            opt.zero_grad()
            torch.nn.functional.binary_cross_entropy_with_logits(
                w.T @ torch.tensor(x) + b, torch.tensor(y)).backward()
            opt.step()
    np.testing.assert_allclose(ours["w"], w.detach().numpy(), rtol=1e-11)
    assert ours["b"] == pytest.approx(b.item(), rel=1e-11)
    assert len(ours["step_costs"]) == 3 * 5 and len(ours["epoch_costs"]) == 4


def test_batch_stochastic_and_mini_batch_on_the_same_problem():
    X, Y = mb.make_classification(m=2000, n_x=5, seed=0)
    runs = {b: mb.train_logistic(X, Y, batch_size=b, lr=0.1, epochs=2, seed=0)
            for b in (2000, 64, 1)}
    # batch gradient descent: one step per epoch, and its cost never goes up at this lr
    assert len(runs[2000]["step_costs"]) == 2 and np.all(np.diff(runs[2000]["epoch_costs"]) < 0)
    # more updates per epoch: after one epoch mini-batch is far ahead of batch
    assert runs[64]["epoch_costs"][1] < runs[2000]["epoch_costs"][1] - 0.1
    # the cost of single examples jumps around far more than that of mini-batches
    noise = {b: np.std(np.diff(r["step_costs"][-30:])) for b, r in runs.items()}
    assert noise[1] > 3 * noise[64] > 0


def test_ddp_two_processes_equal_one_process():
    X = torch.randn(192, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    batches = tmb.random_mini_batches(X, torch.sin(X.sum(1, keepdim=True)), 64, seed=0)
    model = tmb.make_model()
    single = tmb.single_process_train(model, batches, lr=0.1)
    ddp = tmb.ddp_train(model, batches, lr=0.1, world_size=2)
    for k in single:
        torch.testing.assert_close(ddp[k], single[k], rtol=1e-12, atol=1e-14)
    assert not torch.equal(single["0.weight"], model.state_dict()["0.weight"])  # it moved


def test_ddp_on_the_cpu_equals_one_process_on_the_device(device):
    X = torch.randn(64, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    batches = [(X, X[:, :1] ** 2)]
    model = tmb.make_model(seed=3)
    on_device = tmb.single_process_train(model.to(device), [(x.to(device), y.to(device))
                                                            for x, y in batches], lr=0.2)
    ddp = tmb.ddp_train(model.cpu(), batches, lr=0.2)
    for k in ddp:
        torch.testing.assert_close(on_device[k].cpu(), ddp[k], rtol=1e-10, atol=1e-12)


@pytest.mark.slow
def test_ddp_with_spawned_processes_equals_one_process():
    """The portable start method: each worker imports the package afresh (tens of seconds)."""
    X = torch.randn(128, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(5))
    batches = tmb.random_mini_batches(X, X.sum(1, keepdim=True).tanh(), 64, seed=1)
    model = tmb.make_model(seed=1)
    single = tmb.single_process_train(model, batches, lr=0.1)
    ddp = tmb.ddp_train(model, batches, lr=0.1, start_method="spawn")
    for k in single:
        torch.testing.assert_close(ddp[k], single[k], rtol=1e-12, atol=1e-14)


def test_uneven_halves_are_not_the_whole_batch_step():
    """Why ddp_train refuses an odd batch: averaging the two halves' mean gradients weights
    the examples unequally when the halves differ in size."""
    X = torch.randn(5, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(6))
    Y = X[:, :1].clone()
    model = tmb.make_model()

    def grad(x, y):
        model.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        return model[0].weight.grad.clone()

    whole, first, second = grad(X, Y), grad(X[:3], Y[:3]), grad(X[3:], Y[3:])
    assert not torch.allclose((first + second) / 2, whole)  # what DDP would average
    torch.testing.assert_close((3 * first + 2 * second) / 5, whole)  # the right weights
    with pytest.raises(ValueError, match=r"^batches\[0\] must split evenly"):
        tmb.ddp_train(model, [(X, Y)], lr=0.1)


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("call,exc,arg", [
    (lambda: mb.num_mini_batches(10, 0), ValueError, "batch_size"),
    (lambda: mb.num_mini_batches(10, 2.5), TypeError, "batch_size"),
    (lambda: mb.num_mini_batches(0, 4), ValueError, "m"),
    (lambda: mb.random_mini_batches(np.zeros((2, 5)), np.zeros((1, 4)), 2), ValueError, "Y"),
    (lambda: mb.random_mini_batches(np.zeros(5), np.zeros(5), 2), ValueError, "X and Y"),
    (lambda: mb.random_mini_batches(np.zeros((2, 5)), np.zeros((1, 5)), -1), ValueError,
     "batch_size"),
    (lambda: mb.logistic_cost_and_grads(np.zeros((3, 1)), 0.0, np.zeros((2, 4)),
                                        np.zeros((1, 4))), ValueError, "w"),
    (lambda: mb.logistic_cost_and_grads(np.zeros((2, 1)), 0.0, np.zeros((2, 4), complex),
                                        np.zeros((1, 4))), TypeError, "X"),
    (lambda: mb.logistic_cost_and_grads(np.zeros((2, 1)), 0.0, np.zeros((2, 4)),
                                        np.full((1, 4), 3.0)), ValueError, "Y"),
    (lambda: mb.logistic_cost_and_grads(np.zeros((2, 1)), "0", np.zeros((2, 4)),
                                        np.zeros((1, 4))), TypeError, "b"),
    (lambda: mb.train_logistic(np.zeros((2, 4)), np.zeros((1, 4)), batch_size=2, lr=0,
                               epochs=1), ValueError, "lr"),
    (lambda: mb.train_logistic(np.zeros((2, 4)), np.zeros((1, 4)), batch_size=2, lr=0.1,
                               epochs=0), ValueError, "epochs"),
    (lambda: tmb.random_mini_batches(torch.zeros(5, 2), torch.zeros(4, 1)), ValueError,
     "X and Y"),
    (lambda: tmb.random_mini_batches(torch.zeros(5, 2), torch.zeros(5, 1), 0), ValueError,
     "batch_size"),
    (lambda: tmb.random_mini_batches([1, 2], [1, 2]), TypeError, "X and Y"),
    (lambda: tmb.single_process_train("net", [(torch.zeros(2, 4), torch.zeros(2, 1))], lr=0.1),
     TypeError, "model"),
    (lambda: tmb.single_process_train(tmb.make_model(), [], lr=0.1), TypeError, "batches"),
    (lambda: tmb.single_process_train(tmb.make_model(), [(torch.zeros(2, 4), torch.zeros(2, 1))],
                                      lr=-0.1), ValueError, "lr"),
    (lambda: tmb.ddp_train(tmb.make_model(), [(torch.zeros(4, 4), torch.zeros(4, 1))], lr=0),
     ValueError, "lr"),
    (lambda: tmb.ddp_train(tmb.make_model(), [(torch.zeros(4, 4), torch.zeros(4, 1))], lr=0.1,
                           world_size=1), ValueError, "world_size"),
    (lambda: tmb.ddp_train(tmb.make_model(), [(torch.zeros(4, 4), torch.zeros(4, 1))], lr=0.1,
                           start_method="teleport"), ValueError, "start_method"),
    (lambda: tmb.ddp_train(tmb.make_model(), [(torch.zeros(4, 4), torch.zeros(4, 1))], lr=0.1,
                           timeout=0), ValueError, "timeout"),
    (lambda: tmb.ddp_train(tmb.make_model(), [(torch.zeros(4, 4), torch.zeros(4, 1))], lr=0.1,
                           world_size=2.0), TypeError, "world_size"),
])
def test_bad_input_is_rejected_by_name(call, exc, arg):
    with pytest.raises(exc, match="^" + re.escape(arg)):
        call()


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, m=st.integers(1, 40), bs=st.integers(1, 50), n_x=st.integers(1, 3))
@covers("numpy.mini_batch.num_mini_batches", "numpy.mini_batch.random_mini_batches",
        "torch.mini_batch.random_mini_batches", "numpy.mini_batch.logistic_cost_and_grads")
def test_mini_batches_partition_the_examples(device, seed, m, bs, n_x):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = X[:1] * 10  # each column's label is a function of its column: pairs must stay together
    batches = mb.random_mini_batches(X, Y, bs, seed=seed)
    assert len(batches) == mb.num_mini_batches(m, bs) == math.ceil(m / bs)
    Xs = np.concatenate([b[0] for b in batches], axis=1)
    Ys = np.concatenate([b[1] for b in batches], axis=1)
    assert all(b[0].shape[1] == bs for b in batches[:-1])
    close(Ys, Xs[:1] * 10)
    close(np.sort(Xs[0]), np.sort(X[0]))
    Xt = tt(X.T, device)
    tb = tmb.random_mini_batches(Xt, Xt[:, :1] * 10, bs, seed=seed)
    assert len(tb) == math.ceil(m / bs)
    cat = torch.cat([b[0] for b in tb])
    close(torch.cat([b[1] for b in tb]), cat[:, :1] * 10)
    close(torch.sort(cat[:, 0]).values, np.sort(X[0]))
    w, b = rng.standard_normal((n_x, 1)), float(rng.standard_normal())
    y01 = (rng.random((1, m)) > 0.5).astype(float)
    wt, bt = tt(w, "cpu", grad=True), torch.tensor(b, dtype=torch.float64, requires_grad=True)
    J = F.binary_cross_entropy_with_logits(wt.T @ tt(X, "cpu") + bt, tt(y01, "cpu"))
    J.backward()
    cost, dw, db = mb.logistic_cost_and_grads(w, b, X, y01)
    close(cost, J)
    close(dw, wt.grad, GRAD)
    close(db, bt.grad, GRAD)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.mini_batch.train_logistic",
    "numpy.mini_batch.make_classification",
    "torch.mini_batch.make_model",
    "torch.mini_batch.single_process_train",
    "torch.mini_batch.ddp_train",
    "torch.mini_batch.ddp_worker",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():

    Xc, Yc = ar(3, 10), (ar(1, 10) > 0).astype(float)
    return {
        "num_mini_batches": E(C(10, 3), hyper={"m": [-1, 2.5], "batch_size": BAD_INT}),
        "random_mini_batches": E(C(Xc, Yc, 4), arrays=("X", "Y"), hyper={"batch_size": BAD_INT}),
        "logistic_cost_and_grads": E(C(ar(3, 1), 0.1, Xc, Yc), arrays=("w", "X", "Y"),
                                     hyper={"b": [NAN]}),
        "train_logistic": E(C(Xc, Yc, batch_size=4, lr=0.1, epochs=2), arrays=("X", "Y"),
                            hyper={"batch_size": BAD_INT, "lr": BAD_POS, "epochs": BAD_INT}),
        "make_classification": E(C(20, 3), hyper={"m": BAD_INT, "n_x": BAD_INT}),
    }


def _torch_sweep():
    from dlnotes.torch import mini_batch as m

    def batches(d):
        return m.random_mini_batches(tn(d, 8, 4), tn(d, 8, 1), 4)

    return {
        "random_mini_batches": E(lambda d: C(tn(d, 10, 3), tn(d, 10, 1), 4), arrays=("X", "Y"),
                                 hyper={"batch_size": BAD_INT}),
        "make_model": E(C(4, 8), hyper={"n_x": BAD_INT, "n_h": BAD_INT}),
        "single_process_train": E(lambda d: C(m.make_model().to(d), batches(d), lr=0.1),
                                  hyper={"lr": BAD_POS, "batches": [[]]}),
        # ddp_train forks processes: only rejections before any process starts are swept
        "ddp_train": E(lambda d: C(m.make_model(), [], lr=0.1), skip=("valid call",),
                       hyper={"lr": BAD_POS, "world_size": BAD_INT}),
    }


SWEEP = {"numpy.mini_batch": _numpy_sweep, "torch.mini_batch": _torch_sweep}
EXEMPT = {
    "torch.mini_batch.ddp_worker": "internal worker of ddp_train",
}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.mini_batch", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.mini_batch", _torch_sweep, device)
