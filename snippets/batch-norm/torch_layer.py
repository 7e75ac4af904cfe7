import torch

from dlnotes.torch import batch_norm as bn

torch.manual_seed(0)
ours = bn.BatchNorm(4, momentum=0.1)
builtin = torch.nn.BatchNorm2d(4, momentum=0.1)
with torch.no_grad():
    builtin.weight.uniform_(0.5, 2.0)
    builtin.bias.uniform_(-1.0, 1.0)
# copy gamma, beta and the running statistics
ours.load_state_dict(builtin.state_dict())

# training mode: batch statistics; running statistics updated
for _ in range(3):
    x = torch.randn(8, 4, 5, 5) * 2 + 3  # NCHW
    same = torch.allclose(ours(x), builtin(x), atol=1e-5)
print("train-mode outputs match:", same)
mean_match = torch.allclose(ours.running_mean, builtin.running_mean)
var_match = torch.allclose(ours.running_var, builtin.running_var)
print("running mean match:", mean_match)
print("running var match:", var_match)
ours.eval()  # test mode: the running statistics
builtin.eval()
x = torch.randn(2, 4, 5, 5)
same = torch.allclose(ours(x), builtin(x), atol=1e-5)
print("eval-mode outputs match:", same)
