import torch
from torch import nn

from dlnotes.torch import cost_regularization as tcr

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1)).double()
lambd, m = 0.7, 50

weights = tcr.weights_of(net)  # the two weight matrices, no biases
penalty = tcr.l2_penalty(weights, lambd, m)
penalty.backward()
l1 = tcr.l1_penalty(weights, lambd, m)
print(f"L2 penalty {penalty.item():.6f}, L1 penalty {l1.item():.6f}")
print("autograd dL2/dW == (lambda/m) W:",
      all(torch.allclose(w.grad, lambd / m * w) for w in weights))
print("bias gradients:", [layer.bias.grad for layer in (net[0], net[2])])
