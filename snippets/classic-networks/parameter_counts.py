from dlnotes.torch import classic_networks as cn
from dlnotes.torch import classic_networks_counting as cnc
from dlnotes.torch import classic_networks_resnet as cnr

# (builder, its arguments, input shape, published count); built on the meta
# device: shapes only, so even VGG-16's 138 M parameters cost no memory.
networks = {
    "LeNet-5 (course)": (cn.lenet5, {}, (1, 1, 32, 32), 61_706),
    "AlexNet (paper, 2 groups)": (cn.alexnet, {"variant": "paper"},
                                  (1, 3, 227, 227), 60_965_224),
    "AlexNet (torchvision)": (cn.alexnet, {}, (1, 3, 224, 224), 61_100_840),
    "VGG-16 (config. D)": (cn.vgg16, {}, (1, 3, 224, 224), 138_357_544),
    "ResNet-18": (cnr.resnet18, {}, (1, 3, 224, 224), 11_689_512),
    "ResNet-34": (cnr.resnet34, {}, (1, 3, 224, 224), 21_797_672),
    "ResNet-50": (cnr.resnet50, {}, (1, 3, 224, 224), 25_557_032),
    "DenseNet-121": (cn.densenet121, {}, (1, 3, 224, 224), 7_978_856),
}
print(f"{'network':26} {'parameters':>12} {'published':>12} "
      f"{'multiplications':>16}")
for name, (build, kwargs, shape, published) in networks.items():
    model = cnc.on_meta(build, **kwargs)
    table = cnc.layer_table(model, shape)
    mark = "ok" if table.total_params == published else "DIFFERENT"
    print(f"{name:26} {table.total_params:>12,} {published:>12,} "
          f"{table.total_mults:>16,}  {mark}")
