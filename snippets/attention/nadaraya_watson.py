import numpy as np

from dlnotes.numpy import attention as na

# 50 noisy training pairs; 50 test queries with the noise-free truth
x, y, x_test, truth = na.synthetic_regression(n=50, seed=0)

f_avg, _ = na.nadaraya_watson(x_test, x, y, kernel="average")
f_gauss, _ = na.nadaraya_watson(x_test, x, y, width=1.0)
# leave-one-out loss
w, losses = na.fit_width(x, y, width=1.0, lr=10.0, steps=100)
f_learned, weights = na.nadaraya_watson(x_test, x, y, width=w)

print(f"learned width w = {w:.2f} "
      f"(training loss {losses[0]:.3f} -> {losses[-1]:.3f})")
fits = {
    "average": f_avg,
    "gaussian, w = 1": f_gauss,
    "gaussian, learned w": f_learned,
}
for name, f in fits.items():
    print(f"{name:>20}: test MSE {np.mean((f - truth) ** 2):.3f}")
print("each row of weights sums to 1:", np.allclose(weights.sum(axis=1), 1.0))
