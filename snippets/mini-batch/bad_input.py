import torch

from dlnotes.torch import mini_batch as tmb

# 63 examples cannot split into two equal halves
X = torch.zeros(63, 4, dtype=torch.float64)
try:
    tmb.ddp_train(tmb.make_model(), [(X, X[:, :1])], lr=0.1, world_size=2)
except ValueError as err:
    print(f"ValueError: {err}")
