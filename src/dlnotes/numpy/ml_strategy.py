"""Structuring ML projects (chapter "Structuring ML projects"), NumPy.

Splitting data, reading the gaps between error rates, counting what the errors are, and
fixing a mismatch between the training data and the data the model will meet.

Conventions:

* labels are 1-D integer arrays of shape ``(m,)``; predictions have the same shape;
* error rates are fractions in ``[0, 1]`` (0.05 means 5 %);
* images are the 8x8 scikit-learn digits as ``(m, 8, 8)`` float64 arrays with pixel values in
  ``[0, 16]`` (0 is background); a classifier sees them flattened to ``(m, 64)``;
* every random choice takes an explicit ``seed``.
"""

from __future__ import annotations

# --8<-- [start:imports]
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dlnotes import checks, data

# --8<-- [end:imports]

__all__ = [
    "split_sizes", "stratified_split", "Diagnosis", "error_analysis", "diagnosis_table",
    "confusion_matrix", "top_confusions", "error_categories", "weighted_error",
    "blur", "shift", "add_noise", "distort", "flip_labels",
    "MismatchResult", "mismatch_experiment",
]

KINDS = ("noise", "blur", "shift")


# --8<-- [start:splits]
def _ratios(ratios: Sequence[float]) -> np.ndarray:
    r = np.asarray(ratios, dtype=np.float64)
    if r.ndim != 1 or r.size < 2:
        raise ValueError(f"ratios must be a sequence of at least 2 fractions, got {ratios!r}")
    if not np.all(np.isfinite(r)) or np.any(r <= 0) or abs(r.sum() - 1.0) > 1e-9:
        raise ValueError(f"ratios must be positive fractions that sum to 1, got {ratios!r}")
    return r


def split_sizes(m: int, ratios: Sequence[float]) -> list[int]:
    """Sizes of the parts of ``m`` examples split by ``ratios`` (e.g. ``(0.6, 0.2, 0.2)``).

    The sizes sum to ``m``: each part gets ``floor(m * ratio)`` and the examples left over go,
    one each, to the parts with the largest remainders (ties to the earlier part).
    """
    checks.integer("m", m, 1)
    r = _ratios(ratios)
    exact = m * r
    sizes = np.floor(exact).astype(np.int64)
    left = m - int(sizes.sum())
    order = np.argsort(-(exact - sizes), kind="stable")
    sizes[order[:left]] += 1
    return [int(s) for s in sizes]
# --8<-- [end:splits]


def _labels(name: str, y) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels, shape (m,), got shape {y.shape}")
    if y.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    return y


def stratified_split(y, ratios: Sequence[float], seed: int = 0) -> list[np.ndarray]:
    """Split the indices ``0..m-1`` of labels ``y`` (shape ``(m,)``) into parts of sizes
    :func:`split_sizes`, each part holding every class in about the proportion of ``y``.

    Each class is shuffled (``np.random.default_rng(seed)``) and its j-th example of ``m_c``
    gets the position ``(j + 1/2) / m_c`` in [0, 1]; all examples are sorted by position and the
    sorted list is cut into consecutive parts of the sizes asked for. A class therefore lands
    in each part in its share of ``y``, within about one example. Returns one sorted index array
    per ratio; together they are a partition of ``range(m)``.
    """
    seed = checks.seed("seed", seed)
    y = _labels("y", y)
    sizes = split_sizes(len(y), ratios)
    rng = np.random.default_rng(seed)
    position = np.empty(len(y))
    for c in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == c))
        position[idx] = (np.arange(len(idx)) + 0.5) / len(idx)
    tiebreak = rng.permutation(len(y))  # equal positions of different classes: random order
    order = np.lexsort((tiebreak, position))
    return [np.sort(part) for part in np.split(order, np.cumsum(sizes)[:-1])]


# --8<-- [start:diagnosis]
GAPS = ("avoidable bias", "variance", "data mismatch", "overfitting to dev")


