import numpy as np

from dlnotes import data
from dlnotes.numpy import ml_strategy as ms

# the usual ratios, by the size of the data set
for m, ratios in [(1_000, (0.7, 0.3)), (10_000, (0.6, 0.2, 0.2)),
                  (1_000_000, (0.98, 0.01, 0.01))]:
    print(f"m={m:>9,}  ratios={ratios}  sizes={ms.split_sizes(m, ratios)}")

# a stratified, seeded 60/20/20 split of the 1797 digits
# keeps every class's share
_, y = data.digits()
parts = ms.stratified_split(y, (0.6, 0.2, 0.2), seed=0)
for name, part in zip(("train", "dev", "test"), parts, strict=True):
    share = np.bincount(y[part], minlength=10) / len(part)
    print(f"{name:<5} {len(part):>4} examples, "
          f"class shares {share.min():.3f}..{share.max():.3f}")
share = np.bincount(y) / len(y)
print(f"all   {len(y):>4} examples, "
      f"class shares {share.min():.3f}..{share.max():.3f}")
