import numpy as np

from dlnotes.numpy import convolutions as cv

# "same" padding p = (f - 1) / 2 keeps n x n at stride 1; "valid" (p = 0)
# shrinks it to n - f + 1
rng = np.random.default_rng(0)
A = rng.normal(size=(1, 6, 6, 1))  # NHWC: one 6x6 image, one channel
for f in (3, 5):
    W = rng.normal(size=(f, f, 1, 1))
    p = cv.same_padding(f)
    valid = cv.conv_forward(A, W, np.zeros(1), stride=1, pad=0).shape[1:3]
    same = cv.conv_forward(A, W, np.zeros(1), stride=1, pad=p).shape[1:3]
    print(f"f={f}: valid -> {valid}, same (p={p}) -> {same}")

# the output-size formula floor((n + 2p - f) / s) + 1 against the shape the
# layer returns
for n, f, p, s in [(7, 3, 0, 2), (6, 3, 1, 2), (32, 5, 2, 3)]:
    A = np.zeros((1, n, n, 1))
    Z = cv.conv_forward(A, np.zeros((f, f, 1, 1)), np.zeros(1), stride=s, pad=p)
    print(f"n={n}, f={f}, p={p}, s={s}: formula {cv.output_size(n, f, p, s)}, "
          f"layer output {Z.shape[1]}")
