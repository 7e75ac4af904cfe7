import numpy as np

from dlnotes.numpy import optimization as opt

epochs = np.arange(6)
print("epoch            ", epochs)
print("1/(1+decay*epoch)", opt.inverse_time_decay(0.5, epochs, decay_rate=1.0).round(4))
print("0.95^epoch       ", opt.exponential_decay(0.5, epochs).round(4))
print("k/sqrt(t), t=e+1 ", opt.inverse_sqrt_decay(0.5, epochs + 1, k=1.0).round(4))
print("staircase, step 2", opt.staircase_decay(0.5, epochs, decay_step=2).round(4))
