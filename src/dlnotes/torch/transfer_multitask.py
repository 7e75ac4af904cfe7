"""Transfer and multi-task learning (chapter "Transfer and multi-task learning"), PyTorch.

* :func:`masked_bce_with_logits`: the multi-task loss with missing labels (``NaN``), batch-first.
* :class:`DigitsCNN`: a small CNN for the 8x8 digits, NCHW input ``(m, 1, 8, 8)``;
  ``features`` maps it to ``(m, 128)`` and ``head`` (one linear layer) to ``(m, n_out)``.
* :func:`transfer_experiment`: pre-train on digits 0-4, learn 5-9 from a few examples three ways.
* :func:`multitask_experiment`: one shared trunk with three binary heads vs three networks.

The experiments train real models (tens of seconds on a CPU); their results at the default
settings are stored in :data:`PRECOMPUTED` (regenerate with :func:`print_results`), and a
slow test checks that a fresh run reproduces them. Models are built with explicit seeds and
put on ``device``; inputs are never moved.
"""

from __future__ import annotations

# --8<-- [start:imports]
import copy
import time

import numpy as np
import torch
from torch import nn

from dlnotes import checks
from dlnotes.torch.classic_networks import single_thread

# --8<-- [end:imports]

__all__ = ["masked_bce_with_logits", "DigitsCNN", "digits_tensors", "fit", "accuracy",
           "transfer_experiment", "MultiTaskNet", "TASKS", "multitask_experiment",
           "PRECOMPUTED", "print_results"]

REDUCTIONS = ("examples", "labels")


# --8<-- [start:loss]
def masked_bce_with_logits(logits: torch.Tensor, targets: torch.Tensor,
                           reduction: str = "examples") -> torch.Tensor:
    """Binary cross-entropy over the known entries of ``targets`` (``NaN`` = missing label).

    Args:
        logits: ``(m, T)`` floating tensor, one logit per example and task.
        targets: ``(m, T)`` tensor of 0, 1 or ``NaN``, same dtype and device.
        reduction: ``"examples"`` divides the sum by ``m`` (the course's cost);
            ``"labels"`` divides it by the number of known labels.

    Returns:
        A scalar tensor; missing labels contribute neither loss nor gradient.
    """
    checks.one_of("reduction", reduction, REDUCTIONS)
    for name, t in (("logits", logits), ("targets", targets)):
        if not isinstance(t, torch.Tensor) or not t.is_floating_point():
            raise TypeError(f"{name} must be a floating-point tensor")
        if t.dim() != 2:
            raise ValueError(f"{name} must have shape (m, T), got {tuple(t.shape)}")
    checks.same_shape("targets", targets.shape, "logits", logits.shape)
    known = ~torch.isnan(targets)
    y = torch.where(known, targets, torch.zeros_like(targets))
    if not bool(((y == 0) | (y == 1)).all()):
        raise ValueError("targets must hold 0, 1 or NaN (a missing label)")
    z = logits
    losses = z.clamp(min=0) - z * y + torch.log1p(torch.exp(-z.abs()))
    total = (losses * known).sum()
    if reduction == "examples":
        return total / logits.shape[0]
    return total / known.sum().clamp(min=1)
# --8<-- [end:loss]


# --------------------------------------------------------------------------------- the network

