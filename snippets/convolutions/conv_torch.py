import torch

from dlnotes.torch import convolutions as tc

torch.manual_seed(0)
shape = {"kernel_size": 3, "stride": 2, "padding": 1, "dtype": torch.float64}
ours = tc.Conv2d(3, 4, **shape)  # NCHW
ref = torch.nn.Conv2d(3, 4, **shape)
with torch.no_grad():                                         # copy the weights
    ours.weight.copy_(ref.weight)
    ours.bias.copy_(ref.bias)

x = torch.randn(2, 3, 7, 7, dtype=torch.float64)
print("output shape:", tuple(ours(x).shape))
tight = {"rtol": 1e-12, "atol": 1e-12}
print("same output as nn.Conv2d:", torch.allclose(ours(x), ref(x), **tight))
ours(x).square().sum().backward()
ref(x).square().sum().backward()
pairs = zip(ours.parameters(), ref.parameters(), strict=True)
print("same gradients:",
      all(torch.allclose(a.grad, r.grad, **tight) for a, r in pairs))
print("parameters:", sum(p.numel() for p in ours.parameters()),
      "=", sum(p.numel() for p in ref.parameters()))
