from dlnotes.torch import classic_networks as cn
from dlnotes.torch import classic_networks_counting as cnc

# the course's example network on a 32x32x3 image; only the rows the
# course's table has (a ReLU keeps its layer's shape, Flatten only
# reshapes); shapes as n_H x n_W x n_C
table = cnc.layer_table(cn.nn_example(), (1, 3, 32, 32))
names = {"": "input", "Conv2d": "CONV", "MaxPool2d": "POOL", "Linear": "FC"}
print(f"{'layer':6} {'activation shape':>16} {'size':>6} {'params':>7}")
for row in table.rows:
    if row.kind in names:
        if len(row.shape) == 3:
            c, h, w = row.shape
            shape = f"{h}x{w}x{c}"
        else:
            shape = str(row.shape[0])
        name = names[row.kind]
        print(f"{name:6} {shape:>16} {row.size:>6,} {row.params:>7,}")
print(f"total parameters: {table.total_params:,}")
