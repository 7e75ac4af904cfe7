"""Face recognition (chapter "Face recognition"), PyTorch.

Conventions: batch-first; encodings are ``(m, d)``, images NCHW. ``d(x1, x2) =
||f(x1) - f(x2)||^2`` with ``f`` the encoder. Nothing here moves tensors between devices.

* :func:`squared_distance`, :func:`pairwise_squared_distances`, :func:`triplet_loss` (equal to
  ``nn.TripletMarginWithDistanceLoss`` with the squared distance), :func:`select_triplets`
  (hard and semi-hard negatives, vectorized), :class:`VerificationHead` (verification as binary
  classification).
* The offline demonstration: :func:`random_poses` (digits moved, turned and scaled on a 12x12
  canvas, so that raw pixels are a poor encoding, as for faces), :class:`Encoder` (a small CNN
  with an L2-normalized output), :func:`train_encoder` (triplets of posed digits 0-6) and
  :func:`one_shot_experiment` (one-shot verification and identification of digits 7-9 from one
  example each). :func:`demo` caches the run of one seed at the default settings.
"""

from __future__ import annotations

import functools
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from dlnotes import checks, data
from dlnotes.torch import optimization
from dlnotes.torch.training import seeded, single_thread

__all__ = [
    "squared_distance",
    "pairwise_squared_distances",
    "triplet_loss",
    "select_triplets",
    "STRATEGIES",
    "VerificationHead",
    "CANVAS",
    "random_poses",
    "Encoder",
    "digits_by_class",
    "train_encoder",
    "one_shot_experiment",
    "demo",
]

STRATEGIES = ("hard", "semi-hard")


