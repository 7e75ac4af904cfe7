from dlnotes.torch import classic_networks as cn
from dlnotes.torch import classic_networks_counting as cnc

table = cnc.layer_table(cnc.on_meta(cn.vgg16), (1, 3, 224, 224))
# the convolution and pooling rows (each ReLU keeps its conv's shape),
# then the classifier
for row in table.rows:
    if row.kind in ("", "Conv2d", "MaxPool2d", "Linear"):
        shape = "x".join(map(str, row.shape))
        print(f"{row.name:>5} {row.kind:9} {shape:>12} "
              f"{row.size:>11,} {row.params:>12,}")
conv = sum(r.params for r in table.rows if r.kind == "Conv2d")
conv_share = conv / table.total_params
print(f"total {table.total_params:,} parameters: {conv_share:.1%} in the 13 "
      f"conv layers, {1 - conv_share:.1%} in the 3 FC layers")
