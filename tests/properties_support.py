"""What the property-based tests (hypothesis) of every chapter share.

A chapter's property tests live in its test files (``tests/test_<module>*.py``) and check the
public API against independent oracles: torch built-ins (``F.softmax``, ``F.batch_norm``,
``nn.GRUCell``, ``torch.optim.Adam`` ...), autograd, the NumPy/torch twin, and known
identities. Shapes, memory layouts (contiguous, Fortran-ordered, strided views), sequence
lengths, masks and magnitudes are drawn at random.

* :func:`covers` names the public callables a test covers (``"numpy.rnn.rnn_forward"``);
  ``tests/test_api_coverage.py`` reads these names, and each chapter file's ``NO_ORACLE``
  (public callables without a property test, with the reason), from every chapter's files.
  Each example runs on one torch thread and is counted for the run's summary.
* ``PROP`` (12 examples) and ``SMALL`` (6, for loop references and whole blocks) are the
  hypothesis settings; ``TIGHT`` (``rtol=1e-9, atol=1e-11``, float64, against a built-in
  computing the same formula) and ``GRAD`` (``1e-7``, a hand-written backward pass against
  autograd) the tolerances, where a test states no other.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from public_api import summary_counts

from dlnotes.torch.training import single_thread

PROP = settings(max_examples=12, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
SMALL = settings(PROP, max_examples=6)
TIGHT = {"rtol": 1e-9, "atol": 1e-11}
GRAD = {"rtol": 1e-7, "atol": 1e-9}

#: the NO_ORACLE reason of data sets, experiments, training loops and model builders: their
#: results are the chapter's measured claims, tested in the chapter's own unit tests
CHAPTER_TESTS = "no independent oracle for random shapes (see the chapter's own tests)"

_RAN: set[str] = set()


def covers(*names):
    """Mark the decorated test as the property test of the public callables ``names``
    (``"numpy.rnn.rnn_forward"``). Put it below ``@given``: each example then runs on one
    torch thread (small tensors; more threads only wait for each other) and is counted."""

    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            counts = summary_counts("property tests")
            _RAN.update(names)
            counts["functions covered"] = len(_RAN)
            counts["examples run"] += 1
            with single_thread():
                return fn(*args, **kwargs)

        wrapper.covers = names
        return pytest.mark.api(wrapper)

    return deco


# ------------------------------------------------------------------ strategies and helpers

seeds = st.integers(0, 2**31 - 1)
layouts = st.sampled_from(["C", "F", "strided"])


def arr(rng, shape, layout="C", scale=1.0):
    """A float64 array of ``shape`` in a given memory layout (the values do not depend on it)."""
    x = rng.standard_normal(shape) * scale
    if layout == "F":
        return np.asfortranarray(x)
    if layout == "strided" and x.ndim:
        big = np.zeros(x.shape[:-1] + (2 * x.shape[-1],))
        big[..., ::2] = x
        return big[..., ::2]
    return x


def tt(x, device, grad=False):
    """``x`` as a float64 tensor on ``device``."""
    return torch.tensor(np.ascontiguousarray(x), dtype=torch.float64, device=device,
                        requires_grad=grad)


def mlp_params(dims, seed=0):
    """Parameters ``W1, b1, ..., WL, bL`` of a fully-connected network with layer sizes
    ``dims`` (``W[l]`` is ``(dims[l], dims[l-1])``, ``b[l]`` a column), scaled so that the
    activations stay of order one."""
    rng = np.random.default_rng(seed)
    return {
        **{f"W{k}": rng.normal(size=(dims[k], dims[k - 1])) / np.sqrt(dims[k - 1])
           for k in range(1, len(dims))},
        **{f"b{k}": rng.normal(size=(dims[k], 1)) * 0.1 for k in range(1, len(dims))},
    }


def close(a, b, tol=TIGHT):
    """``assert_allclose`` of arrays or tensors (on any device)."""
    a = a.detach().cpu().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)
    b = b.detach().cpu().numpy() if isinstance(b, torch.Tensor) else np.asarray(b)
    np.testing.assert_allclose(a, b, **tol)
