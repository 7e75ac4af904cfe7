import numpy as np
import torch

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import style_transfer as nst
from dlnotes.printing import below
from dlnotes.torch import style_transfer as tst

rng = np.random.default_rng(1)
a_C, a_S, a_G = (rng.normal(size=(3, 4, 2)) for _ in range(3))
for name, cost, backward, ref in [
        ("content", nst.content_cost, nst.content_cost_backward, a_C),
        ("style", nst.layer_style_cost, nst.layer_style_cost_backward, a_S)]:
    numeric = gc.numerical_gradient(lambda c=cost, r=ref: c(r, a_G),
                                    {"a_G": a_G})
    exact = backward(ref, a_G)
    # autograd on the torch version (NCHW), back to NHWC
    g = torch.tensor(a_G, requires_grad=True)
    torch_cost = getattr(tst, cost.__name__)
    torch_cost(torch.tensor(ref).permute(2, 0, 1)[None],
               g.permute(2, 0, 1)[None]).backward()
    to_fd = gc.relative_error(numeric["a_G"], exact)
    to_autograd = gc.relative_error(g.grad.numpy(), exact)
    print(f"{name:>7}: hand-written vs finite differences "
          f"{below(to_fd, 1e-7)}, vs autograd {below(to_autograd, 1e-12)}")
