import torch

from dlnotes.numpy import word_embeddings as we
from dlnotes.numpy import word_embeddings_experiment as wex
from dlnotes.torch import word_embeddings as te

torch.set_num_threads(1)       # tiny matrices: one thread is fastest
corpus = wex.make_corpus(1500)
model, vocab, losses = te.train_skipgram(corpus, method="negative", k=5,
                                         n_e=16, window=3, epochs=5, lr=0.02,
                                         dtype=torch.float64)
print("loss per epoch:", [round(v, 3) for v in losses])
E = model.E.weight.detach().cpu().numpy().T   # (V, n_e) -> (n_e, V)
wv = we.WordVectors(E, vocab.words)
for a, b, c in [("man", "woman", "king"), ("france", "paris", "japan"),
                ("cat", "cats", "wolf")]:
    print(f"{a} : {b} = {c} : {wv.analogy(a, b, c)}")
solved, asked = wex.analogy_accuracy(wv)
print(f"analogies solved: {solved}/{asked}")
