from dlnotes.torch import classic_networks as cn
from dlnotes.torch import classic_networks_counting as cnc

# GoogLeNet's inception (3a): 192 channels in at 28x28;
# 64 + 128 + 32 + 32 = 256 out
module = cn.InceptionModule(
    192, c1=64, c3_reduce=96, c3=128, c5_reduce=16, c5=32, pool_proj=32
)
print(cnc.layer_table(module, (1, 192, 28, 28), depth=1))