@dataclass(frozen=True)
class Diagnosis:
    """The gaps between consecutive error rates; ``None`` where a rate was not measured."""

    avoidable_bias: float  # training - human level (Bayes proxy)
    variance: float  # training-dev - training (or dev - training without a training-dev set)
    data_mismatch: float | None  # dev - training-dev
    dev_overfitting: float | None  # test - dev
    focus: str  # the largest positive gap, the one to attack first ("none" if none is > 0)

    def gaps(self) -> dict[str, float | None]:
        values = (self.avoidable_bias, self.variance, self.data_mismatch, self.dev_overfitting)
        return dict(zip(GAPS, values, strict=True))


def error_analysis(human: float, train: float, dev: float, *,
                   train_dev: float | None = None, test: float | None = None) -> Diagnosis:
    """Name the gaps between human-level, training, training-dev, dev and test error.

    Without a training-dev set the dev - training gap mixes variance and data mismatch; it
    is reported as variance and ``data_mismatch`` is ``None``.
    """
    h, tr, dv, td, te = checks.ml_strategy.error_rates(
        human=human, train=train, dev=dev, train_dev=train_dev, test=test)
    bias = tr - h
    variance = (td if td is not None else dv) - tr
    mismatch = None if td is None else dv - td
    overfit = None if te is None else te - dv
    gaps = dict(zip(GAPS, (bias, variance, mismatch, overfit), strict=True))
    known = {k: v for k, v in gaps.items() if v is not None and v > 0}
    focus = max(known, key=known.get) if known else "none"
    return Diagnosis(bias, variance, mismatch, overfit, focus)
# --8<-- [end:diagnosis]


