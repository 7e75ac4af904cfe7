"""Face recognition: the triplet loss against nn.TripletMarginWithDistanceLoss (squared
distance), its hand-written gradient against finite differences and autograd, triplet
selection against a plain loop, verification against hand computation, the random poses,
and the one-shot experiment on posed digits (the committed runs of the figure; slow: fresh
runs for five seeds)."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from dlnotes.numpy import face_recognition as nfr
from dlnotes.numpy import gradient_checking as gc
from dlnotes.torch import face_recognition as tfr

EMBEDDINGS = Path(__file__).parents[1] / "snippets/face-recognition/embeddings.json"


def _triplets(m=6, d=5, seed=0):
    rng = np.random.default_rng(seed)
    return tuple(rng.normal(size=(m, d)) for _ in range(3))


def _oracle(a, p, n, margin):
    loss = nn.TripletMarginWithDistanceLoss(
        distance_function=lambda x, y: ((x - y) ** 2).sum(1), margin=margin)
    return float(loss(*(torch.tensor(t) for t in (a, p, n))))


@pytest.mark.parametrize("margin", [0.05, 0.2, 3.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_numpy_triplet_loss_matches_torch_builtin(margin, seed):
    a, p, n = _triplets(seed=seed)
    assert nfr.triplet_loss(a, p, n, margin) == pytest.approx(_oracle(a, p, n, margin),
                                                              rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("margin", [0.2, 3.0])
def test_torch_triplet_loss_matches_torch_builtin(margin, device):
    a, p, n = _triplets(seed=2)
    got = tfr.triplet_loss(*(torch.tensor(t, device=device) for t in (a, p, n)), margin)
    assert got.device.type == device
    assert float(got) == pytest.approx(_oracle(a, p, n, margin), rel=1e-12)


def test_triplet_loss_known_answer():
    a, p, n = np.zeros((1, 2)), np.array([[1.0, 0.0]]), np.array([[0.0, 2.0]])
    assert nfr.triplet_loss(a, p, n, 0.5) == 0.0          # 1 - 4 + 0.5 < 0
    assert nfr.triplet_loss(a, n, p, 0.5) == 3.5          # 4 - 1 + 0.5


def test_backward_matches_finite_differences_and_autograd():
    a, p, n = _triplets(m=8, d=4, seed=3)
    margin = 1.5
    d_ap = ((a - p) ** 2).sum(1)
    d_an = ((a - n) ** 2).sum(1)
    hinge = d_ap - d_an + margin
    assert (hinge > 0).any() and (hinge < 0).any() and np.abs(hinge).min() > 1e-3
    params = {"a": a, "p": p, "n": n}
    numeric = gc.numerical_gradient(lambda: nfr.triplet_loss(a, p, n, margin), params)
    exact = dict(zip("apn", nfr.triplet_loss_backward(a, p, n, margin), strict=True))
    ts = [torch.tensor(t, requires_grad=True) for t in (a, p, n)]
    tfr.triplet_loss(*ts, margin).backward()
    for k, t in zip("apn", ts, strict=True):
        assert gc.relative_error(numeric[k], exact[k]) < 1e-7
        np.testing.assert_allclose(exact[k], t.grad.numpy(), rtol=1e-12, atol=1e-15)


def _loop_select(enc, labels, margin, strategy):
    """Plain loops over every anchor, positive and negative."""
    m = len(enc)
    out = []
    for a in range(m):
        for p in range(m):
            if p == a or labels[p] != labels[a]:
                continue
            d_ap = float(((enc[a] - enc[p]) ** 2).sum())
            best, best_n = np.inf, None
            for n in range(m):
                if labels[n] == labels[a]:
                    continue
                d_an = float(((enc[a] - enc[n]) ** 2).sum())
                if strategy == "semi-hard" and not d_ap < d_an < d_ap + margin:
                    continue
                if d_an < best:
                    best, best_n = d_an, n
            if best_n is not None:
                out.append((a, p, best_n))
    return np.array(out, dtype=np.int64).reshape(-1, 3)


@pytest.mark.parametrize("strategy", ["hard", "semi-hard"])
def test_triplet_selection_matches_a_plain_loop(strategy, device):
    rng = np.random.default_rng(4)
    enc = rng.normal(size=(15, 3))
    labels = rng.integers(0, 3, size=15)
    want = _loop_select(enc, labels, 1.0, strategy)
    assert len(want) > 0
    got = nfr.select_triplets(enc, labels, 1.0, strategy)
    np.testing.assert_array_equal(got, want)
    got_t = tfr.select_triplets(torch.tensor(enc, device=device),
                                torch.tensor(labels, device=device), 1.0, strategy)
    np.testing.assert_array_equal(got_t.cpu().numpy(), want)


def test_semi_hard_negatives_lie_in_the_margin_band():
    rng = np.random.default_rng(5)
    enc, labels = rng.normal(size=(20, 4)), rng.integers(0, 4, size=20)
    for a, p, n in nfr.select_triplets(enc, labels, 0.8, "semi-hard"):
        d_ap, d_an = ((enc[a] - enc[p]) ** 2).sum(), ((enc[a] - enc[n]) ** 2).sum()
        assert d_ap < d_an < d_ap + 0.8
        assert 0 < nfr.triplet_loss(enc[[a]], enc[[p]], enc[[n]], 0.8) < 0.8


def test_pairwise_distances_match_cdist(device):
    rng = np.random.default_rng(6)
    x, y = rng.normal(size=(5, 3)), rng.normal(size=(4, 3))
    want = torch.cdist(torch.tensor(x), torch.tensor(y)).numpy() ** 2
    np.testing.assert_allclose(nfr.pairwise_squared_distances(x, y), want, atol=1e-12)
    got = tfr.pairwise_squared_distances(torch.tensor(x, device=device),
                                         torch.tensor(y, device=device))
    np.testing.assert_allclose(got.cpu().numpy(), want, atol=1e-12)
    assert (nfr.pairwise_squared_distances(x, x).diagonal() >= 0).all()


def test_verification_by_threshold_and_by_logistic_unit(device):
    e1 = np.array([[0.0, 0.0], [1.0, 1.0]])
    e2 = np.array([[0.3, 0.4], [1.0, -1.0]])
    np.testing.assert_array_equal(nfr.verify(e1, e2, 0.5), [True, False])  # d = 0.25, 4
    w, b = np.array([-2.0, -1.0]), 1.0
    z = nfr.verification_logit(e1, e2, w, b)
    np.testing.assert_allclose(z, [-2 * 0.3 - 0.4 + 1, -2 * 0 - 2 + 1])
    np.testing.assert_allclose(nfr.verification_probability(e1, e2, w, b), 1 / (1 + np.exp(-z)))
    head = tfr.VerificationHead(2).double().to(device)
    with torch.no_grad():
        head.linear.weight.copy_(torch.tensor(w[None]))
        head.linear.bias.fill_(b)
    got = head(torch.tensor(e1, device=device), torch.tensor(e2, device=device))
    np.testing.assert_allclose(got.detach().cpu().numpy(), z, rtol=1e-12)


def test_probability_survives_extreme_logits():
    e = np.zeros((2, 1))
    p = nfr.verification_probability(e, e, np.array([1.0]), 1e4)
    q = nfr.verification_probability(e, e, np.array([1.0]), -1e4)
    assert p[0] == 1.0 and q[0] == 0.0 and np.isfinite(q).all()


def test_identify_nearest_and_unknown():
    gallery = np.array([[0.0, 0.0], [5.0, 0.0]])
    queries = np.array([[0.5, 0.0], [4.0, 0.0], [2.5, 10.0]])
    np.testing.assert_array_equal(nfr.identify(queries, gallery, [7, 9]), [7, 9, 7])
    np.testing.assert_array_equal(nfr.identify(queries, gallery, [7, 9], threshold=2.0),
                                  [7, 9, -1])


def test_encoder_outputs_unit_vectors(device):
    x, y = tfr.digits_by_class([7, 8], device)
    assert set(y.unique().tolist()) == {7, 8} and x.shape[1:] == (1, 8, 8)
    posed = tfr.random_poses(x[:5], torch.Generator().manual_seed(0))
    assert posed.shape == (5, 1, tfr.CANVAS, tfr.CANVAS) and posed.device.type == device
    enc = tfr.Encoder(8).to(device)(posed)
    assert enc.shape == (5, 8)
    torch.testing.assert_close(enc.norm(dim=1), torch.ones(5, device=device))


def test_random_poses_keep_the_digit_and_move_it():
    """With no movement the pose is the digit on the canvas (bilinear sampling at the pixel
    centres is exact); a pose keeps the ink of a digit and its poses differ from one draw to
    the next."""
    x, _ = tfr.digits_by_class([7])
    still = tfr.random_poses(x[:4], torch.Generator().manual_seed(0), shift=0, angle=0,
                             scale=0)
    torch.testing.assert_close(still[:, :, 2:10, 2:10], x[:4])
    assert float(still.sum()) == pytest.approx(float(x[:4].sum()), rel=1e-5)
    gen = torch.Generator().manual_seed(0)
    a, b = tfr.random_poses(x[:50], gen), tfr.random_poses(x[:50], gen)
    assert (a - b).abs().amax(dim=(1, 2, 3)).min() > 0.1
    ink = a.sum(dim=(1, 2, 3)) / x[:50].sum(dim=(1, 2, 3))
    assert float(ink.min()) > 0.8 and float(ink.max()) < 1.2


def test_bad_input():
    a, p, n = _triplets()
    with pytest.raises(ValueError, match="^positive must have the shape of anchor"):
        nfr.triplet_loss(a, p[:, :3], n)
    with pytest.raises(ValueError, match="^negative must have the shape of anchor"):
        nfr.triplet_loss(a, p, n[:4])
    with pytest.raises(ValueError, match="^margin"):
        nfr.triplet_loss(a, p, n, -1.0)
    with pytest.raises(TypeError, match="^a must"):
        nfr.squared_distance(list(a), p)
    with pytest.raises(ValueError, match="^strategy"):
        nfr.select_triplets(a, [0, 0, 1, 1, 2, 2], strategy="easy")
    with pytest.raises(ValueError, match="^labels"):
        nfr.select_triplets(a, [0, 1])
    with pytest.raises(ValueError, match="^w must have shape"):
        nfr.verification_logit(a, p, np.ones(3), 0.0)
    with pytest.raises(ValueError, match="^negative must have the shape"):
        tfr.triplet_loss(torch.zeros(3, 2), torch.zeros(3, 2), torch.zeros(2, 2))
    with pytest.raises(ValueError, match="^x must have shape"):
        tfr.Encoder()(torch.zeros(2, 1, 28, 28))


SEEDS = range(5)
FRESH_SEEDS = (0, 4)  # seed 4 has the smallest gap of the committed runs


def _meets_the_claim(encoder: float, pixels: float) -> None:
    """The page's claim for one seed: on digits never seen in training, in random poses, the
    encoder identifies far above chance (1/3) and clearly better than raw pixels, which are
    barely above chance."""
    assert encoder > 0.45
    assert pixels < 0.42
    assert encoder - pixels > 0.08


def test_committed_runs_meet_the_claim():
    """The figure's data (five seeds, written by fig_embeddings.py --train) shows the claim."""
    data = json.loads(EMBEDDINGS.read_text())
    assert [r["seed"] for r in data["seeds"]] == list(SEEDS)
    for r in data["seeds"]:
        _meets_the_claim(r["encoder"], r["pixels"])
    gaps = [r["encoder"] - r["pixels"] for r in data["seeds"]]
    assert np.mean(gaps) > 0.12


@pytest.mark.slow
def test_encoder_beats_pixels_on_unseen_digits_in_fresh_runs():
    """Fresh runs (each chaotic in float32, so their accuracies move by several points between
    machines) meet the page's claims on this machine: the encoder beats raw pixels on each
    seed, verification is above chance, the loss falls. Two of the five seeds the page
    reports (the committed runs of all five are checked above): about 10 s a run."""
    gaps = []
    for seed in FRESH_SEEDS:
        r = tfr.one_shot_experiment(seed=seed)
        _meets_the_claim(r["identification"], r["pixels"])
        gaps.append(r["identification"] - r["pixels"])
        assert r["verification_threshold"] > 0.55              # chance: 1/2
        assert r["verification_head"] > 0.55
        assert np.mean(r["losses"][-30:]) < np.mean(r["losses"][:30]) / 1.8
    assert np.mean(gaps) > 0.12
