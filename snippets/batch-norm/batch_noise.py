import numpy as np

from dlnotes.numpy import batch_norm as bn

rng = np.random.default_rng(0)
# one feature, 1000 examples
data = rng.normal(loc=2.0, scale=3.0, size=(1, 1000))
x = data[:, :1]  # follow the first example through different mini-batches
gamma, beta = np.ones((1, 1)), np.zeros((1, 1))

for m in (8, 64, 512):
    outs = []
    for _ in range(200):
        others = rng.choice(np.arange(1, 1000), size=m - 1, replace=False)
        mates = data[:, others]
        out, _ = bn.batchnorm_forward(np.hstack([x, mates]), gamma, beta)
        outs.append(out[0, 0])
    print(f"batch size {m:3d}: the same input is normalized to "
          f"{np.mean(outs):+.3f} +- {np.std(outs):.3f}")
