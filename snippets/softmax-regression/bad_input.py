import numpy as np

from dlnotes.numpy import softmax_regression as sr

Z = np.zeros((3, 2))  # 3 classes, 2 examples
try:
    sr.cross_entropy(Z, np.array([0, 3]))  # class 3 does not exist
except ValueError as err:
    print("ValueError:", err)
try:
    sr.cross_entropy(Z, np.array([0, 1, 2]))  # three labels for two examples
except ValueError as err:
    print("ValueError:", err)
