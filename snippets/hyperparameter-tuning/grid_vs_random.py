import math

import numpy as np

from dlnotes.numpy import hyperparameter_tuning as ht

space = {"alpha": ht.Param(1e-4, 1.0, "log"),
         "lam": ht.Param(1e-4, 10.0, "log")}
rng = np.random.default_rng(0)
best_grid, best_random = [], []
# 200 stand-in dev losses; only alpha matters, best at 10**c
for problem in range(200):
    c = rng.uniform(-4, 0)

    def dev_loss(alpha, lam, c=c):
        return (math.log10(alpha) - c) ** 2

    best_grid.append(ht.grid_search(dev_loss, space, points_per_axis=3)[0].loss)
    found = ht.random_search(dev_loss, space, n_trials=9, seed=problem)
    best_random.append(found[0].loss)

grid = ht.grid_search(dev_loss, space, points_per_axis=3)
grid_alphas = sorted({t.params["alpha"] for t in grid})
print("values of alpha the 3x3 grid tries:", grid_alphas)
print(f"mean best loss over 200 problems: grid {np.mean(best_grid):.3f}, "
      f"random {np.mean(best_random):.3f}")
random_wins = np.mean(np.less(best_random, best_grid))
print(f"random search finds the better alpha in {random_wins:.0%}")
