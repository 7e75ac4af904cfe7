"""Neural style transfer: the costs against plain loops over the seed's sums and against
F.mse_loss, NumPy against torch, hand-written and autograd gradients against finite
differences (float64), the VGG-19 loader on a tiny saved VGG-shaped model, and the loop.

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
from properties_support import (
    CHAPTER_TESTS,
    GRAD,
    PROP,
    SMALL,
    arr,
    close,
    covers,
    layouts,
    seeds,
    tt,
)
from sweep_support import BAD_INT, NAN, C, E, X, ar, sweep_module, tn
from torch.nn import functional as F

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import style_transfer as nst
from dlnotes.torch import style_transfer as tst
from dlnotes.torch import training


def _acts(shape=(3, 4, 5), seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.normal(size=shape)


def _nchw(a, device="cpu"):
    return torch.tensor(a, device=device).permute(2, 0, 1)[None]


def test_gram_matrix_matches_the_double_sum():
    a, _ = _acts()
    n_H, n_W, n_C = a.shape
    want = np.zeros((n_C, n_C))
    for k in range(n_C):
        for kk in range(n_C):
            for i in range(n_H):
                for j in range(n_W):
                    want[k, kk] += a[i, j, k] * a[i, j, kk]
    np.testing.assert_allclose(nst.gram_matrix(a), want, rtol=1e-12)
    np.testing.assert_allclose(tst.gram_matrix(_nchw(a))[0].numpy(), want, rtol=1e-12)


def test_costs_match_mse_loss_oracles():
    a, b = _acts()
    n = a.size
    C, G = torch.tensor(a), torch.tensor(b)
    assert nst.content_cost(a, b) == pytest.approx(float(F.mse_loss(G, C)) / 4, rel=1e-12)
    n_C = a.shape[2]
    gs, gg = (torch.tensor(x.reshape(-1, n_C)) for x in (a, b))
    want = float(F.mse_loss(gs.T @ gs, gg.T @ gg, reduction="sum")) / (4 * n**2)
    assert nst.layer_style_cost(a, b) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_numpy_and_torch_give_equal_costs(seed, device):
    a1, b1 = _acts(seed=seed)
    a2, b2 = _acts((2, 3, 4), seed=seed + 10)
    w = [0.3, 0.7]
    assert float(tst.content_cost(_nchw(a1, device), _nchw(b1, device))) == pytest.approx(
        nst.content_cost(a1, b1), rel=1e-12)
    js_t = tst.style_cost([_nchw(a1, device), _nchw(a2, device)],
                          [_nchw(b1, device), _nchw(b2, device)], w)
    js_n = nst.style_cost([a1, a2], [b1, b2], w)
    assert float(js_t) == pytest.approx(js_n, rel=1e-12)
    j_t = tst.total_cost(torch.tensor(1.5, dtype=js_t.dtype), js_t, 10, 40)
    assert float(j_t) == pytest.approx(nst.total_cost(1.5, js_n, 10, 40), rel=1e-12)


def test_batch_of_one_accepted_and_known_answers():
    a = np.ones((2, 2, 1))
    assert nst.content_cost(a[None], np.zeros((1, 2, 2, 1))) == pytest.approx(4 / 16)
    np.testing.assert_array_equal(nst.gram_matrix(a), [[4.0]])
    assert nst.layer_style_cost(a, a) == 0.0


def test_hand_written_gradients_match_finite_differences_and_autograd():
    a_C, a_G = _acts(seed=3)
    a_S, _ = _acts(seed=4)
    params = {"a_G": a_G}
    for cost, backward, ref in ((nst.content_cost, nst.content_cost_backward, a_C),
                                (nst.layer_style_cost, nst.layer_style_cost_backward, a_S)):
        numeric = gc.numerical_gradient(lambda cost=cost, ref=ref: cost(ref, a_G), params)
        exact = backward(ref, a_G)
        assert gc.relative_error(numeric["a_G"], exact) < 1e-7
        g = torch.tensor(a_G, requires_grad=True)
        torch_cost = tst.content_cost if cost is nst.content_cost else tst.layer_style_cost
        torch_cost(_nchw(ref), g.permute(2, 0, 1)[None]).backward()
        np.testing.assert_allclose(g.grad.numpy(), exact, rtol=1e-10, atol=1e-15)


def test_autograd_through_a_network_matches_finite_differences():
    """J(G) with a small random CNN, differentiated by autograd with respect to the pixels."""
    torch.manual_seed(0)
    net = tst.small_cnn().double()
    ext = tst.FeatureExtractor(net, tst.SMALL_LAYERS)
    rng = np.random.default_rng(5)
    C, S, G = (rng.uniform(size=(1, 3, 4, 4)) for _ in range(3))
    with torch.no_grad():
        a_C = ext(torch.tensor(C))["relu2"]
        a_S = ext(torch.tensor(S))

    def J(g):
        a = ext(g)
        js = tst.style_cost([a_S["relu1"], a_S["relu3"]], [a["relu1"], a["relu3"]], [0.5, 0.5])
        return tst.total_cost(tst.content_cost(a_C, a["relu2"]), js, 1.0, 1e3)

    g = torch.tensor(G, requires_grad=True)
    J(g).backward()
    with training.single_thread():
        numeric = gc.numerical_gradient(lambda: float(J(torch.tensor(G))), {"G": G}, eps=1e-6)
    assert gc.relative_error(numeric["G"], g.grad.numpy()) < 1e-7


def test_vgg19_layout_and_names():
    model = tst.vgg19_features()
    assert len(model) == 37
    assert sum(p.numel() for p in model.parameters()) == 20_024_384  # torchvision's features
    assert tst.VGG19_LAYERS["conv1_1"] == 0 and tst.VGG19_LAYERS["conv4_2"] == 21
    assert tst.VGG19_LAYERS["relu5_4"] == 35 and tst.VGG19_LAYERS["pool5"] == 36


def test_loader_reads_a_saved_tiny_vgg(tmp_path, device):
    widths = [2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5]
    torch.manual_seed(1)
    tiny = tst.vgg19_features(widths)
    state = {f"features.{k}": v for k, v in tiny.state_dict().items()}
    state["classifier.0.weight"] = torch.zeros(3, 3)  # ignored, as torchvision's head would be
    torch.save(state, tmp_path / "vgg19.pth")
    loaded = tst.load_vgg19_features(tmp_path / "vgg19.pth", map_location=device)
    assert not any(p.requires_grad for p in loaded.parameters())
    x = torch.rand(1, 3, 32, 32)
    with torch.no_grad():
        want = tiny.eval()(x)
        got = loaded(x.to(device))
    # cuDNN may use TF32 for float32 convolutions on a GPU
    tol = {} if device == "cpu" else {"rtol": 1e-2, "atol": 1e-3}
    torch.testing.assert_close(got.cpu(), want, **tol)
    ext = tst.FeatureExtractor(loaded, {"conv4_2": tst.VGG19_LAYERS["conv4_2"]})
    assert ext(x.to(device))["conv4_2"].shape == (1, 5, 4, 4)
    torch.save({"0.weight": torch.zeros(2, 3, 3, 3)}, tmp_path / "broken.pth")
    with pytest.raises(ValueError, match="^path must hold the 16 convolutions"):
        tst.load_vgg19_features(tmp_path / "broken.pth")


def test_images_are_made_in_range():
    for img in (nst.content_image(32), nst.style_image(32)):
        assert img.shape == (32, 32, 3) and img.min() >= 0 and img.max() <= 1
    np.testing.assert_array_equal(nst.style_image(16, seed=3), nst.style_image(16, seed=3))


def test_transfer_lowers_the_cost(device):
    c = tst.to_tensor(nst.content_image(16), device)
    s = tst.to_tensor(nst.style_image(16), device)
    ext = tst.FeatureExtractor(tst.small_cnn().to(device), tst.SMALL_LAYERS)
    with training.single_thread():
        G, costs = tst.transfer_style(ext, c, s, content_layer="relu2",
                                      style_weights={"relu1": 0.5, "relu3": 0.5},
                                      alpha=1.0, beta=1e5, steps=30, lr=0.05)
    assert G.device.type == device and G.shape == c.shape
    assert costs[-1][0] < costs[0][0] and 0 <= float(G.min()) and float(G.max()) <= 1


def test_bad_input():
    a, b = _acts()
    with pytest.raises(ValueError, match="^a_G must have the shape of a_C"):
        nst.content_cost(a, b[:2])
    with pytest.raises(ValueError, match="^a_G must have the shape of a_S"):
        nst.layer_style_cost(a, b[:, :3])
    with pytest.raises(ValueError, match="^a_S, a_G and weights"):
        nst.style_cost([a], [b], [0.5, 0.5])
    with pytest.raises(TypeError, match="^a must"):
        nst.gram_matrix([[1.0]])
    with pytest.raises(ValueError, match="^style must have the shape of content"):
        tst.transfer_style(tst.FeatureExtractor(tst.small_cnn(), tst.SMALL_LAYERS),
                           torch.rand(1, 3, 16, 16), torch.rand(1, 3, 32, 32),
                           content_layer="relu2", style_weights={"relu1": 1.0})
    with pytest.raises(ValueError, match="^layer 'conv9'"):
        tst.transfer_style(tst.FeatureExtractor(tst.small_cnn(), tst.SMALL_LAYERS),
                           torch.rand(1, 3, 16, 16), torch.rand(1, 3, 16, 16),
                           content_layer="conv9", style_weights={"relu1": 1.0})
    with pytest.raises(ValueError, match="^path must be an existing"):
        tst.load_vgg19_features("no-such-file.pth")
    with pytest.raises(ValueError, match="^widths"):
        tst.vgg19_features([4, 4])


RESULT = Path(__file__).parents[1] / "snippets/style-transfer/result.json"


def _transfers_the_style(generated: np.ndarray, costs) -> None:
    """The page's claims about its run: the style cost falls by a factor of more than 500
    while the content cost stays small, and the sky, plain pale blue in the content image,
    is painted in the stripes' blue and yellow (both far from the sky's colour)."""
    J_style = [c[2] for c in costs]
    assert J_style[-1] < J_style[0] / 500
    assert max(c[1] for c in costs) < 1e-3
    sky = generated[:8].reshape(-1, 3)                 # the top rows: sky in C
    blue = sky[:, 2] - sky[:, 0] > 0.3                 # blue well above red
    yellow = (sky[:, 0] > 0.6) & (sky[:, 2] < 0.45)    # red high, blue low
    assert blue.mean() > 0.1 and yellow.mean() > 0.1
    assert np.abs(sky - nst.content_image(len(generated))[:8].reshape(-1, 3)).mean() > 0.2


def test_committed_run_transfers_the_style():
    run = json.loads(RESULT.read_text())
    size = run["size"]
    generated = np.array(run["generated"], dtype=float).reshape(size, size, 3) / 255
    _transfers_the_style(generated, run["costs"])


@pytest.mark.slow
def test_fresh_run_transfers_the_style():
    r = tst.demo()
    _transfers_the_style(r["generated"], r["costs"])


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, h=st.integers(1, 5), w=st.integers(1, 5), c=st.integers(1, 4),
       layout=layouts, n_layers=st.integers(1, 3))
@covers("numpy.style_transfer.content_cost", "numpy.style_transfer.content_cost_backward",
        "numpy.style_transfer.gram_matrix", "numpy.style_transfer.layer_style_cost",
        "numpy.style_transfer.layer_style_cost_backward", "numpy.style_transfer.style_cost",
        "numpy.style_transfer.total_cost", "torch.style_transfer.gram_matrix",
        "torch.style_transfer.content_cost", "torch.style_transfer.layer_style_cost",
        "torch.style_transfer.style_cost", "torch.style_transfer.total_cost")
def test_style_costs_autograd_and_twins(device, seed, h, w, c, layout, n_layers):
    rng = np.random.default_rng(seed)
    aC, aG = arr(rng, (h, w, c), layout), arr(rng, (h, w, c), layout)
    g = tt(aG, "cpu", grad=True)
    A = g.reshape(-1, c)
    G_ref = (A.T @ A)
    close(nst.gram_matrix(aG), G_ref)
    jc = ((tt(aC, "cpu") - g) ** 2).sum() / (4 * h * w * c)
    jc.backward()
    close(nst.content_cost(aC, aG), jc)
    close(nst.content_cost_backward(aC, aG), g.grad, GRAD)
    g.grad = None
    S = tt(aC, "cpu").reshape(-1, c)
    js = ((S.T @ S - A.T @ A) ** 2).sum() / (4 * c**2 * (h * w) ** 2)
    js.backward()
    close(nst.layer_style_cost(aC, aG), js)
    close(nst.layer_style_cost_backward(aC, aG), g.grad, GRAD)
    nchw = lambda x: tt(x.transpose(2, 0, 1)[None], device)  # noqa: E731
    close(tst.gram_matrix(nchw(aG))[0], G_ref)
    close(tst.content_cost(nchw(aC), nchw(aG)), jc)
    close(tst.layer_style_cost(nchw(aC), nchw(aG)), js)
    layers = [(arr(rng, (h, w, c)), arr(rng, (h, w, c))) for _ in range(n_layers)]
    weights = list(rng.dirichlet(np.ones(n_layers)))
    want = sum(wt * nst.layer_style_cost(s, gg) for wt, (s, gg) in zip(weights, layers,
                                                                       strict=True))
    close(nst.style_cost([s for s, _ in layers], [gg for _, gg in layers], weights), want)
    close(tst.style_cost([nchw(s) for s, _ in layers], [nchw(gg) for _, gg in layers], weights),
          want)
    assert math.isclose(nst.total_cost(2.0, 3.0, 10.0, 40.0), 140.0)
    close(tst.total_cost(jc.detach(), js.detach(), 1.5, 2.5), 1.5 * jc + 2.5 * js)


@SMALL
@given(seed=seeds, size=st.integers(8, 20), deepest=st.integers(0, 7))
@covers("torch.style_transfer.FeatureExtractor", "torch.style_transfer.to_tensor",
        "torch.style_transfer.to_image", "torch.style_transfer.vgg19_features",
        "torch.style_transfer.load_vgg19_features", "torch.style_transfer.small_cnn")
def test_feature_extractor_and_round_trips(tmp_path_factory, seed, size, deepest):
    rng = np.random.default_rng(seed)
    img = rng.random((size, size, 3))
    x = tst.to_tensor(img)
    assert x.shape == (1, 3, size, size)
    close(tst.to_image(x), img.astype(np.float32))
    net = tst.small_cnn(seed % 100)
    names = {"a": deepest, **({"b": deepest - 2} if deepest >= 2 else {})}
    got = tst.FeatureExtractor(net, names)(x)
    with torch.no_grad():
        y, outs = x, []
        for layer in net:
            y = layer(y)
            outs.append(y)
    for name, i in names.items():
        close(got[name], outs[i])
    vgg = tst.vgg19_features([2] * 16)
    assert len(vgg) == 37
    path = tmp_path_factory.mktemp("vgg") / "vgg.pth"
    torch.save(vgg.state_dict(), path)
    loaded = tst.load_vgg19_features(path)
    for (k, v), (k2, v2) in zip(vgg.state_dict().items(), loaded.state_dict().items(),
                                strict=True):
        assert k == k2 and torch.equal(v, v2)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.style_transfer.content_image",
    "numpy.style_transfer.style_image",
    "torch.style_transfer.transfer_style",
    "torch.style_transfer.demo",
    "torch.style_transfer.random_cnn",
    "torch.style_transfer.random_layers",
], CHAPTER_TESTS)


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _numpy_sweep():
    aC, aG = ar(4, 5, 3), ar(4, 5, 3, seed=1)
    return {
        "content_cost": E(C(aC, aG), arrays=("a_C", "a_G")),
        "content_cost_backward": E(C(aC, aG), arrays=("a_C", "a_G")),
        "gram_matrix": E(C(aC), arrays=("a",)),
        "layer_style_cost": E(C(aC, aG), arrays=("a_S", "a_G")),
        "layer_style_cost_backward": E(C(aC, aG), arrays=("a_S", "a_G")),
        "style_cost": E(C([aC, aC[:2]], [aG, aG[:2]], [0.5, 0.5]),
                        hyper={"weights": [[0.5], [0.5, NAN], [-1.0, 2.0]],
                               "a_G": [[aG]], "a_S": [[]]}),
        "total_cost": E(C(1.0, 2.0), hyper={"alpha": [-1.0, NAN], "beta": [-1.0, NAN],
                                            "j_content": [NAN, "a"], "j_style": [NAN, -1.0]}),
        "content_image": E(C(16), hyper={"size": [0, 2.5, -1]}),
        "style_image": E(C(16), hyper={"size": [0, 2.5, -1], "seed": [-1, "a"]}),
    }


def _torch_sweep():
    from dlnotes.numpy import style_transfer as ns
    from dlnotes.torch import style_transfer as m

    def fx(d):
        return m.FeatureExtractor(m.small_cnn().double().to(d), {"relu1": 1, "relu2": 4})

    img = ns.content_image(16)
    return {
        "gram_matrix": E(lambda d: C(tn(d, 2, 3, 4, 5)), arrays=("a",)),
        "content_cost": E(lambda d: C(tn(d, 2, 3, 4, 5), tn(d, 2, 3, 4, 5, seed=1)),
                          arrays=("a_C", "a_G")),
        "layer_style_cost": E(lambda d: C(tn(d, 2, 3, 4, 5), tn(d, 2, 3, 4, 5, seed=1)),
                              arrays=("a_S", "a_G")),
        "style_cost": E(lambda d: C([tn(d, 1, 3, 4, 4)], [tn(d, 1, 3, 4, 4, seed=1)], [1.0]),
                        hyper={"weights": [[], [NAN], [-1.0]], "a_G": [[]]}),
        "total_cost": E(lambda d: C(tn(d, 1)[0].abs(), tn(d, 1, seed=1)[0].abs()),
                        hyper={"alpha": [-1.0, NAN], "beta": [-1.0, NAN]}),
        "FeatureExtractor": E(lambda d: C(tn(d, 1, 3, 16, 16), fn=fx(d)), arrays=("x",),
                              extra=[X("layer past the end",
                                       C(m.small_cnn(), {"relu9": 99}), "layers"),
                                     X("no layers", C(m.small_cnn(), {}), "layers"),
                                     X("features not Sequential", C(None, {"a": 0}),
                                       "features")]),
        "vgg19_features": E(C([2] * 16), hyper={"widths": [[2] * 15, [0] * 16]}),
        "load_vgg19_features": E(C("/nonexistent/vgg19.pth"), skip=("valid call",),
                                 hyper={"path": [None, 3]}),
        "small_cnn": E(C(1), hyper={"seed": [-1, "a", 2.5]}),
        "to_tensor": E(C(img), arrays=("image",)),
        "to_image": E(lambda d: C(tn(d, 1, 3, 4, 4)), arrays=("x",)),
        # optimisation runs for minutes: only the up-front argument checks are swept
        "transfer_style": E(lambda d: C(fx(d), torch.rand(1, 3, 16, 16, dtype=torch.float64,
                                                          device=d),
                                        torch.rand(1, 3, 16, 16, dtype=torch.float64, device=d),
                                        content_layer="relu2",
                                        style_weights={"relu1": 1.0}, steps=1),
                            arrays=("content", "style"),
                            hyper={"content_layer": ["relu7"], "style_weights": [{}, {"x": 1.0}],
                                   "alpha": [-1.0, NAN], "beta": [-1.0, NAN], "steps": BAD_INT}),
        "demo": E(C(), skip=("valid call",), hyper={"size": [0, 2.5]}),
        "random_cnn": E(C((2, 3)), hyper={"widths": [(2, 0), (2, 2.5)], "seed": [-1, "a"]}),
        "random_layers": E(C(2), hyper={"depth": BAD_INT}),
    }


SWEEP = {"numpy.style_transfer": _numpy_sweep, "torch.style_transfer": _torch_sweep}


@pytest.mark.api
def test_sweep_numpy():
    sweep_module("numpy.style_transfer", _numpy_sweep, "cpu")


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.style_transfer", _torch_sweep, device)
