import numpy as np

from dlnotes.numpy import mini_batch as mb

m, batch_size = 10_000, 64
X = np.arange(m, dtype=float).reshape(1, m)  # example j holds the number j
Y = np.zeros((1, m))
batches = mb.random_mini_batches(X, Y, batch_size, seed=0)
sizes = [x.shape[1] for x, _ in batches]
n_batches = mb.num_mini_batches(m, batch_size)
print(f"{m} examples in batches of {batch_size}: {n_batches} mini-batches")
print(f"{sizes.count(batch_size)} full batches of {batch_size}, "
      f"the last one of {sizes[-1]}")
print("first examples of batch 1:", batches[0][0][0, :5].astype(int))
seen = np.sort(np.concatenate([x[0] for x, _ in batches]))
print("every example used exactly once:", np.array_equal(seen, np.arange(m)))
