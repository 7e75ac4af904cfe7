import torch

from dlnotes.torch import batch_norm as bn

torch.manual_seed(0)
ours, builtin = bn.BatchNorm(4, momentum=0.1), torch.nn.BatchNorm2d(4, momentum=0.1)
with torch.no_grad():
    builtin.weight.uniform_(0.5, 2.0)
    builtin.bias.uniform_(-1.0, 1.0)
ours.load_state_dict(builtin.state_dict())  # copy gamma, beta and the running statistics

for _ in range(3):  # training mode: batch statistics; running statistics updated
    x = torch.randn(8, 4, 5, 5) * 2 + 3  # NCHW
    same = torch.allclose(ours(x), builtin(x), atol=1e-5)
print("train-mode outputs match:", same)
print("running mean match:", torch.allclose(ours.running_mean, builtin.running_mean))
print("running var match:", torch.allclose(ours.running_var, builtin.running_var))
ours.eval()  # test mode: the running statistics
builtin.eval()
x = torch.randn(2, 4, 5, 5)
print("eval-mode outputs match:", torch.allclose(ours(x), builtin(x), atol=1e-5))
