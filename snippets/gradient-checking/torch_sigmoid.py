import torch

from dlnotes.printing import sci
from dlnotes.torch import gradient_checking as tgc

g = torch.Generator().manual_seed(0)
w = torch.randn(6, generator=g, dtype=torch.float64)
params = {"x": torch.randn(6, generator=g, dtype=torch.float64)}


def check(planted_bug):
    def J():
        return (tgc.SigmoidFunction.apply(params["x"], planted_bug) * w).sum()

    # autograd through the hand-written backward
    ours = tgc.grad_check(J, params)
    x = params["x"].clone().requires_grad_(True)
    def sigmoid(t):
        return tgc.SigmoidFunction.apply(t, planted_bug)

    oracle = torch.autograd.gradcheck(sigmoid, (x,), raise_exception=False)
    print(f"planted_bug={planted_bug}: "
          f"error {sci(ours.overall, 1e-7)} ({ours.verdict}); "
          f"torch.autograd.gradcheck passes: {oracle}")


check(planted_bug=False)
check(planted_bug=True)
