"""Transfer and multi-task learning: the masked multi-label loss against BCEWithLogitsLoss
with a mask, autograd and finite differences; the networks' shapes; the experiments (slow)
against their stored results.

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py), the experiment module's
(dlnotes.torch.transfer_multitask_experiment) included; fit, seeded and accuracy are
dlnotes.torch.training's, tested in test_training.py."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, GRAD, PROP, close, covers, seeds, tt
from sweep_support import BAD_INT, NAN, C, E, X, ar, finite, ints, sweep_module, tn
from torch import nn

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import transfer_multitask as npm
from dlnotes.torch import training
from dlnotes.torch import transfer_multitask as ttm
from dlnotes.torch import transfer_multitask_experiment as tte


def _batch(T=4, m=7, missing=0.3, seed=0, scale=3.0):
    """Logits (T, m) and labels (T, m) with NaN for a share of missing labels."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(T, m)) * scale
    Y = rng.integers(0, 2, size=(T, m)).astype(np.float64)
    Y[rng.uniform(size=(T, m)) < missing] = np.nan
    return Z, Y


def _oracle(Z, Y, reduction):
    """torch.nn.BCEWithLogitsLoss(reduction='none') times the mask, batch-first."""
    z = torch.tensor(Z.T)
    y = torch.tensor(Y.T)
    mask = ~torch.isnan(y)
    per = nn.BCEWithLogitsLoss(reduction="none")(z, torch.nan_to_num(y, nan=0.0))
    total = (per * mask).sum()
    return float(total / (z.shape[0] if reduction == "examples" else mask.sum()))


