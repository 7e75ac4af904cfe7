import numpy as np

from dlnotes.numpy import word_embeddings as we

wv = we.WordVectors(np.eye(3), ["man", "woman", "king"])
try:
    wv.analogy("man", "woman", "kinq")      # a typo: not in the vocabulary
except ValueError as err:
    print("ValueError:", err)
try:
    # negatives without their k axis: (n_e, m) instead of (n_e, m, k)
    we.negative_sampling_loss(np.ones((4, 2)), np.ones((4, 2)), np.ones((4, 2)))
except ValueError as err:
    print("ValueError:", err)
