"""Argument checks of the chapter "ML strategy" (error rates, reviewed errors)."""

from __future__ import annotations

from dlnotes import checks


def error_rates(**rates) -> tuple:
    """The given error rates, each in [0, 1] or None (not measured), in the order given:
    ``h, tr = error_rates(human=human, train=train)``; a message names the keyword."""
    return tuple(None if v is None else checks.unit_interval(name, v, closed_right=True)
                 for name, v in rates.items())


def review(tags, names, dev_error) -> tuple:
    """The arguments of ``error_categories``: ``tags`` a boolean array ``(n_errors >= 1,
    len(names))`` and ``dev_error`` in [0, 1]; returns ``(tags, dev_error)``."""
    import numpy as np

    tags = np.asarray(tags)
    if tags.dtype != bool:
        raise TypeError(f"tags must be a boolean array, got dtype {tags.dtype}")
    if tags.ndim != 2 or tags.shape[1] != len(names) or tags.shape[0] == 0:
        raise ValueError(f"tags must have shape (n_errors >= 1, {len(names)}), got {tags.shape}")
    return tags, checks.unit_interval("dev_error", dev_error, closed_right=True)
