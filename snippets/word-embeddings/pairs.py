from dlnotes.numpy import word_embeddings as we

words = "the king and his crown".split()
ids = list(range(len(words)))  # ids = positions, to print the words back
pairs = we.skipgram_pairs(ids, window=2)
print("skip-gram, input centre -> target context, for centre 'king':")
for c, t in pairs:
    if words[c] == "king":
        print(f"  {words[c]} -> {words[t]}")
print("CBOW, input context -> target centre:")
context, c = we.cbow_examples(ids, window=2)[1]
print(" ", [words[j] for j in context], "->", words[c])
print(len(pairs), "skip-gram pairs from", len(words), "words")
