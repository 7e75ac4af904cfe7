import numpy as np

from dlnotes.numpy import face_recognition as fr

# 12 encodings of 3 people (4 each); how many triplets does each rule pick?
rng = np.random.default_rng(1)
labels = np.repeat([0, 1, 2], 4)
enc = rng.normal(size=(12, 2)) + 1.5 * np.eye(3)[labels, :2]
pairs = 3 * 4 * 3  # anchor-positive pairs: 3 people x 4 anchors x 3 positives
print("anchor-positive pairs:", pairs)
for strategy in ("hard", "semi-hard"):
    t = fr.select_triplets(enc, labels, margin=0.5, strategy=strategy)
    d_ap = fr.squared_distance(enc[t[:, 0]], enc[t[:, 1]])
    d_an = fr.squared_distance(enc[t[:, 0]], enc[t[:, 2]])
    loss = fr.triplet_loss(enc[t[:, 0]], enc[t[:, 1]], enc[t[:, 2]], 0.5)
    print(f"{strategy:>9}: {len(t)} triplets, "
          f"{np.mean(d_an < d_ap):.0%} with d(A,N) < d(A,P), loss {loss:.3f}")