# --8<-- [start:net]
class DigitsCNN(nn.Module):
    """conv3x3(16) - ReLU - maxpool2 - conv3x3(32) - ReLU - maxpool2 - flatten - linear.

    Input ``(m, 1, 8, 8)`` (pixels scaled to [0, 1]); ``features(x)`` is ``(m, 128)``,
    ``forward(x)`` is ``(m, n_out)`` logits.
    """

    def __init__(self, n_out: int):
        n_out = checks.integer("n_out", n_out)
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.head = nn.Linear(128, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not isinstance(x, torch.Tensor) or not x.is_floating_point():
            raise TypeError("x must be a floating-point tensor")
        if x.dim() != 4 or tuple(x.shape[1:]) != (1, 8, 8):
            raise ValueError(f"x must have shape (m, 1, 8, 8), got {tuple(x.shape)}")
        return self.head(self.features(x))
# --8<-- [end:net]


def _seeded(make, seed: int, device) -> nn.Module:
    """Build a module with ``torch.manual_seed(seed)`` without touching the global RNG."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return make().to(device)


def digits_tensors(device="cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """The 1797 scikit-learn digits as ``(1797, 1, 8, 8)`` float32 in [0, 1] and int64 labels
    ``(1797,)``, created on ``device``."""
    from sklearn.datasets import load_digits

    d = load_digits()
    x = torch.tensor(d.images / 16.0, dtype=torch.float32, device=device).unsqueeze(1)
    return x, torch.tensor(d.target, dtype=torch.int64, device=device)


def fit(model: nn.Module, params, x: torch.Tensor, y: torch.Tensor, loss_fn, *, steps: int,
        lr: float, batch_size: int | None = None, seed: int = 0) -> nn.Module:
    """Adam on ``loss_fn(model(x_batch), y_batch)`` for ``steps`` steps; full batch unless
    ``batch_size`` is given (then batches are drawn with a seeded generator on x's device)."""
    lr, steps = checks.positive("lr", lr), checks.integer("steps", steps, minimum=0)
    if batch_size is not None:
        batch_size = checks.integer("batch_size", batch_size)
    for name, t in (("x", x), ("y", y)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a tensor, got {type(t).__name__}")
        if t.dim() == 0 or len(t) == 0:
            raise ValueError(f"{name} must hold at least one example, got {tuple(t.shape)}")
    if len(y) != len(x):
        raise ValueError(f"y must have one entry per example of x ({len(x)}), got {len(y)}")
    opt = torch.optim.Adam(params, lr=lr)
    gen = torch.Generator(device=x.device).manual_seed(seed)
    model.train()
    for _ in range(steps):
        if batch_size is not None and batch_size < len(x):
            idx = torch.randint(len(x), (batch_size,), generator=gen, device=x.device)
            xb, yb = x[idx], y[idx]
        else:
            xb, yb = x, y
        opt.zero_grad()
        loss_fn(model(xb), yb).backward()
        opt.step()
    model.eval()
    return model


@torch.no_grad()
def accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    """Share of correct predictions: argmax for ``(m, C)`` class logits, ``logit > 0`` for
    ``(m,)`` binary logits against 0/1 labels."""
    if not isinstance(logits, torch.Tensor) or logits.dim() not in (1, 2) or logits.numel() == 0:
        raise TypeError("logits must be a non-empty tensor of shape (m, C) or (m,)")
    if not isinstance(y, torch.Tensor) or y.shape != logits.shape[:1]:
        raise ValueError(f"y must be a tensor of shape (m,) = ({len(logits)},)")
    pred = logits.argmax(dim=1) if logits.dim() == 2 else (logits > 0).to(y.dtype)
    return float((pred == y).float().mean())


# ------------------------------------------------------------------------------- transfer

STRATEGIES = ("frozen features", "fine-tune all", "from scratch")


# --8<-- [start:transfer]
def _learn_target(strategy: str, source: DigitsCNN, x, y, seed: int) -> DigitsCNN:
    """Learn 5 new classes from ``(x, y)`` starting from the pre-trained ``source``."""
    ce = nn.functional.cross_entropy
    if strategy == "from scratch":
        model = _seeded(lambda: DigitsCNN(5), seed, x.device)
        return fit(model, model.parameters(), x, y, ce, steps=60, lr=1e-2, seed=seed)
    model = copy.deepcopy(source)
    model.head = _seeded(lambda: nn.Linear(128, 5), seed, x.device)  # a new head
    if strategy == "frozen features":
        model.features.requires_grad_(False)  # only the new head learns
        with torch.no_grad():
            feats = model.features(x)  # so the features can be computed once
        fit(model.head, model.head.parameters(), feats, y, ce, steps=100, lr=3e-2, seed=seed)
        return model.eval()
    return fit(model, model.parameters(), x, y, ce, steps=60, lr=3e-3, seed=seed)
# --8<-- [end:transfer]


def _split_target(y: torch.Tensor, seed: int = 0):
    """Digits 5-9: half of each class is the pool labelled examples are drawn from, half the
    test set."""
    rng = np.random.default_rng(seed)
    labels = y.cpu().numpy()
    pool, test = [], []
    for c in range(5, 10):
        idx = rng.permutation(np.flatnonzero(labels == c))
        pool.append(idx[: len(idx) // 2])
        test.append(idx[len(idx) // 2:])
    return pool, np.concatenate(test)


def transfer_experiment(ns=(1, 2, 5, 10, 20), seeds=(0, 1, 2), device="cpu") -> dict:
    """Pre-train :class:`DigitsCNN` on digits 0-4 (all 901 of them), then learn digits 5-9
    from ``n`` labelled examples per class with each strategy; test on the other half of
    digits 5-9 (449 images). Returns the mean test accuracy over ``seeds`` for each ``n``
    (and, under ``"per seed"``, each seed's), the source accuracy and the run time in seconds."""
    ns = [int(n) for n in ns]
    seeds = [checks.integer("seeds", s, minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    if not ns or min(ns) < 1 or max(ns) > 80:
        raise ValueError(f"ns must be example counts per class between 1 and 80, got {ns}")
    with single_thread():  # tiny tensors: one thread is fastest
        return _transfer(ns, seeds, device)


def _transfer(ns, seeds, device) -> dict:
    start = time.perf_counter()
    x, y = digits_tensors(device)
    src = y < 5
    source = _seeded(lambda: DigitsCNN(5), 0, device)
    fit(source, source.parameters(), x[src], y[src], nn.functional.cross_entropy,
        steps=150, lr=1e-2, batch_size=128, seed=0)
    with torch.no_grad():
        source_acc = accuracy(source(x[src]), y[src])
    pool, test = _split_target(y)
    test_idx = torch.as_tensor(test, device=device)
    x_test, y_test = x[test_idx], y[test_idx] - 5
    result = {"n": ns, **{s: [] for s in STRATEGIES}, "per seed": {s: [] for s in STRATEGIES}}
    for n in ns:
        accs = {s: [] for s in STRATEGIES}
        for seed in seeds:
            rng = np.random.default_rng(seed)
            picks = np.concatenate([rng.choice(p, size=n, replace=False) for p in pool])
            idx = torch.as_tensor(picks, device=device)
            for s in STRATEGIES:
                model = _learn_target(s, source, x[idx], y[idx] - 5, seed)
                with torch.no_grad():
                    accs[s].append(accuracy(model(x_test), y_test))
        for s in STRATEGIES:
            result[s].append(round(float(np.mean(accs[s])), 3))
            result["per seed"][s].append([round(a, 3) for a in accs[s]])
    result["source accuracy"] = round(source_acc, 3)
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


# ------------------------------------------------------------------------------- multi-task

#: name -> label of a digit for that binary task
TASKS = {"is even": lambda d: d % 2 == 0, "is > 4": lambda d: d > 4, "is 0": lambda d: d == 0}


# --8<-- [start:multitask]
class MultiTaskNet(nn.Module):
    """One shared trunk (the features of :class:`DigitsCNN`) and one logit per task:
    ``(m, 1, 8, 8) -> (m, T)``."""

    def __init__(self, n_tasks: int):
        n_tasks = checks.integer("n_tasks", n_tasks)
        super().__init__()
        self.trunk = DigitsCNN(n_tasks)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.trunk(x)


def task_labels(digits: torch.Tensor, missing: float, seed: int) -> torch.Tensor:
    """``(m, T)`` float labels of :data:`TASKS` for ``digits`` ``(m,)``; a share ``missing``
    of the entries is set to ``NaN`` (not recorded, the course's "?")."""
    missing = checks.unit_interval("missing", missing)
    y = torch.stack([f(digits) for f in TASKS.values()], dim=1).float()
    gen = torch.Generator(device=digits.device).manual_seed(seed)
    drop = torch.rand(y.shape, generator=gen, device=digits.device) < missing
    return y.masked_fill(drop, float("nan"))
# --8<-- [end:multitask]


def multitask_experiment(n_train: int = 300, missing: float = 0.3, seed: int = 0,
                         device="cpu") -> dict:
    """Train on ``n_train`` digits (a share ``missing`` of their task labels unknown) and test
    on 900 others: one :class:`MultiTaskNet` with the masked loss against one
    :class:`DigitsCNN` per task trained on that task's known labels only. Returns the test
    accuracy of each task both ways, the parameter counts and the run time in seconds."""
    n_train, missing = checks.integer("n_train", n_train), checks.unit_interval("missing", missing)
    with single_thread():  # tiny tensors: one thread is fastest
        return _multitask(n_train, missing, seed, device)


def _multitask(n_train, missing, seed, device) -> dict:
    start = time.perf_counter()
    x, digits = digits_tensors(device)
    order = torch.as_tensor(np.random.default_rng(seed).permutation(len(digits)), device=device)
    train, test = order[:n_train], order[-900:]
    y_train = task_labels(digits[train], missing, seed)
    y_test = task_labels(digits[test], 0.0, seed)
    shared = _seeded(lambda: MultiTaskNet(len(TASKS)), seed, device)
    fit(shared, shared.parameters(), x[train], y_train, masked_bce_with_logits,
        steps=150, lr=1e-2, seed=seed)
    with torch.no_grad():
        logits = shared(x[test])
    result = {"tasks": list(TASKS), "shared": [], "separate": [],
              "params shared": sum(p.numel() for p in shared.parameters()), "params separate": 0}
    for t in range(len(TASKS)):
        result["shared"].append(round(accuracy(logits[:, t], y_test[:, t]), 3))
        known = ~torch.isnan(y_train[:, t])
        net = _seeded(lambda: DigitsCNN(1), seed + 1 + t, device)
        fit(net, net.parameters(), x[train][known], y_train[known][:, t:t + 1],
            masked_bce_with_logits, steps=150, lr=1e-2, seed=seed)
        with torch.no_grad():
            result["separate"].append(round(accuracy(net(x[test])[:, 0], y_test[:, t]), 3))
        result["params separate"] += sum(p.numel() for p in net.parameters())
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


def print_results() -> None:
    """Run both experiments at their defaults and print the dict stored as PRECOMPUTED."""
    import pprint

    pprint.pprint({"transfer": transfer_experiment(), "multitask": multitask_experiment()},
                  width=100, sort_dicts=False)


#: ``print_results()`` on a CPU (``transfer_experiment()`` and ``multitask_experiment()`` at
#: their defaults); regenerate with
#: ``python -c "from dlnotes.torch import transfer_multitask as t; t.print_results()"``
PRECOMPUTED: dict = {'transfer': {'n': [1, 2, 5, 10, 20],
                                  'frozen features': [0.665, 0.817, 0.866, 0.936, 0.956],
                                  'fine-tune all': [0.717, 0.844, 0.892, 0.947, 0.965],
                                  'from scratch': [0.782, 0.874, 0.923, 0.947, 0.966],
                                  'per seed': {'frozen features': [[0.635, 0.764, 0.597],
                                                                   [0.782, 0.831, 0.837],
                                                                   [0.893, 0.806, 0.898],
                                                                   [0.935, 0.94, 0.933],
                                                                   [0.969, 0.955, 0.944]],
                                               'fine-tune all': [[0.639, 0.835, 0.677],
                                                                 [0.871, 0.831, 0.831],
                                                                 [0.913, 0.842, 0.92],
                                                                 [0.94, 0.951, 0.951],
                                                                 [0.969, 0.955, 0.971]],
                                               'from scratch': [[0.762, 0.82, 0.766],
                                                                [0.844, 0.886, 0.891],
                                                                [0.913, 0.902, 0.953],
                                                                [0.944, 0.951, 0.947],
                                                                [0.962, 0.958, 0.978]]},
                                  'source accuracy': 1.0,
                                  'seconds': 27.2},
                     'multitask': {'tasks': ['is even', 'is > 4', 'is 0'],
                                   'shared': [0.947, 0.952, 0.994],
                                   'separate': [0.962, 0.947, 0.998],
                                   'params shared': 5187,
                                   'params separate': 14787,
                                   'seconds': 14.0}}
