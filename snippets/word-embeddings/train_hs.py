from dlnotes.numpy import word_embeddings as we
from dlnotes.numpy import word_embeddings_experiment as wex

corpus = wex.make_corpus(1500)
model = wex.train_skipgram(corpus, method="hierarchical", n_e=16, window=3,
                          epochs=5, lr=0.02)
print("loss per epoch:", [round(v, 3) for v in model.losses])
print("Theta:", model.Theta.shape, "(one column per inner node)")
tree = we.huffman_tree(model.vocab.counts)
king = model.vocab.index["king"]
P = we.hs_probabilities(model.E, model.Theta, tree, king)
top = ", ".join(f"{model.vocab.words[j]} {P[j]:.2f}"
                for j in P.argsort()[-4:][::-1])
print(f"P(w | king): {top}; sum {P.sum():.6f}")
solved, asked = wex.analogy_accuracy(model.vectors())
print(f"analogies solved: {solved}/{asked}")
