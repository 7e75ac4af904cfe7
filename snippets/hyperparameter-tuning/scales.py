import numpy as np

from dlnotes.numpy import hyperparameter_tuning as ht

rng = np.random.default_rng(0)
for scale in ("linear", "log"):
    alpha = ht.Param(1e-4, 1.0, scale).sample(rng, 10_000)
    counts, _ = np.histogram(alpha, bins=[1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    share = counts / alpha.size
    print(f"alpha, {scale:>6} scale: share per decade {np.round(share, 3)}")

beta = ht.Param(0.9, 0.999, "one_minus_log").sample(rng, 10_000)
print(f"beta in [0.9, 0.99): {np.mean(beta < 0.99):.3f}, "
      f"in [0.99, 0.999]: {np.mean(beta >= 0.99):.3f}")
for b in (0.9, 0.9005, 0.999, 0.9995):
    print(f"beta = {b}: averages over about {1 / (1 - b):.0f} steps")
