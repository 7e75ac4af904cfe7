"""Transfer and multi-task learning (chapter "Transfer and multi-task learning"), PyTorch: the
experiments.

* :func:`transfer_experiment`: pre-train on digits 0-4, learn 5-9 from a few examples three ways.
* :func:`synthetic_experiment`: pre-train on synthetic digits, fine-tune on a few real ones.
* :func:`multitask_experiment`: one shared trunk with three binary heads vs three networks.

The experiments train real models (tens of seconds on a CPU); their results at the default
settings are stored in :data:`PRECOMPUTED` (regenerate with :func:`print_results`), and a
slow test checks that a fresh run reproduces them. Models are built with explicit seeds and
put on ``device``; inputs are never moved.
"""

from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from dlnotes import checks, data
from dlnotes.torch.training import accuracy, fit, seeded, single_thread
from dlnotes.torch.transfer_multitask import (
    STRATEGIES,
    TASKS,
    DigitsCNN,
    MultiTaskNet,
    fine_tune,
    learn_target,
    masked_bce_with_logits,
    pretrain_on_synthetic,
    task_labels,
)

__all__ = ["digits_tensors", "transfer_experiment", "SYNTHETIC_WAYS", "synthetic_experiment",
           "multitask_experiment", "PRECOMPUTED", "print_results"]


