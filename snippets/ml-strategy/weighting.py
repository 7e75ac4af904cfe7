import numpy as np

from dlnotes.numpy import ml_strategy as ms

# 200,000 web images, 10,000 phone images; the app will see phone images
web, phone = 200_000, 10_000
phone_train, dev, test = ms.split_sizes(phone, (0.5, 0.25, 0.25))
print(f"train: {web:,} web + {phone_train:,} phone; "
      f"dev: {dev:,} phone; test: {test:,} phone")

# weighting: a shifted digit (say, the pictures users take) counts ten times
run = ms.mismatch_experiment(synthesize=False)
weights = np.where(run.dev_kinds == "shift", 10.0, 1.0)
plain = ms.weighted_error(run.dev_true, run.dev_pred, np.ones_like(weights))
weighted = ms.weighted_error(run.dev_true, run.dev_pred, weights)
print(f"dev error: plain {plain:.3f}, weighted {weighted:.3f}")
