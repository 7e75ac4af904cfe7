import torch
from torch import nn

torch.manual_seed(0)
conv = nn.Conv2d(192, 32, kernel_size=1)  # 1x1 convolution: 192 -> 32 channels
x = torch.randn(1, 192, 28, 28)
# the same numbers as one fully-connected layer applied to every pixel's
# 192 channels
fc = nn.Linear(192, 32)
with torch.no_grad():
    fc.weight.copy_(conv.weight[:, :, 0, 0])
    fc.bias.copy_(conv.bias)
    per_pixel = fc(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
    print(tuple(x.shape), "->", tuple(conv(x).shape))
    same = torch.allclose(conv(x), per_pixel, atol=1e-5)
    print("equals a per-pixel FC layer:", same)
n_params = sum(p.numel() for p in conv.parameters())
print("parameters:", n_params, "= 192 x 32 + 32")
