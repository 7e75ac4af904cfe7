"""dlnotes: the tested code behind the Deep Learning Notes site.

Two halves with the same module names, one per chapter::

    from dlnotes import numpy as dn   # NumPy reference implementations (never imports torch)
    from dlnotes import torch as dt   # PyTorch implementations (any device)

Importing ``dlnotes`` itself imports neither NumPy nor PyTorch.
"""

__version__ = "0.1.0"
