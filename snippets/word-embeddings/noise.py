from dlnotes.numpy import word_embeddings as we
from dlnotes.numpy import word_embeddings_experiment as wex

vocab = wex.build_vocab(wex.make_corpus(1500))
f = vocab.counts / vocab.counts.sum()          # unigram frequencies
P = we.noise_distribution(vocab.counts)        # f ** 0.75, normalised
for j in (0, 1, 50, len(f) - 1):
    print(f"{vocab.words[j]:>7}: unigram {f[j]:.4f} -> noise {P[j]:.4f}")
