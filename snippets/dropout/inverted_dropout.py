import numpy as np

from dlnotes.numpy import dropout as nd

rng = np.random.default_rng(0)
a3 = rng.uniform(0.0, 2.0, size=(50, 64))   # activations of layer 3, (n[3], m)
keep_prob = 0.8

out, d3 = nd.dropout_forward(a3, keep_prob, rng)
print(f"kept fraction {d3.mean():.3f} (keep_prob {keep_prob})")

# average over many masks: inverted dropout keeps the expected activation
samples = [nd.dropout_forward(a3, keep_prob, rng)[0] for _ in range(2000)]
mean = np.mean(samples, axis=0)
print(f"mean of a3 {a3.mean():.4f}, averaged output {mean.mean():.4f}, "
      f"largest entry error {np.abs(mean - a3).max():.3f}")
print(f"without / keep_prob the average would be {keep_prob * mean.mean():.4f}")

test_out, _ = nd.dropout_forward(a3, keep_prob, training=False)
print("test time returns a3 unchanged:", np.array_equal(test_out, a3))

dA = nd.dropout_backward(np.ones_like(a3), d3, keep_prob)
print("backward values:", sorted(set(dA.ravel().tolist())))
