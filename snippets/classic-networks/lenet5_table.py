from dlnotes.torch import classic_networks as cn
from dlnotes.torch import classic_networks_counting as cnc

# LeNet-5 as the course draws it: one 32x32 grey image in, ten class scores out
model = cn.lenet5(num_classes=10, in_channels=1, activation="tanh")
print(cnc.layer_table(model, (1, 1, 32, 32)))
