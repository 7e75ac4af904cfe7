from dlnotes.numpy import mini_batch as mb

# logistic regression, 2000 examples
X, Y = mb.make_classification(m=2000, n_x=5, seed=0)
for name, b in (("batch", 2000), ("mini-batch", 64), ("stochastic", 1)):
    run = mb.train_logistic(X, Y, batch_size=b, lr=0.1, epochs=1, seed=0)
    steps, costs = len(run["step_costs"]), run["epoch_costs"]
    print(f"{name:>10} (b={b:4}): {steps:4} update(s) in one epoch, "
          f"cost {costs[0]:.3f} -> {costs[1]:.3f}")
