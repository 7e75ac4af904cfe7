import numpy as np

from dlnotes.numpy import attention as na

scores = np.array([[[2.0, 1.0, 0.5, 3.0],
                    [0.1, 0.2, 0.3, 0.4],
                    [1.0, 1.0, 1.0, 1.0]]])  # (batch 1, 3 queries, 4 keys)
# one length per query row; the last row keeps nothing
valid_lens = np.array([[2, 4, 0]])
np.set_printoptions(precision=3, suppress=True)
print(na.masked_softmax(scores, valid_lens)[0])

# the textbook recipe: fill the masked scores with -1e6, then a plain softmax
keep = np.arange(4) < valid_lens[..., None]
filled = np.where(keep, scores, -1e6)
e = np.exp(filled - filled.max(axis=-1, keepdims=True))
print("fill -1e6, last row:", (e / e.sum(axis=-1, keepdims=True))[0, 2])
