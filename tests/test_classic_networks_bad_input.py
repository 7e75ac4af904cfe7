"""Classic networks: the bad-input sweep over the public API of the chapter's modules
(builders and blocks, counting, ResNet, the crop/ensemble experiment; tests/sweep_support.py)."""

import pytest
import torch
from sweep_support import BAD_INT, NAN, C, E, X, sweep_module, tn

# The blocks' forward passes are compositions of PyTorch layers, and ensemble_predict and
# multi_crop_predict hand x to the caller's model: a wrong input there gets PyTorch's own layer
# error. Their arguments and constructors are swept; the generic mutations of the tensor they
# pass on to the layers are not.
LAYER_ERRORS = ("rank+", "rank-", "dtype int64", "numpy array", "empty", "shrink")


def _tiny():
    return torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.Flatten(),
                               torch.nn.Linear(2 * 6 * 6, 3)).double()


def _img(d, n=2):
    return tn(d, n, 1, 8, 8)


def _networks_sweep():
    from dlnotes.torch import classic_networks as m

    return {
        "nn_example": E(C(10), hyper={"num_classes": BAD_INT}),
        "lenet5": E(C(10), hyper={"num_classes": BAD_INT, "in_channels": BAD_INT,
                                  "activation": ["elu"]}),
        "alexnet": E(C(10), hyper={"num_classes": BAD_INT, "variant": ["v2"]}),
        "vgg16": E(C(10), hyper={"num_classes": BAD_INT}),
        "DenseLayer": E(lambda d: C(tn(d, 2, 4, 6, 6), fn=m.DenseLayer(4, 3).double().to(d)),
                        skip=LAYER_ERRORS, arrays=("x",),
                        extra=[X("growth_rate 0", C(4, 0), "growth_rate")]),
        "DenseBlock": E(lambda d: C(tn(d, 2, 4, 6, 6), fn=m.DenseBlock(2, 4, 3).double().to(d)),
                        skip=LAYER_ERRORS, arrays=("x",),
                        extra=[X("num_layers 0", C(0, 4, 3), "num_layers")]),
        "Transition": E(lambda d: C(tn(d, 2, 4, 6, 6), fn=m.Transition(4, 2).double().to(d)),
                        skip=LAYER_ERRORS, arrays=("x",),
                        extra=[X("out_channels 0", C(4, 0), "out_channels")]),
        "densenet121": E(C(10), hyper={"num_classes": BAD_INT}),
        "InceptionModule": E(lambda d: C(tn(d, 2, 4, 6, 6),
                                         fn=m.InceptionModule(4, 2, 2, 3, 1, 2, 2).double().to(d)),
                             skip=LAYER_ERRORS, arrays=("x",),
                             extra=[X("c1 0", C(4, 0, 2, 3, 1, 2, 2), "c1")]),
    }


def _counting_sweep():
    from dlnotes.torch import classic_networks as m

    return {
        # dataclasses of results: fields are filled by layer_table, nothing to check
        "LayerRow": E(C("conv", "Conv2d", (2, 6, 6), 72, 20, 100)),
        "LayerTable": E(C()),
        "layer_table": E(C(torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU()),
                           (1, 8, 8)), hyper={"input_shape": [(), (1, 0, 8)],
                                                      "depth": [-1, 2.5]}),
        "count_parameters": E(C(_tiny()), hyper={"model": ["net"]}),
        "on_meta": E(C(m.lenet5), hyper={"build": ["lenet5"]}),
        "conv_multiplications": E(C((8, 28, 28), 5, 3),
                                  hyper={"out_shape": [(8, 28), (0, 2, 2)], "kernel": [0, (3,)],
                                         "in_channels": BAD_INT, "groups": [0, 2]}),
    }


def _resnet_sweep():
    from dlnotes.torch import classic_networks_resnet as m

    return {
        "BasicBlock": E(lambda d: C(tn(d, 2, 4, 6, 6),
                                    fn=m.BasicBlock(4, 8, stride=2).double().to(d)),
                        skip=LAYER_ERRORS, arrays=("a",),
                        extra=[X("stride 0", C(4, 8, 0), "stride"),
                               X("channels 0", C(4, 0), "channels")]),
        "Bottleneck": E(lambda d: C(tn(d, 2, 4, 6, 6), fn=m.Bottleneck(4, 2).double().to(d)),
                        skip=LAYER_ERRORS, arrays=("a",),
                        extra=[X("stride 0", C(4, 2, 0), "stride")]),
        "ResNet": E(C(m.BasicBlock, [1, 1, 1, 1], num_classes=3, width=4, stem="small"),
                    hyper={"layers": [[1, 0, 1, 1]], "num_classes": BAD_INT,
                           "width": BAD_INT, "stem": ["tiny"], "block": [torch.nn.Linear]}),
        "resnet18": E(C(3, width=4), hyper={"num_classes": BAD_INT}),
        "resnet34": E(C(3, width=4), hyper={"num_classes": BAD_INT}),
        "resnet50": E(C(3, width=4), hyper={"num_classes": BAD_INT}),
    }


def _experiment_sweep():
    return {
        "ten_crop": E(lambda d: C(_img(d), 6), arrays=("x",), hyper={"size": [0, 9, (6,), 2.5]}),
        "multi_crop_predict": E(lambda d: C(_tiny().to(d).eval(), tn(d, 2, 1, 10, 10), 8),
                                skip=LAYER_ERRORS, arrays=("x",), hyper={"size": [0, 11]}),
        "ensemble_predict": E(lambda d: C([_tiny().to(d), _tiny().to(d)], _img(d)),
                              skip=LAYER_ERRORS, arrays=("x",),
                              hyper={"models": [[]]}),
        "digits_split": E(C(0.3), hyper={"test_size": [0.0, 1.0, NAN], "pad": [-1, 2.5]}),
        "random_crop_flip": E(lambda d: C(_img(d), 6,
                                          generator=torch.Generator().manual_seed(0)),
                              arrays=("x",), hyper={"size": [0, 9, 2.5]}),
    }


SWEEP = {
    "torch.classic_networks": _networks_sweep,
    "torch.classic_networks_counting": _counting_sweep,
    "torch.classic_networks_resnet": _resnet_sweep,
    "torch.classic_networks_experiment": _experiment_sweep,
}


@pytest.mark.api
@pytest.mark.parametrize("module", list(SWEEP))
def test_sweep_torch(module, device):
    sweep_module(module, SWEEP[module], device)
