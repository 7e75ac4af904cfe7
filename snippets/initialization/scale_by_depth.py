import numpy as np

from dlnotes.numpy import initialization as ini

width, m, depth = 100, 25, 20
X = np.random.default_rng(0).standard_normal((width, m))  # (n_x, m)
print("activation init     rms A[1]  rms A[10] rms A[19]"
      "   rms dW[1] rms dW[20]")
for activation in ("relu", "tanh", "sigmoid"):
    for method in ("naive", "xavier", "he"):
        params = ini.initialize_parameters([width] * (depth + 1), method, rng=1)
        act, grad = ini.scale_by_depth(params, X, hidden=activation)
        print(f"{activation:10s} {method:7s} "
              f"{act[0]:9.1e} {act[9]:9.1e} {act[18]:9.1e}"
              f"   {grad[0]:9.1e} {grad[19]:9.1e}")
