import numpy as np

from dlnotes.numpy import softmax_regression as sr

# three classes (rows), two examples (columns); logits as large as +-1e4
Z = np.array([[1e4, -1e4], [-1e4, 1e4], [0.0, 1e4]])

with np.errstate(over="ignore", invalid="ignore"):
    # exp(1e4) overflows to inf; inf/inf = nan
    naive = np.exp(Z) / np.exp(Z).sum(axis=0)
print("naive softmax:\n", naive)
print("stable softmax:\n", sr.softmax(Z))
print("log-softmax:\n", sr.log_softmax(Z))

labels = np.array([0, 2])  # index labels ...
Y = sr.one_hot(labels, 3)  # ... and the same labels one-hot, shape (C, m)
print("J with index labels:", sr.cross_entropy(Z, labels))
print("J with one-hot labels:", sr.cross_entropy(Z, Y))