# --8<-- [start:triplet]
def squared_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``||a_i - b_i||^2`` for each row of ``(m, d)`` tensors: ``(m,)``."""
    a, b = checks.face_recognition.pair_tensors("a", a, "b", b)
    return ((a - b) ** 2).sum(dim=1)


def triplet_loss(anchor: torch.Tensor, positive: torch.Tensor, negative: torch.Tensor,
                 margin: float = 0.2) -> torch.Tensor:
    """Mean of ``max(d(A, P) - d(A, N) + margin, 0)`` over ``(m, d)`` encodings."""
    margin = checks.face_recognition.triplet_tensors(anchor, positive, negative, margin)
    d_ap = squared_distance(anchor, positive)
    d_an = squared_distance(anchor, negative)
    return torch.clamp(d_ap - d_an + margin, min=0).mean()
# --8<-- [end:triplet]


def pairwise_squared_distances(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """``D[i, j] = ||x_i - y_j||^2`` for ``(m, d)`` and ``(n, d)``: ``(m, n)``, clipped at 0."""
    x, y = checks.face_recognition.columns_tensors("x", x, "y", y)
    d = (x**2).sum(1)[:, None] - 2 * x @ y.T + (y**2).sum(1)[None, :]
    return d.clamp(min=0)


# --8<-- [start:select]
@torch.no_grad()
def select_triplets(encodings: torch.Tensor, labels: torch.Tensor, margin: float = 0.2,
                    strategy: str = "semi-hard") -> torch.Tensor:
    """Triplets ``(a, p, n)`` of row indices, ``(t, 3)`` int64 on the encodings' device.

    Every anchor-positive pair (same label, ``a != p``) gets the negative closest to the
    anchor (``"hard"``), or the closest one with ``d(a, p) < d(a, n) < d(a, p) + margin``
    (``"semi-hard"``; pairs without one are dropped). Same rule as the NumPy version.
    """
    margin = checks.face_recognition.selection_tensors(
        encodings, labels, margin, strategy, STRATEGIES)
    m = len(encodings)
    dist = pairwise_squared_distances(encodings, encodings)
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(m, dtype=torch.bool, device=encodings.device)
    # cand[a, p, n] = d(a, n) where n may serve as the negative of the pair (a, p)
    cand = torch.where(same, torch.inf, dist)[:, None, :].expand(m, m, m)
    if strategy == "semi-hard":
        d_ap = dist[:, :, None]
        cand = torch.where((cand > d_ap) & (cand < d_ap + margin), cand, torch.inf)
    best, neg = cand.min(dim=2)
    a, p = torch.nonzero(same & ~eye & torch.isfinite(best), as_tuple=True)
    return torch.stack([a, p, neg[a, p]], dim=1)
# --8<-- [end:select]


# --8<-- [start:head]
class VerificationHead(nn.Module):
    """``y_hat = sigmoid(sum_k w_k |f(x_i)[k] - f(x_j)[k]| + b)``: ``forward`` takes two
    ``(m, d)`` encodings and returns the ``(m,)`` logits ``z`` (apply ``torch.sigmoid`` for
    probabilities; train with ``BCEWithLogitsLoss``)."""

    def __init__(self, d: int):
        super().__init__()
        self.linear = nn.Linear(checks.integer("d", d, 1), 1)

    def forward(self, enc_i: torch.Tensor, enc_j: torch.Tensor) -> torch.Tensor:
        checks.face_recognition.pair_tensors("enc_i", enc_i, "enc_j", enc_j)
        return self.linear((enc_i - enc_j).abs()).squeeze(1)
# --8<-- [end:head]


# --------------------------------------------------------------------- the offline experiment

#: the side of the canvas the 8x8 digits are posed on
CANVAS = 12


# --8<-- [start:poses]
def random_poses(x: torch.Tensor, generator: torch.Generator, *, shift: float = 2.0,
                 angle: float = 10.0, scale: float = 0.05) -> torch.Tensor:
    """Each 8x8 image of ``x`` ``(m, 1, 8, 8)`` placed on a 12x12 canvas in a random pose:
    moved by up to ``shift`` pixels in each direction, turned by up to ``angle`` degrees,
    scaled by up to ``scale`` (uniform draws from ``generator``). Returns ``(m, 1, 12, 12)``."""
    m = len(checks.face_recognition.poses(x, 8, shift, angle, scale))

    def uniform(*shape):  # in [-1, 1], drawn on the CPU so every device gets the same poses
        return (2 * torch.rand(*shape, generator=generator) - 1).to(x)

    canvas = F.pad(x, [(CANVAS - 8) // 2] * 4)
    turn, zoom = uniform(m) * angle * torch.pi / 180, 1 + uniform(m) * scale
    cos, sin = torch.cos(turn) / zoom, torch.sin(turn) / zoom
    theta = torch.stack([torch.stack([cos, -sin, uniform(m) * 2 * shift / CANVAS], 1),
                         torch.stack([sin, cos, uniform(m) * 2 * shift / CANVAS], 1)], 1)
    grid = F.affine_grid(theta, list(canvas.shape), align_corners=False)
    return F.grid_sample(canvas, grid, align_corners=False)
# --8<-- [end:poses]


# --8<-- [start:encoder]
class Encoder(nn.Module):
    """f: two 3x3 convolutions (32 channels), 2x2 max pooling, a 3x3
    convolution (64), 2x2 max pooling, a linear layer to ``d``; the output is
    scaled to unit length (squared distances lie in [0, 4]).
    ``(m, 1, 12, 12)`` -> ``(m, d)``."""

    def __init__(self, d: int = 32):
        super().__init__()
        self.cnn = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 3 * 3, checks.integer("d", d, 1)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = checks.face_recognition.images(x, CANVAS, self)
        return F.normalize(self.cnn(x), dim=1)
# --8<-- [end:encoder]


def digits_by_class(classes, device="cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """The scikit-learn digits whose label is in ``classes``: images ``(N, 1, 8, 8)`` float32
    in [0, 1] and int64 labels ``(N,)``, created on ``device``."""
    classes = list(classes)
    if not classes or not all(isinstance(c, int) and 0 <= c <= 9 for c in classes):
        raise ValueError(f"classes must be digits 0 to 9 (at least one), got {classes!r}")
    images, labels = data.digits()
    keep = np.isin(labels, classes)
    x = torch.tensor(images[keep] / 16.0, dtype=torch.float32, device=device).unsqueeze(1)
    return x, torch.tensor(labels[keep], dtype=torch.int64, device=device)


# --8<-- [start:train]
def train_encoder(x: torch.Tensor, y: torch.Tensor, *, d: int = 32,
                  steps: int = 300, per_class: int = 8, margin: float = 0.5,
                  lr: float = 3e-3, strategy: str = "semi-hard", seed: int = 0):
    """Train an :class:`Encoder` with the triplet loss on 8x8 images ``x``
    ``(N, 1, 8, 8)`` with labels ``y``. Each step draws ``per_class`` images
    of every class, gives each a new random pose, selects the triplets of
    that batch (``strategy``) and takes an Adam step. Returns the encoder
    (eval mode, on ``x``'s device) and the loss of each step."""
    checks.face_recognition.images(x, 8)
    d, steps, per_class, margin, lr = checks.face_recognition.training(
        d=d, steps=steps, per_class=per_class, margin=margin, lr=lr,
        strategy=strategy, strategies=STRATEGIES)
    model = seeded(lambda: Encoder(d), seed, x.device).to(dtype=x.dtype)
    gen = torch.Generator().manual_seed(seed)
    members = [torch.nonzero(y == c).squeeze(1).cpu() for c in y.unique()]
    opt = optimization.Adam(model.parameters(), lr=lr)
    losses = []
    with single_thread():  # tiny tensors: one thread is fastest
        for _ in range(steps):
            idx = torch.cat([
                m[torch.randint(len(m), (per_class,), generator=gen)]
                for m in members]).to(x.device)
            enc = model(random_poses(x[idx], gen))
            t = select_triplets(enc, y[idx], margin, strategy)
            if len(t) == 0:
                losses.append(0.0)
                continue
            a, p, n = enc[t[:, 0]], enc[t[:, 1]], enc[t[:, 2]]
            loss = triplet_loss(a, p, n, margin)
            loss.backward()
            opt.step()
            opt.zero_grad()
            losses.append(float(loss.detach()))
    return model.eval(), losses
# --8<-- [end:train]


def _pairs(labels: np.ndarray, ref_labels: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """For each query: its own class's reference and one other class's reference (balanced)."""
    pos = np.searchsorted(ref_labels, labels)
    other = (pos + rng.integers(1, len(ref_labels), size=len(labels))) % len(ref_labels)
    ref = np.concatenate([pos, other])
    return np.concatenate([np.arange(len(labels))] * 2), ref


def _one_shot_pairs(enc, labels, rng):
    """Draw one reference per class; return features for every query paired with its own
    reference and with another one: (|f_i - f_j|, d, same), plus identification hits."""
    classes = np.unique(labels)
    refs = np.array([rng.choice(np.flatnonzero(labels == c)) for c in classes])
    queries = np.setdiff1d(np.arange(len(labels)), refs)
    q_idx, r_idx = _pairs(labels[queries], classes, rng)
    diff = (enc[queries[q_idx]] - enc[refs[r_idx]]).abs()
    same = torch.tensor(labels[queries[q_idx]] == classes[r_idx], device=enc.device)
    nearest = pairwise_squared_distances(enc[queries], enc[refs]).argmin(dim=1).cpu().numpy()
    hits = classes[nearest] == labels[queries]
    return diff, (diff**2).sum(1), same, hits


def _best_threshold(dist: torch.Tensor, same: torch.Tensor) -> float:
    """The threshold (midpoint between sorted distances) with the most correct decisions."""
    d, order = dist.sort()
    s = same[order].double()
    # predicting "same" for the first k pairs: correct = positives among them + negatives after
    correct = torch.cat([s.new_zeros(1), s.cumsum(0)]) + \
        torch.cat([(1 - s).flip(0).cumsum(0).flip(0), s.new_zeros(1)])
    k = int(correct.argmax())
    if k == 0:
        return 0.0
    return float(d[k - 1] if k == len(d) else (d[k - 1] + d[k]) / 2)


def one_shot_experiment(*, steps: int = 300, d: int = 32, draws: int = 20, seed: int = 0,
                        device="cpu") -> dict:
    """Train on digits 0-6 in random poses, then learn digits 7-9 from one example each.

    Every test image (digits 0-9) gets one random pose, drawn with ``seed``. Returns a dict:
    ``identification`` (nearest of the three references, mean over ``draws`` draws of the
    references), ``pixels`` (the same with the posed images' raw pixels as encodings),
    ``threshold`` (fitted on balanced pairs of digits 0-6) with ``verification_threshold``
    (accuracy on balanced pairs of 7-9), ``verification_head`` (the logistic head fitted on
    0-6 pairs), ``train_seconds``, ``losses`` and the embeddings of the new digits
    ``(enc, labels)``.
    """
    for name, value in (("steps", steps), ("d", d), ("draws", draws)):
        checks.integer(name, value, 1)
    x_old, y_old = digits_by_class(range(7), device)
    x_new, y_new = digits_by_class(range(7, 10), device)
    start = time.perf_counter()
    model, losses = train_encoder(x_old, y_old, d=d, steps=steps, seed=seed)
    seconds = time.perf_counter() - start
    gen = torch.Generator().manual_seed(10_000 + seed)  # not the training draws
    x_old, x_new = random_poses(x_old, gen), random_poses(x_new, gen)
    with single_thread(), torch.no_grad():
        enc_old, enc_new = model(x_old), model(x_new)
    with single_thread():
        rng = np.random.default_rng(seed)
        diff, dist, same, _ = _one_shot_pairs(enc_old, y_old.cpu().numpy(), rng)
        threshold = _best_threshold(dist, same)
        head = seeded(lambda: VerificationHead(d), seed, device)
        opt = optimization.Adam(head.parameters(), lr=0.05)
        for _ in range(300):
            F.binary_cross_entropy_with_logits(head.linear(diff).squeeze(1),
                                               same.to(diff.dtype)).backward()
            opt.step()
            opt.zero_grad()
        ident, pixels, ver_t, ver_h = [], [], [], []
        flat = x_new.flatten(1)
        for _ in range(draws):
            state = rng.bit_generator.state
            diff, dist, same, hits = _one_shot_pairs(enc_new, y_new.cpu().numpy(), rng)
            rng.bit_generator.state = state  # the same references for the pixel baseline
            *_, hits_px = _one_shot_pairs(flat, y_new.cpu().numpy(), rng)
            ident.append(hits.mean())
            pixels.append(hits_px.mean())
            ver_t.append(float(((dist <= threshold) == same).float().mean()))
            with torch.no_grad():
                ver_h.append(float(((head.linear(diff).squeeze(1) > 0) == same).float().mean()))
    return {"identification": float(np.mean(ident)), "pixels": float(np.mean(pixels)),
            "identification_draws": [float(v) for v in ident],
            "threshold": threshold, "verification_threshold": float(np.mean(ver_t)),
            "verification_head": float(np.mean(ver_h)), "train_seconds": seconds,
            "losses": losses, "embeddings": (enc_new.cpu(), y_new.cpu())}


@functools.cache
def demo() -> dict:
    """:func:`one_shot_experiment` at its defaults (seed 0) on the CPU, computed once per
    process."""
    return one_shot_experiment()
