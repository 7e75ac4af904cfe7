import math

from dlnotes.numpy import optimization as opt

for beta in (0.9, 0.98, 0.5):
    window = opt.effective_window(beta)  # 1 / (1 - beta)
    print(f"beta={beta}: window {window:.0f} steps, "
          f"beta**window = {beta**window:.3f}")
print(f"1/e = {1 / math.e:.3f}")
