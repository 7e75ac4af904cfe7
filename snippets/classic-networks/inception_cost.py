from torch import nn

from dlnotes.torch import classic_networks_counting as cnc

# 28x28x192 -> 28x28x32 with 5x5 "same" filters: directly,
# or through 16 1x1 filters first
direct = nn.Conv2d(192, 32, kernel_size=5, padding=2)
bottleneck = nn.Sequential(nn.Conv2d(192, 16, kernel_size=1),
                           nn.Conv2d(16, 32, kernel_size=5, padding=2))
for name, model in (("direct 5x5", direct), ("1x1 then 5x5", bottleneck)):
    table = cnc.layer_table(model, (1, 192, 28, 28))
    print(f"{name:13} multiplications {table.total_mults:>12,}   "
          f"parameters {table.total_params:>7,}   "
          f"output {table.rows[-1].shape}")
print("by the formula:", cnc.conv_multiplications((32, 28, 28), 5, 192), "vs",
      cnc.conv_multiplications((16, 28, 28), 1, 192)
      + cnc.conv_multiplications((32, 28, 28), 5, 16))
