import numpy as np

from dlnotes.numpy import optimization as opt

theta = np.full(6, 10.0)  # a constant signal: the true average is 10 from the first step
raw = opt.ewma(theta, beta=0.9)
corrected = opt.ewma(theta, beta=0.9, bias_correction=True)
for t, (v, v_hat) in enumerate(zip(raw, corrected, strict=True), start=1):
    print(f"t={t}: v_t={v:6.3f}   v_hat_t={v_hat:6.3f}   1-beta^t={1 - 0.9**t:.3f}")
