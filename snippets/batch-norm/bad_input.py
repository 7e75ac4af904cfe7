import numpy as np

from dlnotes.numpy import batch_norm as bn

layer = bn.BatchNorm(3, layout="fc")  # 3 features: Z must be (3, m)
try:
    layer.forward(np.zeros((8, 3)))  # examples as rows instead of columns
except ValueError as err:
    print("ValueError:", err)
try:
    # one example: no batch statistics to speak of
    layer.forward(np.zeros((3, 1)))
except ValueError as err:
    print("ValueError:", err)
