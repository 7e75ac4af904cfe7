import numpy as np

from dlnotes.numpy import gradient_checking as gc

rng = np.random.default_rng(1)
X = rng.normal(size=(4, 7))                   # 7 examples as columns
Y = (rng.random((1, 7)) < 0.5).astype(float)
params = gc.init_two_layer(n_x=4, n_h=5, seed=2)


def J():
    return gc.two_layer_cost(params, X, Y)[0]


_, cache = gc.two_layer_cost(params, X, Y)
print(f"closest ReLU input to the kink: {gc.kink_distance(cache[1]):.3f}")

print("correct backward pass")
print(gc.grad_check(J, params, gc.two_layer_backward(params, cache, Y)))

print("backward pass with the ReLU derivative forgotten")
buggy = gc.two_layer_backward(params, cache, Y, planted_bug=True)
result = gc.grad_check(J, params, buggy)
print(result)
print("largest difference at", result.worst)
