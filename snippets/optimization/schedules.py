import numpy as np

from dlnotes.numpy import optimization as opt

e = np.arange(6)  # epochs 0..5, alpha0 = 0.5
print("epoch         ", e)
print("1/(1+decay*e) ", opt.inverse_time_decay(0.5, e, decay_rate=1.0).round(4))
print("0.95^e        ", opt.exponential_decay(0.5, e).round(4))
print("k/sqrt(e+1)   ", opt.inverse_sqrt_decay(0.5, e + 1, k=1.0).round(4))
print("staircase, 2  ", opt.staircase_decay(0.5, e, decay_step=2).round(4))
