import torch
import torch.nn.functional as F

from dlnotes.torch import convolutions as tc

x = torch.tensor([[1., 3., 2., 1.],
                  [4., 2., 0., 1.],
                  [5., 6., 1., 2.],
                  [0., 2., 3., 9.]])
x = x.reshape(1, 1, 4, 4).requires_grad_()  # NCHW
for mode, builtin in (("max", F.max_pool2d), ("average", F.avg_pool2d)):
    y = tc.pool2d(x, f=2, stride=2, mode=mode)
    (grad,) = torch.autograd.grad(y.sum(), x)
    print(f"{mode} pool:", y[0, 0].tolist(), "| same as built-in:",
          torch.equal(y, builtin(x, 2, 2)))
    print(f"gradient of sum(y) with respect to x:\n{grad[0, 0].numpy()}")