def diagnosis_table(cases: dict[str, dict[str, float]]) -> str:
    """A text table: one row per named case of :func:`error_analysis` keyword arguments,
    the gaps in percent and the gap to attack first."""
    head = f"{'case':<12}" + "".join(f"{g:>20}" for g in GAPS) + "  attack first"
    rows = [head]
    for name, rates in cases.items():
        try:
            d = error_analysis(**rates)
        except TypeError as e:  # a missing or unknown rate
            raise ValueError(f"cases[{name!r}] must hold error_analysis's rates: {e}") from None
        cells = "".join(f"{'-':>20}" if v is None else f"{100 * v:>19.1f}%"
                        for v in d.gaps().values())
        rows.append(f"{name:<12}{cells}  {d.focus}")
    return "\n".join(rows)


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts ``C[i, j]`` of examples of true class ``i`` predicted as ``j``, shape
    ``(n_classes, n_classes)``; ``n_classes`` defaults to the largest label + 1."""
    y_true, y_pred = _labels("y_true", y_true), _labels("y_pred", y_pred)
    checks.same_shape("y_pred", y_pred.shape, "y_true", y_true.shape)
    if min(y_true.min(), y_pred.min()) < 0:
        raise ValueError("y_true and y_pred must hold labels >= 0")
    top = int(max(y_true.max(), y_pred.max())) + 1
    n = top if n_classes is None else checks.integer("n_classes", n_classes)
    if n < top:
        raise ValueError(f"n_classes must be > every label ({top - 1}), got {n_classes}")
    return np.bincount(y_true * n + y_pred, minlength=n * n).reshape(n, n)


def top_confusions(cm, k: int = 3) -> list[tuple[int, int, int]]:
    """The ``k`` largest off-diagonal cells of a confusion table as ``(true, predicted,
    count)``, largest first (ties in row-major order)."""
    cm = np.asarray(cm)
    k = checks.integer("k", k, minimum=0)
    if cm.dtype == np.bool_ or cm.dtype.kind not in "iu":
        raise TypeError(f"cm must hold integer counts, got dtype {cm.dtype}")
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be a square (n, n) table, got shape {cm.shape}")
    off = cm.astype(np.int64).copy()
    np.fill_diagonal(off, -1)
    order = np.argsort(-off.ravel(), kind="stable")[:k]
    return [(int(i // cm.shape[0]), int(i % cm.shape[0]), int(off.ravel()[i]))
            for i in order if off.ravel()[i] > 0]


# --8<-- [start:categories]
def error_categories(tags, names: Sequence[str], dev_error: float) -> dict[str, tuple]:
    """Count the categories of reviewed errors (the course's spreadsheet).

    ``tags`` is a boolean array ``(n_errors, n_categories)``: row ``i`` marks the categories of
    the i-th misclassified example (several, or none, may apply). For each name returns
    ``(count, share of the errors, ceiling)`` where ``ceiling = share * dev_error`` is the most
    that fixing the category can take off the dev error.
    """
    tags, dev_error = checks.ml_strategy.review(tags, names, dev_error)
    counts = tags.sum(axis=0)
    share = counts / tags.shape[0]
    return {n: (int(c), float(s), float(s * dev_error))
            for n, c, s in zip(names, counts, share, strict=True)}
# --8<-- [end:categories]


def weighted_error(y_true, y_pred, weights) -> float:
    """``sum_i w_i [y_pred_i != y_true_i] / sum_i w_i``: an error rate in which the examples
    you care about more (larger ``w_i >= 0``, shape ``(m,)``) count more."""
    y_true, y_pred = _labels("y_true", y_true), _labels("y_pred", y_pred)
    checks.same_shape("y_pred", y_pred.shape, "y_true", y_true.shape)
    w = checks.real_array("weights", weights)
    checks.same_shape("weights", w.shape, "y_true", y_true.shape)
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be finite, >= 0, and not all 0")
    return float(np.sum(w * (y_true != y_pred)) / w.sum())


# --------------------------------------------------------------------------- digits, distorted


def _images(images) -> np.ndarray:
    x = np.asarray(images)
    if x.ndim != 3:
        raise ValueError(f"images must have shape (m, height, width), got {x.shape}")
    if not np.issubdtype(x.dtype, np.floating) and not np.issubdtype(x.dtype, np.integer):
        raise TypeError(f"images must be numeric, got dtype {x.dtype}")
    return x.astype(np.float64)


# --8<-- [start:distortions]
BLUR_KERNEL = np.outer([1.0, 2.0, 1.0], [1.0, 2.0, 1.0]) / 16.0


def blur(images) -> np.ndarray:
    """Blur each image ``(m, H, W)`` with the 3x3 kernel ``[1 2 1]^T [1 2 1] / 16``; pixels
    outside the image count as background (0)."""
    x = _images(images)
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    h, w = x.shape[1:]
    return sum(BLUR_KERNEL[i, j] * padded[:, i:i + h, j:j + w]
               for i in range(3) for j in range(3))


def shift(images, offsets) -> np.ndarray:
    """Move image ``i`` by ``offsets[i] = (down, right)`` whole pixels (negative: up/left);
    pixels moved in from outside are background (0). ``offsets`` has shape ``(m, 2)``."""
    x = _images(images)
    off = np.asarray(offsets)
    if off.shape != (len(x), 2) or not np.issubdtype(off.dtype, np.integer):
        raise ValueError(f"offsets must be integers of shape ({len(x)}, 2), got {off.shape}")
    h, w = x.shape[1:]
    out = np.zeros_like(x)
    for i, (dy, dx) in enumerate(off):
        src = x[i, max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
        out[i, max(0, dy):max(0, dy) + src.shape[0], max(0, dx):max(0, dx) + src.shape[1]] = src
    return out


def add_noise(images, std: float, seed: int = 0) -> np.ndarray:
    """Add Gaussian noise of standard deviation ``std`` and clip to the pixel range [0, 16]."""
    seed = checks.seed("seed", seed)
    x = _images(images)
    std = checks.non_negative("std", std)
    rng = np.random.default_rng(seed)
    return np.clip(x + rng.normal(0.0, std, size=x.shape), 0.0, 16.0)


def distort(images, seed: int = 0, *, noise_std: float = 4.0) -> tuple[np.ndarray, np.ndarray]:
    """Give each image one distortion drawn at random: ``"noise"`` (Gaussian, ``noise_std``),
    ``"blur"`` (:func:`blur`) or ``"shift"`` (one pixel up/down and one left/right).

    Returns the distorted images ``(m, H, W)`` and the kind of each, shape ``(m,)`` (str).
    """
    seed = checks.seed("seed", seed)
    x = _images(images)
    noise_std = checks.non_negative("noise_std", noise_std)
    rng = np.random.default_rng(seed)
    kinds = np.array(KINDS)[rng.integers(0, len(KINDS), size=len(x))]
    offsets = rng.choice(np.array([-1, 1]), size=(len(x), 2))
    noisy = add_noise(x, noise_std, seed=int(rng.integers(2**31)))
    out = np.where((kinds == "noise")[:, None, None], noisy, x)
    out = np.where((kinds == "blur")[:, None, None], blur(x), out)
    out = np.where((kinds == "shift")[:, None, None], shift(x, offsets), out)
    return out, kinds
# --8<-- [end:distortions]


def flip_labels(y, rate: float, n_classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Mislabel a fraction ``rate`` of the labels ``y`` ``(m,)`` (each flipped one gets another
    class at random). Returns the new labels and a boolean mask of the flipped ones."""
    seed = checks.seed("seed", seed)
    y = _labels("y", y)
    rate = checks.unit_interval("rate", rate, closed_right=True)
    n_classes = checks.integer("n_classes", n_classes, minimum=2)
    if y.size and y.max() >= n_classes:
        raise ValueError(f"n_classes must exceed the largest label, {y.max()}, got {n_classes}")
    rng = np.random.default_rng(seed)
    flipped = np.zeros(len(y), dtype=bool)
    flipped[rng.choice(len(y), size=round(rate * len(y)), replace=False)] = True
    new = y.copy()
    new[flipped] = (y[flipped] + rng.integers(1, n_classes, size=flipped.sum())) % n_classes
    return new, flipped


# --8<-- [start:experiment]
@dataclass(frozen=True)
class MismatchResult:
    """Error rates of one training set, and what the dev errors look like."""

    rates: dict[str, float]  # train, train_dev, dev, test
    dev_kinds: np.ndarray  # the distortion of each dev image, (m_dev,)
    dev_wrong: np.ndarray  # which dev images the model got wrong, (m_dev,) bool
    dev_pred: np.ndarray  # its predictions on dev, (m_dev,)
    dev_true: np.ndarray  # the dev labels, (m_dev,)


def mismatch_experiment(synthesize: bool, seed: int = 0) -> MismatchResult:
    """Train an RBF support-vector classifier on clean digits and measure its errors on a
    training-dev set (the training distribution) and on dev/test sets that are distorted
    (:func:`distort`): the data the model is meant for.

    A stratified split gives train/train-dev/dev/test = 60/10/15/15 %. With ``synthesize``, the
    training and training-dev sets also get one distorted copy of every clean image (made with
    other seeds than the dev/test distortions), so that they come from the same mix.
    """
    seed = checks.seed("seed", seed)
    from sklearn.svm import SVC

    synthesize = checks.boolean("synthesize", synthesize)
    x, y = data.digits()
    train, train_dev, dev, test = stratified_split(y, (0.60, 0.10, 0.15, 0.15), seed)
    x_dev, dev_kinds = distort(x[dev], seed + 1)
    x_test, _ = distort(x[test], seed + 2)
    sets = {"train": (x[train], y[train]), "train_dev": (x[train_dev], y[train_dev])}
    if synthesize:
        for k, (name, (xs, ys)) in enumerate(list(sets.items())):
            synthetic, _ = distort(xs, seed + 10 + k)
            sets[name] = (np.concatenate([xs, synthetic]), np.concatenate([ys, ys]))
    sets["dev"] = (x_dev, y[dev])
    sets["test"] = (x_test, y[test])
    model = SVC(C=10.0).fit(sets["train"][0].reshape(-1, 64) / 16.0, sets["train"][1])
    preds = {k: model.predict(xs.reshape(-1, 64) / 16.0) for k, (xs, _) in sets.items()}
    rates = {k: float(np.mean(preds[k] != sets[k][1])) for k in sets}
    return MismatchResult(rates, dev_kinds, preds["dev"] != y[dev], preds["dev"], y[dev])
# --8<-- [end:experiment]
