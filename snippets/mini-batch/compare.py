from dlnotes.numpy import mini_batch as mb

X, Y = mb.make_classification(m=2000, n_x=5, seed=0)  # logistic regression, 2000 examples
for name, b in (("batch", 2000), ("mini-batch", 64), ("stochastic", 1)):
    run = mb.train_logistic(X, Y, batch_size=b, lr=0.1, epochs=1, seed=0)
    print(f"{name:>10} (b={b:4}): {len(run['step_costs']):4} update(s) in one epoch, "
          f"cost {run['epoch_costs'][0]:.3f} -> {run['epoch_costs'][1]:.3f}")
