"""Face recognition: the triplet loss against nn.TripletMarginWithDistanceLoss (squared
distance), its hand-written gradient against finite differences and autograd, triplet
selection against a plain loop, verification against hand computation, the random poses,
and the one-shot experiment on posed digits (the committed runs of the figure; slow: fresh
runs for five seeds).

Then the property tests (hypothesis) and the bad-input sweep of the chapter's public API
(tests/properties_support.py, tests/sweep_support.py)."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, GRAD, PROP, arr, close, covers, layouts, seeds, tt
from sweep_support import BAD_INT, BAD_POS, NAN, C, E, X, ar, finite, ints, sweep_module, tn
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
    """Fresh runs of the page's five seeds meet its claims on this machine. Each run is chaotic
    in float32: on another CPU the same seed moves by several points (seed 0 identified 59% of
    the new digits and verified 62% of their pairs in its committed run, and 49% and 53% on
    another machine). So each run must only show the order the page states, the encoder
    clearly ahead of raw pixels and verification above chance, and the page's sizes are
    checked on the mean of the five runs, as the page states them. A few seconds a run."""
    runs = [tfr.one_shot_experiment(seed=seed) for seed in SEEDS]
    for r in runs:
        assert r["identification"] - r["pixels"] > 0.08
        assert r["pixels"] < 0.42                              # chance: 1/3
        assert r["verification_threshold"] > 0.5               # chance: 1/2
        assert r["verification_head"] > 0.5
        assert np.mean(r["losses"][-30:]) < np.mean(r["losses"][:30]) / 1.5
    assert np.mean([r["identification"] - r["pixels"] for r in runs]) > 0.12
    assert np.mean([np.mean(r["losses"][-30:]) / np.mean(r["losses"][:30])
                    for r in runs]) < 1 / 1.8
    assert np.mean([r["identification"] for r in runs]) > 0.5
    assert np.mean([r["verification_threshold"] for r in runs]) > 0.55
    assert np.mean([r["verification_head"] for r in runs]) > 0.55


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, m=st.integers(1, 6), d=st.integers(1, 5), margin=st.sampled_from(
    [0.1, 0.5, 2.0]), layout=layouts)
@covers("numpy.face_recognition.squared_distance",
        "numpy.face_recognition.pairwise_squared_distances",
        "numpy.face_recognition.triplet_loss", "numpy.face_recognition.triplet_loss_backward",
        "torch.face_recognition.squared_distance",
        "torch.face_recognition.pairwise_squared_distances",
        "torch.face_recognition.triplet_loss", "numpy.face_recognition.verify")
def test_distances_and_triplet_loss(device, seed, m, d, margin, layout):
    rng = np.random.default_rng(seed)
    A, P, N = (arr(rng, (m, d), layout) for _ in range(3))
    close(nfr.squared_distance(A, P), ((A - P) ** 2).sum(1))
    ref = torch.cdist(torch.tensor(A), torch.tensor(N)) ** 2
    tol = {"rtol": 1e-9, "atol": 1e-9}
    close(nfr.pairwise_squared_distances(A, N), ref, tol)
    close(tfr.pairwise_squared_distances(tt(A, device), tt(N, device)), ref, tol)
    close(tfr.squared_distance(tt(A, device), tt(P, device)), ((A - P) ** 2).sum(1))
    ta, tp, tn = (tt(x, "cpu", grad=True) for x in (A, P, N))
    loss = torch.clamp(((ta - tp) ** 2).sum(1) - ((ta - tn) ** 2).sum(1) + margin, min=0).mean()
    loss.backward()
    close(nfr.triplet_loss(A, P, N, margin), loss)
    close(tfr.triplet_loss(tt(A, device), tt(P, device), tt(N, device), margin), loss)
    for g, t in zip(nfr.triplet_loss_backward(A, P, N, margin), (ta, tp, tn), strict=True):
        close(g, t.grad, GRAD)
    thr = float(np.median(((A - P) ** 2).sum(1)))
    assert np.array_equal(nfr.verify(A, P, thr), ((A - P) ** 2).sum(1) <= thr)


@PROP
@given(seed=seeds, m=st.integers(2, 8), n_lab=st.integers(1, 3), margin=st.sampled_from(
    [0.2, 1.0, 4.0]), strategy=st.sampled_from(["hard", "semi-hard"]))
@covers("numpy.face_recognition.select_triplets", "torch.face_recognition.select_triplets",
        "numpy.face_recognition.identify")
def test_triplet_selection_and_identification(device, seed, m, n_lab, margin, strategy):
    rng = np.random.default_rng(seed)
    enc = rng.standard_normal((m, 3))
    labels = rng.integers(0, n_lab, m)
    D = ((enc[:, None] - enc[None]) ** 2).sum(-1)
    want = []
    for a in range(m):
        for p in range(m):
            if a == p or labels[a] != labels[p]:
                continue
            ok = [n for n in range(m) if labels[n] != labels[a]
                  and (strategy == "hard" or D[a, p] < D[a, n] < D[a, p] + margin)]
            if ok:
                want.append((a, p, min(ok, key=lambda n: (D[a, n], n))))
    got = nfr.select_triplets(enc, labels, margin, strategy)
    assert sorted(map(tuple, got.tolist())) == sorted(want)
    t = tfr.select_triplets(tt(enc, device), torch.tensor(labels, device=device), margin,
                            strategy)
    assert sorted(map(tuple, t.tolist())) == sorted(want)
    q = rng.standard_normal((3, 3))
    Dq = ((q[:, None] - enc[None]) ** 2).sum(-1)
    mins = np.sort(Dq.min(1))
    thr = float((mins[0] + mins[1]) / 2)   # away from every distance (rounding)
    want_id = np.where(Dq.min(1) > thr, -1, labels[Dq.argmin(1)])
    assert np.array_equal(nfr.identify(q, enc, labels, thr), want_id)


@PROP
@given(seed=seeds, m=st.integers(1, 5), d=st.integers(1, 6), big=st.booleans())
@covers("numpy.face_recognition.verification_logit",
        "numpy.face_recognition.verification_probability",
        "torch.face_recognition.VerificationHead", "torch.face_recognition.Encoder")
def test_verification_head_twins(device, seed, m, d, big):
    rng = np.random.default_rng(seed)
    ei, ej = rng.standard_normal((m, d)), rng.standard_normal((m, d))
    torch.manual_seed(seed)
    head = tfr.VerificationHead(d).double().to(device)
    if big:
        with torch.no_grad():
            head.linear.weight.mul_(1e4)
    w = head.linear.weight.detach().cpu().numpy()[0]
    b = float(head.linear.bias.detach())
    z = head(tt(ei, device), tt(ej, device))
    close(nfr.verification_logit(ei, ej, w, b), z)
    p = nfr.verification_probability(ei, ej, w, b)
    close(p, torch.sigmoid(z))
    assert np.all(np.isfinite(p))
    enc = tfr.Encoder(d).double().to(device)
    out = enc(torch.rand(m, 1, tfr.CANVAS, tfr.CANVAS, dtype=torch.float64, device=device))
    close(out.norm(dim=1), torch.ones(m, dtype=torch.float64))


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "torch.face_recognition.digits_by_class",
    "torch.face_recognition.train_encoder",
    "torch.face_recognition.one_shot_experiment",
    "torch.face_recognition.demo",
    "torch.face_recognition.random_poses",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    A, P, N = ar(4, 3), ar(4, 3, seed=1), ar(4, 3, seed=2)
    enc = ar(6, 3)
    labels = np.array([0, 0, 1, 1, 2, 2])
    return {
        "squared_distance": E(C(A, P), arrays=("a", "b")),
        "pairwise_squared_distances": E(C(A, P[:3]), arrays=("x", "y")),
        "triplet_loss": E(C(A, P, N), arrays=("anchor", "positive", "negative"),
                          hyper={"margin": [-0.1, NAN, math.inf]}),
        "triplet_loss_backward": E(C(A, P, N), arrays=("anchor", "positive", "negative"),
                                   hyper={"margin": [-0.1, NAN, math.inf]}),
        "select_triplets": E(C(enc, labels, strategy="hard"), arrays=("encodings",),
                             hyper={"margin": [-0.1, NAN], "strategy": ["easy"],
                                    "labels": [labels[:5], np.array(["a"] * 6)]}),
        "verify": E(C(A, P, 1.0), arrays=("enc_1", "enc_2"), hyper={"threshold": [-1.0, NAN]}),
        "verification_logit": E(C(A, P, ar(3, seed=3), 0.5), arrays=("enc_i", "enc_j", "w"),
                                hyper={"b": [NAN, "b"]}),
        "verification_probability": E(C(A, P, ar(3, seed=3), 0.5), arrays=("enc_i", "enc_j", "w"),
                                      extra=[X("logit +-1e4", C(A, P, np.full(3, 1e4), -1e4),
                                               "ok", finite)]),
        "identify": E(C(A, enc, labels, 2.0), arrays=("queries", "gallery"),
                      hyper={"threshold": [-1.0, NAN], "gallery_labels": [labels[:5]]}),
    }


def _torch_sweep():
    from dlnotes.torch import face_recognition as m

    def enc(d):
        return torch.nn.functional.normalize(tn(d, 6, 3), dim=1)

    def head(d):
        torch.manual_seed(0)
        return m.VerificationHead(3).double().to(d)

    def encoder(d):
        torch.manual_seed(0)
        return m.Encoder(4).double().to(d)

    return {
        "squared_distance": E(lambda d: C(tn(d, 4, 3), tn(d, 4, 3, seed=1)), arrays=("a", "b")),
        "pairwise_squared_distances": E(lambda d: C(tn(d, 4, 3), tn(d, 2, 3, seed=1)),
                                        arrays=("x", "y")),
        "triplet_loss": E(lambda d: C(tn(d, 4, 3), tn(d, 4, 3, seed=1), tn(d, 4, 3, seed=2)),
                          arrays=("anchor", "positive", "negative"),
                          hyper={"margin": [-0.1, NAN, math.inf]}),
        "select_triplets": E(lambda d: C(enc(d), ints(d, 0, 0, 1, 1, 2, 2)),
                             arrays=("encodings", "labels"),
                             hyper={"margin": [-0.1, NAN], "strategy": ["easy"]}),
        "VerificationHead": E(lambda d: C(tn(d, 4, 3), tn(d, 4, 3, seed=1), fn=head(d)),
                              arrays=("enc_i", "enc_j"), extra=[X("d 0", C(0), "d")]),
        "Encoder": E(lambda d: C(tn(d, 2, 1, 12, 12), fn=encoder(d)), arrays=("x",),
                     extra=[X("d 0", C(0), "d"), X("d 2.5", C(2.5), "d")]),
        "digits_by_class": E(C((7, 8)), hyper={"classes": [(), (10,), (-1,)]}),
        "random_poses": E(lambda d: C(tn(d, 2, 1, 8, 8), torch.Generator().manual_seed(0)),
                          arrays=("x",)),
        # training runs for minutes: only the up-front argument checks are swept
        "train_encoder": E(lambda d: C(tn(d, 6, 1, 8, 8), ints(d, 0, 0, 1, 1, 2, 2)),
                           skip=("valid call",),
                           hyper={"d": BAD_INT, "steps": BAD_INT, "per_class": [0, 1, 2.5],
                                  "margin": [-0.1, NAN], "lr": BAD_POS, "strategy": ["easy"]}),
        "one_shot_experiment": E(C(), skip=("valid call",),
                                 hyper={"steps": BAD_INT, "d": BAD_INT, "draws": BAD_INT}),
    }


SWEEP = {"numpy.face_recognition": _numpy_sweep, "torch.face_recognition": _torch_sweep}
EXEMPT = {
    "torch.face_recognition.demo": "no arguments; a minute of training",
}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.face_recognition", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.face_recognition", _torch_sweep, device)