def digits_tensors(device="cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """The 1797 scikit-learn digits as ``(1797, 1, 8, 8)`` float32 in [0, 1] and int64 labels
    ``(1797,)``, created on ``device``."""
    images, labels = data.digits()
    x = torch.tensor(images / 16.0, dtype=torch.float32, device=device).unsqueeze(1)
    return x, torch.tensor(labels, dtype=torch.int64, device=device)


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
    source = seeded(lambda: DigitsCNN(5), 0, device)
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
                model = learn_target(s, source, x[idx], y[idx] - 5, seed)
                with torch.no_grad():
                    accs[s].append(accuracy(model(x_test), y_test))
        for s in STRATEGIES:
            result[s].append(round(float(np.mean(accs[s])), 3))
            result["per seed"][s].append([round(a, 3) for a in accs[s]])
    result["source accuracy"] = round(source_acc, 3)
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


SYNTHETIC_WAYS = ("pre-trained only", "fine-tuned", "from scratch")


def synthetic_experiment(ns=(1, 2, 5, 10), seeds=(0, 1, 2, 3, 4), n_images: int = 6000,
                         steps: int = 500, device="cpu") -> dict:
    """Pre-train on synthetic digits (:func:`pretrain_on_synthetic`), then learn the real
    scikit-learn digits from ``n`` labelled examples per class: the pre-trained network as it
    is, fine-tuned (:func:`fine_tune`), and trained from scratch like :func:`learn_target`.
    The real digits are split once: 797 form the pool the labelled examples are drawn from,
    the other 1000 the test set. Returns each way's test accuracy per ``n`` and seed (a seed
    draws the labelled examples and initializes the network from scratch), their means and
    standard deviations, and the run time in seconds."""
    ns = [checks.integer("ns[i]", n) for n in ns]
    seeds = [checks.integer("seeds[i]", s, minimum=0) for s in seeds]
    if not ns or max(ns) > 70:
        raise ValueError(f"ns must be example counts per class between 1 and 70, got {ns}")
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    n_images, steps = checks.integer("n_images", n_images), checks.integer("steps", steps)
    with single_thread():  # tiny tensors: one thread is fastest
        return _synthetic(ns, seeds, n_images, steps, device)


def _synthetic(ns, seeds, n_images, steps, device) -> dict:
    start = time.perf_counter()
    source = pretrain_on_synthetic(n_images, steps, device=device)
    x, y = digits_tensors(device)
    order = np.random.default_rng(0).permutation(len(y))
    pool, test = order[:797], torch.as_tensor(order[797:], device=device)
    classes = y.cpu().numpy()[pool]
    with torch.no_grad():
        zero_shot = accuracy(source(x[test]), y[test])
    result = {"n": ns, "per seed": {w: [] for w in SYNTHETIC_WAYS}}
    for n in ns:
        accs = {w: [] for w in SYNTHETIC_WAYS}
        for seed in seeds:
            rng = np.random.default_rng(seed)
            picks = np.concatenate([rng.choice(pool[classes == c], size=n, replace=False)
                                    for c in range(10)])
            idx = torch.as_tensor(picks, device=device)
            scratch = seeded(lambda: DigitsCNN(10), seed, device)
            fit(scratch, scratch.parameters(), x[idx], y[idx], nn.functional.cross_entropy,
                steps=60, lr=1e-2, seed=seed)
            tuned = fine_tune(source, x[idx], y[idx], seed)
            with torch.no_grad():
                accs["fine-tuned"].append(accuracy(tuned(x[test]), y[test]))
                accs["from scratch"].append(accuracy(scratch(x[test]), y[test]))
            accs["pre-trained only"].append(zero_shot)
        for w in SYNTHETIC_WAYS:
            result["per seed"][w].append([round(a, 3) for a in accs[w]])
    for w in SYNTHETIC_WAYS:
        runs = np.array(result["per seed"][w])
        result[w] = [round(float(v), 3) for v in runs.mean(axis=1)]
        result[w + " std"] = [round(float(v), 3) for v in runs.std(axis=1)]
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


def multitask_experiment(n_train: int = 300, missing: float = 0.3, seed: int = 0,
                         device="cpu") -> dict:
    """Train on ``n_train`` digits (a share ``missing`` of their task labels unknown) and test
    on 900 others: one :class:`MultiTaskNet` with the masked loss against one
    :class:`DigitsCNN` per task trained on that task's known labels only. Returns the test
    accuracy of each task both ways, the parameter counts and the run time in seconds."""
    seed = checks.seed("seed", seed)
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
    shared = seeded(lambda: MultiTaskNet(len(TASKS)), seed, device)
    fit(shared, shared.parameters(), x[train], y_train, masked_bce_with_logits,
        steps=150, lr=1e-2, seed=seed)
    with torch.no_grad():
        logits = shared(x[test])
    result = {"tasks": list(TASKS), "shared": [], "separate": [],
              "params shared": sum(p.numel() for p in shared.parameters()), "params separate": 0}
    for t in range(len(TASKS)):
        result["shared"].append(round(accuracy(logits[:, t], y_test[:, t]), 3))
        known = ~torch.isnan(y_train[:, t])
        net = seeded(lambda: DigitsCNN(1), seed + 1 + t, device)
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

    pprint.pprint({"transfer": transfer_experiment(), "synthetic": synthetic_experiment(),
                   "multitask": multitask_experiment()}, width=100, sort_dicts=False)


#: ``print_results()`` on a CPU (``transfer_experiment()``, ``synthetic_experiment()`` and
#: ``multitask_experiment()`` at their defaults); regenerate with
#: ``python -c "from dlnotes.torch import transfer_multitask_experiment as t; t.print_results()"``
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
                                  'seconds': 27.7},
                     'synthetic': {'n': [1, 2, 5, 10],
                                   'per seed': {'pre-trained only': [[0.817,
                                                                      0.817,
                                                                      0.817,
                                                                      0.817,
                                                                      0.817],
                                                                     [0.817,
                                                                      0.817,
                                                                      0.817,
                                                                      0.817,
                                                                      0.817],
                                                                     [0.817,
                                                                      0.817,
                                                                      0.817,
                                                                      0.817,
                                                                      0.817],
                                                                     [0.817,
                                                                      0.817,
                                                                      0.817,
                                                                      0.817,
                                                                      0.817]],
                                                'fine-tuned': [[0.829, 0.825, 0.787, 0.809, 0.815],
                                                               [0.821, 0.863, 0.846, 0.847, 0.851],
                                                               [0.876, 0.861, 0.872, 0.883, 0.864],
                                                               [0.881, 0.901, 0.911, 0.902, 0.921]],
                                                'from scratch': [[0.581,
                                                                  0.584,
                                                                  0.649,
                                                                  0.681,
                                                                  0.636],
                                                                 [0.727, 0.785, 0.744, 0.737, 0.78],
                                                                 [0.826,
                                                                  0.867,
                                                                  0.833,
                                                                  0.864,
                                                                  0.848],
                                                                 [0.875,
                                                                  0.892,
                                                                  0.916,
                                                                  0.913,
                                                                  0.902]]},
                                   'pre-trained only': [0.817, 0.817, 0.817, 0.817],
                                   'pre-trained only std': [0.0, 0.0, 0.0, 0.0],
                                   'fine-tuned': [0.813, 0.846, 0.871, 0.903],
                                   'fine-tuned std': [0.015, 0.014, 0.008, 0.013],
                                   'from scratch': [0.626, 0.755, 0.848, 0.9],
                                   'from scratch std': [0.039, 0.023, 0.016, 0.015],
                                   'seconds': 32.4},
                     'multitask': {'tasks': ['is even', 'is > 4', 'is 0'],
                                   'shared': [0.948, 0.952, 0.994],
                                   'separate': [0.962, 0.947, 0.998],
                                   'params shared': 5187,
                                   'params separate': 14787,
                                   'seconds': 13.6}}
