import numpy as np

from dlnotes.numpy import face_recognition as fr
from dlnotes.numpy import gradient_checking as gc
from dlnotes.printing import below

# three triplets of 4-dimensional encodings f(A), f(P), f(N), one per row
rng = np.random.default_rng(0)
A, P, N = (rng.normal(size=(3, 4)) for _ in range(3))
margin = 0.2
print("d(A, P):", fr.squared_distance(A, P).round(3))
print("d(A, N):", fr.squared_distance(A, N).round(3))
print("loss:", round(fr.triplet_loss(A, P, N, margin), 4))

# the hand-written gradient against two-sided finite differences
grads = fr.triplet_loss_backward(A, P, N, margin)
exact = dict(zip("APN", grads, strict=True))
numeric = gc.numerical_gradient(
    lambda: fr.triplet_loss(A, P, N, margin), {"A": A, "P": P, "N": N})
for k in "APN":
    err = gc.relative_error(numeric[k], exact[k])
    print(f"relative error d{k}: {below(err, 1e-7)}")
