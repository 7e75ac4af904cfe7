"""dlnotes.printing: bounds for noise-floor values, known answers and bad input."""

import numpy as np
import pytest
import torch

from dlnotes.printing import below, sci, short_e


def test_known_answers():
    assert short_e(1e-7) == "1e-7" and short_e(1e-12) == "1e-12"
    assert below(2.2e-16, 1e-12) == below(np.float32(-3e-13), 1e-12) == "below 1e-12"
    assert below(torch.tensor(5e-9, dtype=torch.float64), 1e-7) == "below 1e-7"
    assert below(3.5e-6, 1e-7) == "3.5e-06, NOT below 1e-7"  # a failed bound shows the value
    assert sci(0.37, 1e-7) == "3.7e-01" and sci(3.1e-9, 1e-7) == "below 1e-7"


@pytest.mark.parametrize("bad", [0, -1e-7, float("nan"), float("inf"), "1e-7"])
def test_a_bad_bound_is_refused_naming_it(bad):
    with pytest.raises((TypeError, ValueError), match="^bound"):
        below(1e-9, bad)
    with pytest.raises((TypeError, ValueError), match="^floor"):
        sci(1e-9, bad)
