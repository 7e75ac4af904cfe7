from dlnotes.torch import classic_networks as cn

# depth=2: one row per stage instead of one per conv / batch-norm / ReLU
print(cn.layer_table(cn.on_meta(cn.resnet18), (1, 3, 224, 224), depth=2))
