"""Argument checks of the chapter "Optimization algorithms" (NumPy optimizers).

Parameters and gradients are dicts of arrays keyed by parameter name; a parameter is a
floating NumPy array, updated in place.
"""

from __future__ import annotations

from dlnotes import checks


def params_and_grads(params, grads) -> None:
    """``params`` and ``grads`` are dicts with the same keys; every parameter is a floating
    ndarray and its gradient has its shape."""
    import numpy as np

    if not isinstance(params, dict) or not isinstance(grads, dict):
        raise TypeError("params and grads must be dicts of arrays keyed by parameter name")
    checks.same_keys("grads", grads, "params", params)
    for name, w in params.items():
        g = np.asarray(grads[name])
        if not isinstance(w, np.ndarray) or not np.issubdtype(w.dtype, np.floating):
            raise TypeError(f"params[{name!r}] must be a float ndarray (updated in place)")
        checks.same_shape(f"grads[{name!r}]", g.shape, f"params[{name!r}]", w.shape)


def adam(beta1, beta2, eps) -> tuple[float, float, float]:
    """Adam's ``(beta1, beta2, eps)``: two decays in [0, 1) and ``eps > 0``."""
    return (checks.unit_interval("beta1", beta1), checks.unit_interval("beta2", beta2),
            checks.positive("eps", eps))


def rmsprop(beta, eps) -> tuple[float, float]:
    """RMSprop's ``(beta, eps)``: a decay in [0, 1) and ``eps > 0``."""
    return checks.unit_interval("beta", beta), checks.positive("eps", eps)


def momentum(beta, convention) -> tuple[float, str]:
    """Momentum's ``(beta, convention)``: a decay in [0, 1) and ``"average"`` or ``"sum"``."""
    return (checks.unit_interval("beta", beta),
            checks.one_of("convention", convention, ("average", "sum")))
