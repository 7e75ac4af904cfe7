from dlnotes.numpy import word_embeddings_experiment as wex

corpus = wex.make_corpus(1500)
model = wex.train_skipgram(corpus, method="negative", k=5, n_e=16,
                          window=3, epochs=5, lr=0.02)
print("loss per epoch:", [round(v, 3) for v in model.losses])
wv = model.vectors()
for w in ("paris", "queen", "dogs"):
    near = ", ".join(f"{n} {c:.2f}" for n, c in wv.nearest(w, 3))
    print(f"{w:>6}: {near}")
for a, b, c in [("man", "woman", "king"), ("france", "paris", "japan"),
                ("cat", "cats", "wolf")]:
    print(f"{a} : {b} = {c} : {wv.analogy(a, b, c)}")
solved, asked = wex.analogy_accuracy(wv)
print(f"analogies solved: {solved}/{asked}")
