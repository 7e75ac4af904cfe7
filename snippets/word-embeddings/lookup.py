import numpy as np

from dlnotes.numpy import word_embeddings as we

# 10,000 words, 300 learned features per word (300 is not a number of classes)
V, n_e = 10_000, 300
E = np.random.default_rng(0).normal(size=(n_e, V))
o = we.one_hot(4321, V)                    # (V, 1)
e = E @ o                                  # (n_e, 1)
print("E:", E.shape, " o_j:", o.shape, " e_j = E o_j:", e.shape)
print("E o_j is column j of E:", np.array_equal(e[:, 0], E[:, 4321]))
print(f"parameters: {E.size:,} = {n_e} features x {V:,} words")