@pytest.mark.parametrize("reduction", ["examples", "labels"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_numpy_loss_matches_bce_with_logits_and_a_mask(reduction, seed):
    Z, Y = _batch(seed=seed)
    assert npm.masked_bce_with_logits(Z, Y, reduction) == pytest.approx(
        _oracle(Z, Y, reduction), rel=1e-12)


@pytest.mark.parametrize("reduction", ["examples", "labels"])
def test_torch_loss_matches_bce_with_logits_and_a_mask(reduction, device):
    Z, Y = _batch(seed=3)
    z = torch.tensor(Z.T, device=device)
    y = torch.tensor(Y.T, device=device)
    got = ttm.masked_bce_with_logits(z, y, reduction)
    assert got.device.type == device
    assert float(got) == pytest.approx(_oracle(Z, Y, reduction), rel=1e-12)


def test_the_course_example_with_question_marks():
    # four tasks (pedestrian, car, stop sign, traffic light), three images; "?" = not labelled
    Y = np.array([[1, 0, np.nan], [1, np.nan, 1], [np.nan, 0, 0], [0, 1, np.nan]], dtype=float)
    Z = np.zeros_like(Y)  # every probability 1/2: each known label costs log 2
    assert npm.masked_bce_with_logits(Z, Y) == pytest.approx(8 * math.log(2) / 3)
    assert npm.masked_bce_with_logits(Z, Y, "labels") == pytest.approx(math.log(2))


def test_without_missing_labels_it_is_the_summed_binary_cross_entropy():
    Z, Y = _batch(missing=0.0, seed=4)
    expected = nn.BCEWithLogitsLoss(reduction="sum")(torch.tensor(Z), torch.tensor(Y)) / Z.shape[1]
    assert npm.masked_bce_with_logits(Z, Y) == pytest.approx(float(expected), rel=1e-12)


@pytest.mark.parametrize("reduction", ["examples", "labels"])
def test_numpy_backward_matches_finite_differences(reduction):
    Z, Y = _batch(seed=5, scale=1.0)
    params = {"Z": Z}
    errors = gc.check_gradients(lambda: npm.masked_bce_with_logits(params["Z"], Y, reduction),
                                params, {"Z": npm.masked_bce_with_logits_backward(Z, Y, reduction)})
    assert errors["Z"] < 1e-7


@pytest.mark.parametrize("reduction", ["examples", "labels"])
def test_numpy_backward_matches_autograd_and_missing_labels_get_no_gradient(reduction, device):
    Z, Y = _batch(seed=6)
    z = torch.tensor(Z.T, device=device, requires_grad=True)
    ttm.masked_bce_with_logits(z, torch.tensor(Y.T, device=device), reduction).backward()
    ours = npm.masked_bce_with_logits_backward(Z, Y, reduction)
    np.testing.assert_allclose(ours, z.grad.cpu().numpy().T, rtol=1e-12, atol=1e-15)
    assert np.all(ours[np.isnan(Y)] == 0)


def test_extreme_logits_stay_finite(device):
    Z = np.array([[1e4, -1e4, 1e4, -1e4]])
    Y = np.array([[1.0, 0.0, 0.0, 1.0]])
    assert npm.masked_bce_with_logits(Z, Y) == pytest.approx(2e4 / 4)
    assert np.all(np.isfinite(npm.masked_bce_with_logits_backward(Z, Y)))
    z = torch.tensor(Z.T, device=device)
    assert float(ttm.masked_bce_with_logits(z, torch.tensor(Y.T, device=device))) == \
        pytest.approx(2e4 / 4)


def test_bad_input_numpy():
    Z, Y = _batch()
    with pytest.raises(ValueError, match="^Y must have the shape of Z"):
        npm.masked_bce_with_logits(Z, Y[:, :3])
    with pytest.raises(ValueError, match="^Z must have shape"):
        npm.masked_bce_with_logits(Z[0], Y[0])
    with pytest.raises(ValueError, match="^Y must hold 0, 1 or NaN"):
        npm.masked_bce_with_logits(Z, np.full_like(Z, 0.5))
    with pytest.raises(TypeError, match="^Y must hold real numbers"):
        npm.masked_bce_with_logits(Z, np.ones(Z.shape, dtype=complex))
    with pytest.raises(ValueError, match="^reduction"):
        npm.masked_bce_with_logits(Z, Y, "mean")


def test_bad_input_torch(device):
    z = torch.zeros(5, 3, device=device)
    with pytest.raises(ValueError, match="^targets must have the shape of logits"):
        ttm.masked_bce_with_logits(z, torch.zeros(5, 2, device=device))
    with pytest.raises(ValueError, match="^targets must hold 0, 1 or NaN"):
        ttm.masked_bce_with_logits(z, torch.full((5, 3), 2.0, device=device))
    with pytest.raises(TypeError, match="^targets must be a floating-point"):
        ttm.masked_bce_with_logits(z, torch.zeros(5, 3, dtype=torch.long, device=device))
    with pytest.raises(ValueError, match=r"^x must have shape \(m, 1, 8, 8\)"):
        ttm.DigitsCNN(5).to(device)(torch.zeros(2, 8, 8, device=device))
    with pytest.raises(ValueError, match="^ns"):
        tte.transfer_experiment(ns=(0, 5), device=device)
    with pytest.raises(ValueError, match="^missing"):
        ttm.task_labels(torch.arange(10, device=device), 1.5, seed=0)


def test_networks_have_the_stated_shapes(device):
    x = torch.zeros(3, 1, 8, 8, device=device)
    net = ttm.DigitsCNN(5).to(device)
    assert net.features(x).shape == (3, 128) and net(x).shape == (3, 5)
    assert ttm.MultiTaskNet(3).to(device)(x).shape == (3, 3)


def test_task_labels_follow_the_digits_and_hide_a_share(device):
    digits = torch.arange(10, device=device).repeat(100)
    full = ttm.task_labels(digits, 0.0, seed=0)
    assert full[:10, 0].tolist() == [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]
    assert full[:10, 1].tolist() == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    assert full[:10, 2].tolist() == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    hidden = torch.isnan(ttm.task_labels(digits, 0.3, seed=0)).float().mean()
    assert 0.25 < float(hidden) < 0.35


def test_frozen_features_do_not_change_when_the_head_learns(device):
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(20, 1, 8, 8, generator=gen).to(device)
    y = torch.arange(20, device=device) % 5
    source = training.seeded(lambda: ttm.DigitsCNN(5), 0, device)
    before = [p.detach().clone() for p in source.features.parameters()]
    with training.single_thread():
        model = ttm.learn_target("frozen features", source, x, y, seed=0)
    for b, p in zip(before, model.features.parameters(), strict=True):
        assert torch.equal(b, p)
    assert not torch.equal(model.head.weight, source.head.weight)
    for b, p in zip(before, source.features.parameters(), strict=True):
        assert torch.equal(b, p)  # the pre-trained source itself is left as it was


def test_the_stored_transfer_table_is_consistent():
    r = tte.PRECOMPUTED["transfer"]
    assert r["n"] == [1, 2, 5, 10, 20] and r["source accuracy"] > 0.98
    for s in ttm.STRATEGIES:
        assert len(r[s]) == len(r["n"])
        for mean, runs in zip(r[s], r["per seed"][s], strict=True):
            assert len(runs) == 3 and mean == pytest.approx(np.mean(runs), abs=1e-3)
        assert r[s][-1] > r[s][0]  # more labelled examples help every strategy


@pytest.mark.slow
def test_transfer_experiment_reproduces_the_stored_table(device):
    got = tte.transfer_experiment(device=device)
    stored = tte.PRECOMPUTED["transfer"]
    assert got["n"] == stored["n"]
    assert got["source accuracy"] > 0.98
    for s in ttm.STRATEGIES:
        np.testing.assert_allclose(got[s], stored[s], atol=0.03)


def test_synthetic_digits_are_seeded_and_look_like_the_real_ones():
    from sklearn.datasets import load_digits

    labels = np.arange(50) % 10
    x = npm.synthetic_digits(labels, seed=3)
    assert x.shape == (50, 8, 8) and x.min() >= 0 and x.max() <= 1
    np.testing.assert_array_equal(x, npm.synthetic_digits(labels, seed=3))
    assert not np.array_equal(x, npm.synthetic_digits(labels, seed=4))
    np.testing.assert_array_equal(x * 16, np.round(x * 16))  # ink counted in 4x4 blocks
    real = load_digits().images / 16.0
    assert 0.67 < x.mean() / real.mean() < 1.5  # about as much ink as a real digit
    assert (x.reshape(50, -1).max(axis=1) >= 0.5).all()  # every digit has a dark stroke


def test_fine_tune_keeps_the_head_and_leaves_the_source_alone(device):
    source = training.seeded(lambda: ttm.DigitsCNN(10), 0, device)
    before = [p.detach().clone() for p in source.parameters()]
    x = torch.rand(20, 1, 8, 8, generator=torch.Generator().manual_seed(0)).to(device)
    with training.single_thread():
        model = ttm.fine_tune(source, x, torch.arange(20, device=device) % 10, seed=0)
    assert model.head.out_features == 10
    assert not torch.equal(model.head.weight, source.head.weight)
    for b, p in zip(before, source.parameters(), strict=True):
        assert torch.equal(b, p)


def _gains(r, k):
    """Fine-tuned minus from-scratch accuracy, per seed, at the k-th example count."""
    return np.subtract(r["per seed"]["fine-tuned"][k], r["per seed"]["from scratch"][k])


def test_the_stored_synthetic_table_is_consistent():
    r = tte.PRECOMPUTED["synthetic"]
    assert r["n"] == [1, 2, 5, 10]
    for w in tte.SYNTHETIC_WAYS:
        for k, runs in enumerate(r["per seed"][w]):
            assert len(runs) == 5
            assert r[w][k] == pytest.approx(np.mean(runs), abs=1e-3)
            assert r[w + " std"][k] == pytest.approx(np.std(runs), abs=1e-3)
    # what the page says: with 1 or 2 examples per class, fine-tuning wins in every seed
    assert _gains(r, 0).min() > 0.12 and _gains(r, 1).min() > 0.07
    assert r["pre-trained only"][0] > r["from scratch"][1]  # no real example beats two
    assert abs(r["fine-tuned"][3] - r["from scratch"][3]) < 0.01  # at 10 they are level


@pytest.mark.slow
def test_pretraining_on_synthetic_digits_beats_training_from_scratch(device):
    got = tte.synthetic_experiment(ns=(1, 2), device=device)
    assert got["pre-trained only"][0] > 0.7
    for k in range(2):
        gains = _gains(got, k)
        assert gains.min() > 0.03 and gains.mean() > 0.06, gains


@pytest.mark.slow
def test_multitask_experiment_reproduces_the_stored_comparison(device):
    got = tte.multitask_experiment(device=device)
    stored = tte.PRECOMPUTED["multitask"]
    np.testing.assert_allclose(got["shared"], stored["shared"], atol=0.03)
    np.testing.assert_allclose(got["separate"], stored["separate"], atol=0.03)
    assert min(got["shared"]) > 0.85
    assert got["params shared"] < got["params separate"] / 2


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, T=st.integers(1, 4), m=st.integers(1, 6), missing=st.floats(0, 1),
       reduction=st.sampled_from(["examples", "labels"]), scale=st.sampled_from([1.0, 1e4]))
@covers("numpy.transfer_multitask.masked_bce_with_logits",
        "numpy.transfer_multitask.masked_bce_with_logits_backward",
        "torch.transfer_multitask.masked_bce_with_logits")
def test_masked_bce_matches_builtin(device, seed, T, m, missing, reduction, scale):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((T, m)) * scale
    Y = (rng.random((T, m)) > 0.5).astype(float)
    Y[rng.random((T, m)) < missing] = np.nan
    known = ~np.isnan(Y)
    Zt = tt(Z, "cpu", grad=True)
    per = F.binary_cross_entropy_with_logits(Zt, tt(np.nan_to_num(Y), "cpu"), reduction="none")
    denom = m if reduction == "examples" else max(known.sum(), 1)
    ref = (per * torch.tensor(known)).sum() / denom
    ref.backward()
    close(npm.masked_bce_with_logits(Z, Y, reduction), ref)
    close(npm.masked_bce_with_logits_backward(Z, Y, reduction), Zt.grad, GRAD)
    close(ttm.masked_bce_with_logits(tt(Z.T, device), tt(Y.T, device), reduction), ref)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.transfer_multitask.synthetic_digits",
    "torch.transfer_multitask.fine_tune",
    "torch.transfer_multitask.learn_target",
    "torch.transfer_multitask.pretrain_on_synthetic",
    "torch.transfer_multitask.DigitsCNN",
    "torch.transfer_multitask.MultiTaskNet",
    "torch.transfer_multitask_experiment.digits_tensors",
    "torch.transfer_multitask_experiment.transfer_experiment",
    "torch.transfer_multitask_experiment.synthetic_experiment",
    "torch.transfer_multitask_experiment.multitask_experiment",
    "torch.transfer_multitask_experiment.print_results",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    Z = ar(3, 5)
    Y = (ar(3, 5, seed=1) > 0).astype(float)
    Y[0, 1] = NAN
    big = np.array([[1e4, -1e4], [-1e4, 1e4]])
    allnan = np.full((3, 5), NAN)
    return {
        "masked_bce_with_logits": E(
            C(Z, Y), arrays=("Z", "Y"), hyper={"reduction": ["sum"]}, skip=("Y:nan",),
            extra=[X("logits +-1e4", C(big, np.array([[0.0, 1.0], [1.0, 0.0]])), "ok", finite),
                   X("every label missing", C(Z, allnan), "ok", finite)]),
        "masked_bce_with_logits_backward": E(
            C(Z, Y), arrays=("Z", "Y"), hyper={"reduction": ["sum"]}, skip=("Y:nan",),
            extra=[X("every label missing", C(Z, allnan), "ok", finite)]),
        "synthetic_digits": E(C(np.arange(3), 0), arrays=("labels",), hyper={"seed": ["a", 2.5]},
                              extra=[X("label 10", C(np.array([3, 10])), "labels")]),
    }


def _torch_sweep():
    from dlnotes.torch import transfer_multitask as m

    def targets(d):
        y = (tn(d, 5, 3, seed=1) > 0).double()
        y[1, 0] = NAN
        return y

    def cnn(d):
        return m.DigitsCNN(3).double().to(d)

    x8 = lambda d: tn(d, 4, 1, 8, 8)  # noqa: E731
    return {
        "masked_bce_with_logits": E(
            lambda d: C(tn(d, 5, 3), targets(d)), arrays=("logits", "targets"),
            hyper={"reduction": ["sum"]}, skip=("targets:nan",),
            extra=lambda d: [X("logits +-1e4", C(torch.tensor([[1e4, -1e4]], dtype=torch.float64,
                                                              device=d),
                                                 torch.tensor([[0.0, 1.0]], dtype=torch.float64,
                                                              device=d)), "ok", finite),
                             X("every label missing", C(tn(d, 5, 3), torch.full(
                                 (5, 3), NAN, dtype=torch.float64, device=d)), "ok", finite)]),
        "DigitsCNN": E(lambda d: C(x8(d), fn=cnn(d)), arrays=("x",),
                       extra=[X("n_out 0", C(0), "n_out")]),
        "learn_target": E(lambda d: C("from scratch", m.DigitsCNN(5).to(d), x8(d).float(),
                                      ints(d, 0, 1, 2, 0), 0),
                          # the target dtype is cross_entropy's business, not learn_target's
                          arrays=("x", "y"), skip=("y:dtype float",),
                          hyper={"strategy": ["frozen"]}),
        "pretrain_on_synthetic": E(lambda d: C(20, 2, device=d),
                                   hyper={"n_images": BAD_INT, "steps": [-1, 2.5]}),
        "fine_tune": E(lambda d: C(m.DigitsCNN(10).to(d), x8(d).float(), ints(d, 0, 1, 2, 0), 0),
                       arrays=("x", "y"), skip=("y:dtype float",)),
        "MultiTaskNet": E(lambda d: C(x8(d), fn=m.MultiTaskNet(3).double().to(d)), arrays=("x",),
                          extra=[X("n_tasks 0", C(0), "n_tasks")]),
    }


def _experiment_sweep():
    return {
        "digits_tensors": E(C("cpu")),
        # the experiments train for minutes: only the up-front argument checks are swept
        "transfer_experiment": E(C(), skip=("valid call",),
                                 hyper={"ns": [(), (0,)], "seeds": [()]}),
        # pre-trains for a minute: only the up-front argument checks are swept
        "synthetic_experiment": E(C(), skip=("valid call",),
                                  hyper={"ns": [(), (0,), (80,)], "seeds": [(), (-1,)],
                                         "n_images": BAD_INT, "steps": BAD_INT}),
        "multitask_experiment": E(C(), skip=("valid call",),
                                  hyper={"n_train": BAD_INT, "missing": [-0.1, 1.0, NAN]}),
    }


SWEEP = {"numpy.transfer_multitask": _numpy_sweep, "torch.transfer_multitask": _torch_sweep,
         "torch.transfer_multitask_experiment": _experiment_sweep}
EXEMPT = {
    "torch.transfer_multitask_experiment.print_results": "no arguments; minutes of training",
}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.transfer_multitask", _numpy_sweep, "cpu")


@pytest.mark.api
@pytest.mark.parametrize("module", ["torch.transfer_multitask",
                                    "torch.transfer_multitask_experiment"])
def test_sweep_torch(module, device):
    sweep_module(module, SWEEP[module], device)
