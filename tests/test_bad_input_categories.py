"""Every bad-input category of the policy (``dlnotes.checks``), for every argument of every
swept function.

The cases come from ``bad_input_categories.cases``: from each sweep entry's valid call and the
function's signature, one case per argument and category (complex, empty batch, int array,
bool, float32/float64 mix, missing dict key, string number, NaN and inf hyperparameters). What
each category must do is ``bad_input_categories.POLICY``; a failure names the function, the
argument and the category. ``EXEMPT`` lists the cases whose different behaviour is documented,
each with its reason.
"""

from __future__ import annotations

import pytest
from bad_input_categories import cases, check, signature_of
from public_api import public_callables, registries, summary_counts

from dlnotes.torch import training

API = public_callables()
# The sweep's valid calls, gathered from every chapter's ``SWEEP`` table: {"<half>.<module>":
# builder() -> {name: entry}}, an entry having ``make`` (a call, or device -> call; a call has
# ``args``, ``kwargs`` and ``fn``) and ``skip``.
BUILDERS = registries().sweep

# Cases whose different behaviour is documented: "<half>.<module>.<name>": {"<argument>:
# <category>": reason}.
SHUFFLES = "it only shuffles and splits rows: it never computes with their dtype"
SPACE = "a space's keys are the objective's argument names; the search needs none"
PARAMETER = "a model parameter or a computed cost (data), not a hyperparameter: inf propagates"
W0 = "w0 goes to the caller's gradient function, which decides what an empty w0 means"
STATE = "the caller's decoder state, handed to its step function unread"
ANY_KEYS = "any keys will do, at least one: the empty dict is refused, naming the dict"
MODEL = "x goes to the caller's model(s), whose own layers judge it (PyTorch's layer errors)"
EXEMPT: dict[str, dict[str, str]] = {
    "numpy.cost_regularization.predict_linear": {
        "b: inf": PARAMETER,
    },
    "numpy.cost_regularization.regularized_cost": {
        "data_cost: inf": PARAMETER,
    },
    "numpy.face_recognition.verification_logit": {
        "b: inf": PARAMETER,
    },
    "numpy.face_recognition.verification_probability": {
        "b: inf": PARAMETER,
    },
    "numpy.hyperparameter_tuning.coarse_to_fine": {
        "space['x']: missing key": SPACE,
        "space['y']: missing key": SPACE,
    },
    "numpy.hyperparameter_tuning.grid_search": {
        "space['x']: missing key": SPACE,
        "space['y']: missing key": SPACE,
    },
    "numpy.hyperparameter_tuning.random_search": {
        "space['x']: missing key": SPACE,
        "space['y']: missing key": SPACE,
    },
    "numpy.mini_batch.logistic_cost_and_grads": {
        "b: inf": PARAMETER,
    },
    "numpy.mini_batch.random_mini_batches": {
        "X: complex": SHUFFLES,
        "X: bool": SHUFFLES,
        "Y: complex": SHUFFLES,
        "Y: bool": SHUFFLES,
    },
    "numpy.optimization.descend": {
        "w0: empty batch (axis 0)": W0,
    },
    "numpy.seq2seq.beam_search": {
        "state: empty batch (axis 0)": STATE,
        "state: complex": STATE,
        "state: bool": STATE,
    },
    "torch.gradient_checking.autograd_gradient": {
        "params['w']: missing key": ANY_KEYS,
    },
    "torch.gradient_checking.grad_check": {
        "params['w']: missing key": ANY_KEYS,
    },
    "torch.gradient_checking.numerical_gradient": {
        "params['w']: missing key": ANY_KEYS,
    },
    "torch.mini_batch.random_mini_batches": {
        "X: complex": SHUFFLES,
        "X: bool": SHUFFLES,
        "X: dtype mix": SHUFFLES,
        "Y: complex": SHUFFLES,
        "Y: bool": SHUFFLES,
        "Y: dtype mix": SHUFFLES,
    },
    "torch.style_transfer.transfer_style": {
        "style_weights['relu1']: missing key": ANY_KEYS,
    },
    "torch.classic_networks_experiment.ensemble_predict": {"x: empty batch (axis 3)": MODEL},
    "torch.training.fit": {"x: empty batch (axis 3)": MODEL, "x: complex": MODEL, "x: bool": MODEL},
    "torch.training.train_classifier": {"x: empty batch (axis 3)": MODEL},
}


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    with training.single_thread():
        yield


@pytest.fixture(scope="module")
def counts(request):
    return summary_counts("bad-input categories")


def _call(entry, dev):
    make = entry.make
    return make(dev) if callable(make) and not hasattr(make, "args") else make


def _run_module(module, dev, counts):
    failures, n_cases, n_fns = [], 0, 0
    for short, entry in BUILDERS[module]().items():
        qualname = f"{module}.{short}"
        if qualname not in API:
            continue
        call = _call(entry, dev)
        fn = call.fn or API[qualname]
        runs_long = "valid call" in entry.skip
        exempt = EXEMPT.get(qualname, {})
        names = list(signature_of(fn).parameters)
        n_fns += 1
        labels = set()
        for case in cases(fn, call.args, call.kwargs, runs_long=runs_long):
            labels.add(case.label)
            if case.label in exempt:
                continue
            n_cases += 1
            counts[case.category] += 1
            problem = check(fn, case, names)
            if problem:
                failures.append(f"{qualname} {case.label}: {problem}")
        failures += [f"{qualname} {label}: no such case (a renamed argument?); remove it from "
                     f"EXEMPT" for label in sorted(set(exempt) - labels)]
    counts["functions"] += n_fns
    counts["cases"] += n_cases
    assert not failures, f"{len(failures)} cases break the policy:\n" + "\n".join(failures)


def test_tables_name_public_callables():
    """A key of EXEMPT that is no public callable (a function that moved or was renamed)
    would never be looked up."""
    stale = sorted(k for k in EXEMPT if k not in API)
    assert not stale, f"not public callables (moved? use the new name): {stale}"


NUMPY_MODULES = sorted(m for m in BUILDERS if m.startswith("numpy."))
TORCH_MODULES = sorted(m for m in BUILDERS if m.startswith("torch."))


@pytest.mark.parametrize("module", NUMPY_MODULES)
def test_categories_numpy(module, counts):
    _run_module(module, "cpu", counts)


@pytest.mark.parametrize("module", TORCH_MODULES)
def test_categories_torch(module, device, counts):
    _run_module(module, device, counts)
