from dlnotes.torch import classic_networks as cn
from dlnotes.torch import classic_networks_counting as cnc

# LeNet-5 expects 32x32 images; a 28x28 MNIST image leaves 16x4x4 = 256
# features, not 400
try:
    cnc.layer_table(cn.lenet5(), (1, 1, 28, 28))
except ValueError as err:
    print("ValueError:", err)
