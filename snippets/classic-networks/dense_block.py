import torch

from dlnotes.torch import classic_networks as cn

torch.manual_seed(0)
block = cn.DenseBlock(num_layers=4, in_channels=64, growth_rate=32).eval()
transition = cn.Transition(block.out_channels, block.out_channels // 2).eval()
x = torch.randn(1, 64, 56, 56)
with torch.no_grad():
    y = block(x)
    z = transition(y)
print("dense block:", tuple(x.shape), "->", tuple(y.shape),
      "= 64 + 4 x 32 channels")
print("input passed on unchanged in the first 64 channels:",
      torch.equal(y[:, :64], x))
print("transition: ", tuple(y.shape), "->", tuple(z.shape))
