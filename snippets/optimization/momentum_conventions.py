import numpy as np
import torch

from dlnotes.numpy import optimization as opt

w0, steps, alpha, beta = np.array([-4.0, 1.0]), 30, 0.05, 0.9
average = opt.descend(opt.Momentum(lr=alpha, beta=beta, convention="average"),
                      w0, opt.elongated_bowl, steps)
summed = opt.descend(
    opt.Momentum(lr=alpha * (1 - beta), beta=beta, convention="sum"),
    w0, opt.elongated_bowl, steps)

# torch's SGD: v = beta*v + g, the "sum" convention, here with lr*(1-beta)
w = torch.tensor(w0, requires_grad=True)
sgd = torch.optim.SGD([w], lr=alpha * (1 - beta), momentum=beta)
for _ in range(steps):
    sgd.zero_grad()
    loss = 0.5 * (w[0] ** 2 + 50.0 * w[1] ** 2)  # the elongated bowl
    loss.backward()
    sgd.step()

same = np.allclose(average, summed, rtol=0, atol=1e-12)
same_torch = np.allclose(average[-1], w.detach().numpy(), rtol=0, atol=1e-12)
print("after", steps, "steps:", average[-1].round(6))
print("average == sum convention with lr*(1-beta):", same)
print("average == torch SGD with lr*(1-beta):", same_torch)
