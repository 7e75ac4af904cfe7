from dlnotes.numpy import ml_strategy as ms

# error rates of several projects (fractions);
# human level is the proxy for Bayes error
cases = {
    "A": dict(human=0.01, train=0.08, dev=0.10),
    "B": dict(human=0.075, train=0.08, dev=0.10),
    "C": dict(human=0.01, train=0.01, train_dev=0.09, dev=0.10),
    "D": dict(human=0.01, train=0.01, train_dev=0.015, dev=0.10),
    "E": dict(human=0.01, train=0.02, train_dev=0.025, dev=0.03, test=0.08),
}
print(ms.diagnosis_table(cases))
