import numpy as np

from dlnotes.numpy import optimization as opt

theta = np.full(6, 10.0)  # a constant signal: its average is 10 from step 1
raw = opt.ewma(theta, beta=0.9)
corrected = opt.ewma(theta, beta=0.9, bias_correction=True)
for t in range(1, 7):
    print(f"t={t}: v_t={raw[t - 1]:6.3f}   v_hat_t={corrected[t - 1]:6.3f}"
          f"   1-beta^t={1 - 0.9**t:.3f}")
