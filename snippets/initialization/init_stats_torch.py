import torch

from dlnotes.torch import initialization as tini

gen = torch.Generator().manual_seed(0)
torch.manual_seed(0)
for name, ours, builtin in [
    ("Xavier", tini.xavier_normal_(torch.empty(300, 500), generator=gen),
     torch.nn.init.xavier_normal_(torch.empty(300, 500))),
    ("He", tini.he_normal_(torch.empty(300, 500), generator=gen),
     torch.nn.init.kaiming_normal_(torch.empty(300, 500), nonlinearity="relu")),
]:
    print(f"{name:7s} ours std {ours.std():.5f}   "
          f"torch.nn.init std {builtin.std():.5f}")
