import numpy as np
import torch
import torch.nn.functional as F

from dlnotes.numpy import gradient_checking as gc
from dlnotes.numpy import word_embeddings as we
from dlnotes.printing import below

rng = np.random.default_rng(0)
n_e, m, k = 4, 3, 5                        # features, pairs, negatives
p = {"e_c": rng.normal(size=(n_e, m)), "theta_o": rng.normal(size=(n_e, m)),
     "theta_neg": rng.normal(size=(n_e, m, k))}
loss, *grads = we.negative_sampling_loss(**p)
grads = dict(zip(p, grads, strict=True))
print(f"loss = {loss:.4f}")
errors = gc.check_gradients(lambda: we.negative_sampling_loss(**p)[0], p,
                            grads)
# autograd oracle: k + 1 binary cross-entropies with labels 1, 0, ..., 0
t = {name: torch.tensor(a, requires_grad=True) for name, a in p.items()}
pos = (t["theta_o"] * t["e_c"]).sum(0)[:, None]             # (m, 1)
neg = torch.einsum("dmk,dm->mk", t["theta_neg"], t["e_c"])  # (m, k)
logits = torch.cat([pos, neg], dim=1)
labels = (torch.arange(k + 1) == 0).double().expand(m, -1)
bce = F.binary_cross_entropy_with_logits(logits, labels, reduction="sum")
(bce / m).backward()
print(f"autograd loss = {bce.item() / m:.4f}")
for name in p:
    auto = gc.relative_error(t[name].grad.numpy(), grads[name])
    print(f"{name:>9}: vs finite differences {below(errors[name], 1e-7)},"
          f" vs autograd {below(auto, 1e-12)}")
