from dlnotes.numpy import rnn
from dlnotes.numpy.rnn_experiment import NAMES, train_char_lm

print(len(NAMES), "names, e.g.", NAMES[:5])
# a short run (the figure shows a run of 20,000 steps)
params, vocab, curve = train_char_lm(NAMES, n_a=32, steps=1000,
                                     log_every=250)
for step, loss in curve:
    print(f"step {step:>4}: {loss:.3f} nats per character")
print("samples:", rnn.sample(params, vocab, n=6, seed=0))
