import numpy as np

from dlnotes.numpy import optimization as opt

# J(w) = (w0^2 + 50 w1^2) / 2; start far along the valley, off its floor
w0 = np.array([-4.0, 1.0])
optimizers = {  # each with a learning rate that suits it on this problem
    "gradient descent": opt.GradientDescent(lr=0.038),  # stable for lr < 0.04
    "momentum": opt.Momentum(lr=0.2, beta=0.9),
    "RMSprop": opt.RMSprop(lr=0.2, beta=0.9),
    "Adam": opt.Adam(lr=0.1),
}
print("optimizer          J after 50 steps   zig-zag in steps 1-10")
for name, optimizer in optimizers.items():
    path = opt.descend(optimizer, w0, opt.elongated_bowl, steps=50)
    cost, _ = opt.elongated_bowl(path[-1])
    across = np.abs(np.diff(path[:11, 1])).sum()  # travel across the valley
    print(f"{name:17s}  {cost:16.1e}   {across:21.2f}")
