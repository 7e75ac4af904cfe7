from dlnotes.torch import classic_networks_counting as cnc
from dlnotes.torch import classic_networks_resnet as cnr

# depth=2: one row per stage instead of one per conv / batch-norm / ReLU
print(cnc.layer_table(cnc.on_meta(cnr.resnet18), (1, 3, 224, 224), depth=2))
