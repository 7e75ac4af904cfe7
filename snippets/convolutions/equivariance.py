import numpy as np

from dlnotes.numpy import convolutions as cv

rng = np.random.default_rng(3)
A = np.zeros((1, 16, 16, 1))
A[0, 4:10, 5:11, 0] = rng.normal(size=(6, 6))  # an object, off the border
W = rng.normal(size=(3, 3, 1, 1))
zero = np.zeros(1)


def shift(X, dy, dx):  # move the content; only zeros wrap around the edge
    return np.roll(X, (dy, dx), axis=(1, 2))


Z = cv.conv_forward(A, W, zero, pad=1)
Z_moved = cv.conv_forward(shift(A, 1, 1), W, zero, pad=1)
print("equivariance, max |conv(shift(x)) - shift(conv(x))|:",
      np.abs(Z_moved - shift(Z, 1, 1)).max())

# invariance: compare outputs at the same positions after a one-pixel shift
P, P_moved = cv.pool_forward(Z, 2), cv.pool_forward(Z_moved, 2)
for name, a, b in [("conv output", Z, Z_moved), ("2x2 max pool", P, P_moved),
                   ("global max pool", Z.max(), Z_moved.max())]:
    nonzero = np.abs(a) > 0
    same = np.isclose(a, b) & nonzero
    share = same.sum() / nonzero.sum()
    print(f"{name:<15} unchanged at {share:.0%} of its non-zero entries")
