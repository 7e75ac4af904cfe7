from dlnotes.numpy import rnn

print(len(rnn.NAMES), "names, e.g.", rnn.NAMES[:5])
# a short run (the figure shows a run of 20,000 steps)
params, vocab, curve = rnn.train_char_lm(rnn.NAMES, n_a=32, steps=1000,
                                         log_every=250)
for step, loss in curve:
    print(f"step {step:>4}: {loss:.3f} nats per character")
print("samples:", rnn.sample(params, vocab, n=6, seed=0))
