from dlnotes.numpy import hyperparameter_tuning as ht

# 1000 train / 400 dev / 397 test, 8x8 digits
data = ht.load_digits_split(seed=0)
X_train, y_train, X_dev, y_dev, X_test, y_test = data
# dev cross-entropy of softmax regression
objective = ht.digits_objective(data, epochs=5)
space = {
    "alpha": ht.Param(1e-3, 100.0, "log"),           # learning rate
    "beta": ht.Param(0.5, 0.999, "one_minus_log"),   # momentum
    "lam": ht.Param(1e-4, 10.0, "log"),              # L2 strength
}
trials = ht.coarse_to_fine(
    objective, space, n_trials=12, rounds=2, width=0.25, seed=0
)

for r in (0, 1):
    best = min((t for t in trials if t.round == r), key=lambda t: t.loss)
    print(f"round {r + 1} best dev loss {best.loss:.3f}")
best = trials[0].params
print("chosen: " + ", ".join(f"{k}={v:.3g}" for k, v in best.items()))
W, b = ht.train_softmax(X_train, y_train, epochs=5, **best)
print(f"dev accuracy {ht.accuracy(W, b, X_dev, y_dev):.3f}, "
      f"test accuracy {ht.accuracy(W, b, X_test, y_test):.3f}")
worst = trials[-1]
print(f"worst trial: dev loss {worst.loss:.3f} "
      f"at alpha={worst.params['alpha']:.3g}")
