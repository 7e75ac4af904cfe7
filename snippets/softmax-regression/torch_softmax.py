import torch
import torch.nn.functional as F

from dlnotes.torch import softmax_regression as sr

logits = torch.tensor([[1e4, -1e4, 0.0], [2.0, 1.0, 0.1]],  # (N, C)
                      requires_grad=True)
target = torch.tensor([1, 0])
loss = sr.cross_entropy(logits, target)
loss.backward()
builtin = F.cross_entropy(logits, target)
print("loss:", loss.item(), "F.cross_entropy:", builtin.item())
same = torch.allclose(sr.softmax(logits), F.softmax(logits, dim=1))
print("softmax matches F.softmax:", same)
print("gradient (y_hat - y) / N:\n", logits.grad)
