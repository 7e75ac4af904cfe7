import numpy as np

from dlnotes.numpy import word_embeddings as we

# hand-made vectors; rows are features: royal, male, person, animal
words = ["man", "woman", "king", "queen", "prince", "dog"]
E = np.array([[0.0, 0.0, 1.0, 1.0, 0.8, 0.0],
              [1.0, -1.0, 1.0, -1.0, 1.0, 0.1],
              [1.0, 1.0, 1.0, 1.0, 1.0, 0.0],
              [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]])
wv = we.WordVectors(E, words)
print(f"cos(king, queen) = {we.cosine_similarity(E[:, 2], E[:, 3]):.3f}")
print(f"cos(king, dog)   = {we.cosine_similarity(E[:, 2], E[:, 5]):.3f}")
target = wv.vector("woman") - wv.vector("man") + wv.vector("king")
print("nearest to woman - man + king:")
for w, cos in wv.most_similar(target, n=3):
    print(f"  {w:<6} {cos:.3f}")
print("man : woman = king :", wv.analogy("man", "woman", "king"))
