import torch
import torch.nn.functional as F

from dlnotes.torch import dropout as td

x = torch.full((1000, 100), 2.0)
gen = torch.Generator().manual_seed(0)
ours = td.dropout(x, keep_prob=0.8, generator=gen)
torch.manual_seed(0)
# PyTorch's p is the drop probability: p = 1 - keep_prob
ref = F.dropout(x, p=0.2)
for name, y in (("dlnotes", ours), ("F.dropout", ref)):
    print(f"{name:9s} values {sorted(torch.unique(y).tolist())}, "
          f"kept {(y != 0).float().mean():.3f}, mean {y.mean():.3f}")

net = torch.nn.Sequential(
    torch.nn.Linear(100, 10), td.Dropout(0.8), torch.nn.Linear(10, 1)
)
net.eval()  # test time: the dropout module is the identity
print("eval mode is deterministic:", torch.equal(net(x[:5]), net(x[:5])))
