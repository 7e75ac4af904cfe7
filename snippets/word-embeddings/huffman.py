import numpy as np

from dlnotes.numpy import word_embeddings as we
from dlnotes.numpy import word_embeddings_experiment as wex

vocab = wex.build_vocab(wex.make_corpus(1500))
V = len(vocab.words)
tree = we.huffman_tree(vocab.counts)
for j in (0, 1, 50, V - 1):
    code = "".join(map(str, tree.codes[j]))
    print(f"{vocab.words[j]:>7} (count {vocab.counts[j]:>4}): code {code}")
depth = np.array([len(c) for c in tree.codes])
mean = depth @ vocab.counts / vocab.counts.sum()
print(f"{V} words, {V - 1} inner nodes; mean depth {mean:.2f},"
      f" log2 V = {np.log2(V):.2f}")
rng = np.random.default_rng(0)
E, Theta = rng.normal(size=(8, V)), rng.normal(size=(8, V - 1))
P = we.hs_probabilities(E, Theta, tree, centre=vocab.index["king"])
print(f"sum of P(w | king) over the {V} words: {P.sum():.12f}")
