import numpy as np
import torch

from dlnotes.numpy import batch_norm as bn

beta_avg = 0.9  # weight of the past in the notes' EWMA
ours = bn.BatchNorm(2, layout="fc", avg_beta=beta_avg)
# momentum = 1 - beta
builtin = torch.nn.BatchNorm1d(2, momentum=1 - beta_avg).double()

rng = np.random.default_rng(0)
for _ in range(20):  # 20 mini-batches of 16 examples
    Z = rng.normal(loc=[[3.0], [-1.0]], scale=[[2.0], [0.5]], size=(2, 16))
    ours.forward(Z, training=True)
    builtin(torch.tensor(Z.T))  # torch wants (batch, features)
print("running mean, ours :", ours.running_mean.ravel().round(4))
print("running mean, torch:", builtin.running_mean.numpy().round(4))
print("running var, ours  :", ours.running_var.ravel().round(4))
print("running var, torch :", builtin.running_var.numpy().round(4))

# the running variance averages the UNBIASED batch variance (divide by m - 1)
# no memory: running = the last batch's statistic
fresh = bn.BatchNorm(1, avg_beta=0.0)
Z = np.array([[1.0, 2.0, 3.0, 6.0]])
fresh.forward(Z)
print("running var", fresh.running_var.item(), "= var(ddof=1)", Z.var(ddof=1),
      "not var(ddof=0)", Z.var())
