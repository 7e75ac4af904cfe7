from dlnotes.numpy import word_embeddings_experiment as wex

corpus = wex.make_corpus(1500)
for sentence in corpus[:6]:
    print(" ", sentence)
vocab = wex.build_vocab(corpus)
n_words = sum(len(s.split()) for s in corpus)
print(f"{len(corpus)} sentences, {n_words} words,"
      f" vocabulary of {len(vocab.words)}")
print("most frequent:", vocab.words[:6])
print(len(wex.analogy_questions()), "analogy questions, e.g.",
      wex.analogy_questions()[0])
