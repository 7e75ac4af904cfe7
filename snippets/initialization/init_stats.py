import numpy as np

from dlnotes.numpy import initialization as ini

shape = (300, 500)  # (n[l], n[l-1]): fan_out = 300, fan_in = 500
rng = np.random.default_rng(0)
for name, W, formula in [
    ("naive   0.01", ini.naive_normal(shape, rng), 0.01),
    ("Xavier  sqrt(2/(fan_in+fan_out))", ini.xavier_normal(shape, rng),
     np.sqrt(2 / 800)),
    ("He      sqrt(2/fan_in)", ini.he_normal(shape, rng), np.sqrt(2 / 500)),
]:
    print(f"{name:34s} formula {formula:.5f}  sample std {W.std():.5f}")
