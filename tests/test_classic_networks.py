"""Classic networks: parameter counts against published numbers and hand arithmetic, the
layer table against real forward passes, every block against a functional re-implementation
with the same weights (F.conv2d, F.batch_norm, ...), the notes' claims (identity residual
block, the 1x1 bottleneck's saving), the crop/ensemble helpers against plain loops.

torchvision is not importable beside this torch build, so its models are represented by the
parameter counts published on its model cards.

Then the property tests (hypothesis) of the chapter's public API (tests/properties_support.py);
its bad-input sweep is in test_classic_networks_bad_input.py."""

import math
import time

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, PROP, close, covers, seeds
from torch import nn
from torch.nn import functional as F

from dlnotes.torch import classic_networks as cn
from dlnotes.torch import classic_networks_counting as cnc
from dlnotes.torch import classic_networks_experiment as cne
from dlnotes.torch import classic_networks_resnet as cnr
from dlnotes.torch import training

# --- parameter counts ------------------------------------------------------------------------


def _conv(k, c_in, c_out, groups=1, bias=True):
    """Hand arithmetic: weights k*k*c_in/groups*c_out, plus one bias per filter."""
    return k * k * (c_in // groups) * c_out + (c_out if bias else 0)


def _fc(n_in, n_out):
    return n_in * n_out + n_out


def test_lenet5_has_the_courses_61706_parameters():
    expected = (_conv(5, 1, 6) + _conv(5, 6, 16) + _fc(400, 120) + _fc(120, 84) + _fc(84, 10))
    assert expected == 61_706
    assert cnc.count_parameters(cn.lenet5()) == expected


def test_alexnet_paper_count_by_hand():
    expected = (_conv(11, 3, 96) + _conv(5, 96, 256, groups=2) + _conv(3, 256, 384)
                + _conv(3, 384, 384, groups=2) + _conv(3, 384, 256, groups=2)
                + _fc(9216, 4096) + _fc(4096, 4096) + _fc(4096, 1000))
    assert cnc.count_parameters(cnc.on_meta(cn.alexnet, variant="paper")) == expected == 60_965_224


def test_vgg16_count_by_hand():
    convs = [(3, 64), (64, 64), (64, 128), (128, 128), (128, 256), (256, 256), (256, 256),
             (256, 512), (512, 512), (512, 512), (512, 512), (512, 512), (512, 512)]
    expected = sum(_conv(3, a, b) for a, b in convs) + _fc(25088, 4096) + _fc(4096, 4096) \
        + _fc(4096, 1000)
    assert cnc.count_parameters(cnc.on_meta(cn.vgg16)) == expected


@pytest.mark.parametrize("name", sorted(cnc.PUBLISHED_PARAMETERS))
def test_builders_match_torchvisions_published_counts(name):
    model = cnc.on_meta(getattr(cnr if name.startswith("resnet") else cn, name))
    assert all(p.is_meta for p in model.parameters())
    assert cnc.count_parameters(model) == cnc.PUBLISHED_PARAMETERS[name]
    # published numbers, typed in here independently of the module's table
    assert cnc.PUBLISHED_PARAMETERS[name] == {
        "alexnet": 61100840, "vgg16": 138357544, "resnet18": 11689512, "resnet34": 21797672,
        "resnet50": 25557032, "densenet121": 7978856}[name]


def test_num_classes_changes_only_the_last_layer():
    n = cnc.count_parameters(cnc.on_meta(cnr.resnet18, num_classes=10))
    assert n == 11_689_512 - _fc(512, 1000) + _fc(512, 10)


# --- the layer table -------------------------------------------------------------------------

def _real_shapes(model, x):
    """Oracle: output shapes of the leaf modules in a real forward pass (forward hooks)."""
    shapes = []
    hooks = [m.register_forward_hook(lambda m, a, o: shapes.append(tuple(o.shape[1:])))
             for m in model.modules() if not list(m.children())]
    with torch.no_grad():
        model.eval()(x)
    for h in hooks:
        h.remove()
    return shapes


@pytest.mark.parametrize("build,shape", [
    (cn.lenet5, (2, 1, 32, 32)),
    (lambda: cnr.ResNet(cnr.BasicBlock, (2, 2, 2, 2), num_classes=7, width=8), (1, 3, 64, 64)),
    (lambda: cnr.ResNet(cnr.Bottleneck, (1, 1), width=4, stem="small"), (2, 3, 9, 9)),
    (lambda: cn.DenseBlock(3, 5, 4), (1, 5, 6, 6)),
])
def test_layer_table_matches_a_real_forward_pass(build, shape, device):
    torch.manual_seed(0)
    model = build().to(device)
    table = cnc.layer_table(model, shape)
    rows = [r for r in table.rows if r.name not in ("input", "output")]
    assert [r.shape for r in rows] == _real_shapes(model, torch.randn(shape, device=device))
    assert all(r.size == math.prod(r.shape) for r in table.rows)
    assert sum(r.params for r in table.rows) == table.total_params == cnc.count_parameters(model)
    assert all(p.device.type == torch.device(device).type for p in model.parameters())


def test_lenet5_table_is_the_courses_table():
    table = cnc.layer_table(cn.lenet5(), (1, 1, 32, 32))
    assert [(r.shape, r.params) for r in table.rows] == [
        ((1, 32, 32), 0), ((6, 28, 28), 156), ((6, 28, 28), 0), ((6, 14, 14), 0),
        ((16, 10, 10), 2416), ((16, 10, 10), 0), ((16, 5, 5), 0), ((400,), 0),
        ((120,), 48120), ((120,), 0), ((84,), 10164), ((84,), 0), ((10,), 850)]
    # multiplications: out_H*out_W*out_C * f*f*in_C for convs, in*out for FC layers
    assert table.rows[1].mults == 28 * 28 * 6 * 5 * 5 * 1 == cnc.conv_multiplications(
        (6, 28, 28), 5, 1)
    assert table.rows[4].mults == 10 * 10 * 16 * 5 * 5 * 6
    assert table.rows[8].mults == 400 * 120


def test_course_nn_example_table_with_corrected_counts():
    """The course's "NN example": activation sizes 3072, 6272, 1568, 1600, 400, 120, 84, 10;
    parameters by (1): 5*5*3*8 + 8 = 608 and 5*5*8*16 + 16 = 3216 (the slide's 208 and 416
    leave out a factor), then 48120, 10164, 850 with one bias per unit."""
    table = cnc.layer_table(cn.nn_example(), (1, 3, 32, 32))
    rows = [r for r in table.rows if r.kind in ("", "Conv2d", "MaxPool2d", "Linear")]
    assert [r.size for r in rows] == [3072, 6272, 1568, 1600, 400, 120, 84, 10]
    assert [r.params for r in rows] == [0, _conv(5, 3, 8), 0, _conv(5, 8, 16), 0,
                                        _fc(400, 120), _fc(120, 84), _fc(84, 10)]
    assert [r.params for r in rows if r.params] == [608, 3216, 48120, 10164, 850]


def test_vgg16_activation_shapes_halve_per_stage():
    table = cnc.layer_table(cnc.on_meta(cn.vgg16), (1, 3, 224, 224))
    pools = [r.shape for r in table.rows if r.kind == "MaxPool2d"]
    assert pools == [(64, 112, 112), (128, 56, 56), (256, 28, 28), (512, 14, 14), (512, 7, 7)]
    assert table.rows[-1].shape == (1000,)
    assert table.total_mults == 15_470_264_320  # the well-known ~15.5 G multiply-adds


def test_layer_table_depth_groups_blocks_and_leaves_model_untouched():
    torch.manual_seed(0)
    model = cnr.resnet18()
    model.train()
    before = model.fc.weight.clone()
    table = cnc.layer_table(model, (1, 3, 224, 224), depth=1)
    assert [r.name for r in table.rows] == ["input", "stem", "stages", "pool", "fc"]
    table2 = cnc.layer_table(model, (1, 3, 224, 224), depth=2)
    assert [r.shape for r in table2.rows if r.name.startswith("stages.")] == [
        (64, 56, 56), (128, 28, 28), (256, 14, 14), (512, 7, 7)]
    assert table.total_mults == table2.total_mults == 1_814_073_344
    assert model.training and torch.equal(model.fc.weight, before)
    assert not model.fc.weight.is_meta
    assert "11,689,512" in str(table)


def test_layer_table_counts_a_module_called_twice_once():
    lin = nn.Linear(4, 4)

    class Twice(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = lin

        def forward(self, x):
            return self.lin(self.lin(x))

    table = cnc.layer_table(Twice(), (3, 4))
    assert [r.params for r in table.rows] == [0, 20, 0]
    assert table.total_params == 20


# --- blocks against functional oracles -------------------------------------------------------

def _bn(x, bn):
    return F.batch_norm(x, bn.running_mean, bn.running_var, bn.weight, bn.bias, False, 0.0,
                        bn.eps)


def _randomize(model, seed=0):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for t in [*model.parameters(), *model.buffers()]:
            if t.is_floating_point():
                t.copy_(torch.rand(t.shape, generator=g, dtype=t.dtype) + 0.5)
    return model


@pytest.mark.parametrize("stride,c_in,c", [(1, 8, 8), (2, 8, 16)])
def test_basic_block_matches_functional_oracle(stride, c_in, c, device):
    block = _randomize(cnr.BasicBlock(c_in, c, stride)).double().to(device).eval()
    x = torch.randn(2, c_in, 7, 7, dtype=torch.float64, device=device)
    z = _bn(F.conv2d(x, block.conv1.weight, stride=stride, padding=1), block.bn1).relu()
    z = _bn(F.conv2d(z, block.conv2.weight, padding=1), block.bn2)
    if stride == 1 and c_in == c:
        short = x
    else:
        short = _bn(F.conv2d(x, block.downsample[0].weight, stride=stride), block.downsample[1])
    torch.testing.assert_close(block(x), (z + short).relu())


def test_bottleneck_matches_functional_oracle(device):
    block = _randomize(cnr.Bottleneck(8, 4, 2)).double().to(device).eval()
    x = torch.randn(2, 8, 7, 7, dtype=torch.float64, device=device)
    z = _bn(F.conv2d(x, block.conv1.weight), block.bn1).relu()
    z = _bn(F.conv2d(z, block.conv2.weight, stride=2, padding=1), block.bn2).relu()
    z = _bn(F.conv2d(z, block.conv3.weight), block.bn3)
    short = _bn(F.conv2d(x, block.downsample[0].weight, stride=2), block.downsample[1])
    out = block(x)
    assert out.shape == (2, 16, 4, 4)
    torch.testing.assert_close(out, (z + short).relu())


@pytest.mark.parametrize("block_type", [cnr.BasicBlock, cnr.Bottleneck])
@pytest.mark.parametrize("mode", ["train", "eval"])
def test_residual_block_with_zero_last_layer_is_the_identity(block_type, mode, device):
    """The notes' claim: W = 0 and b = 0 in the block's last layer give a = g(0 + a) = a for
    a non-negative (post-ReLU) input a; here the last layer is batch norm (gamma, beta)."""
    torch.manual_seed(0)
    c = 16
    block = block_type(c, c // block_type.expansion).to(device)
    block.train(mode == "train")
    with torch.no_grad():
        block.last_bn.weight.zero_()
        block.last_bn.bias.zero_()
    a = torch.randn(4, c, 6, 6, device=device)
    assert torch.equal(block(a.relu()), a.relu())
    assert not torch.equal(block(a), a)  # a negative input is clipped by the final ReLU


def test_zero_init_residual_makes_every_block_start_as_the_identity(device):
    torch.manual_seed(0)
    model = cnr.ResNet(cnr.BasicBlock, (2, 2), width=8, stem="small",
                      zero_init_residual=True).to(device).eval()
    a = torch.randn(2, 8, 6, 6, device=device).relu()
    block = model.stages[0][1]
    assert torch.equal(block(a), a)


def test_notes_formula_residual_without_batch_norm(device):
    """a[l+2] = g(W a[l+1] + b + a[l]) with W = 0, b = 0 is a[l] for a[l] >= 0 (as written)."""
    torch.manual_seed(0)
    a_l = torch.rand(5, 3, device=device)
    a_l1 = torch.randn(5, 4, device=device)
    layer = nn.Linear(4, 3).to(device)
    nn.init.zeros_(layer.weight)
    nn.init.zeros_(layer.bias)
    assert torch.equal(torch.relu(layer(a_l1) + a_l), a_l)


def test_dense_block_concatenates_and_matches_functional_oracle(device):
    block = _randomize(cn.DenseBlock(3, 4, growth_rate=5, bn_size=2)).double().to(device).eval()
    x = torch.randn(2, 4, 5, 5, dtype=torch.float64, device=device)
    out = block(x)
    assert out.shape == (2, 4 + 3 * 5, 5, 5) and block.out_channels == 19
    assert torch.equal(out[:, :4], x)  # the input is passed on unchanged
    features = [x]
    for layer in block.layers:
        h = torch.cat(features, 1)
        h = F.conv2d(_bn(h, layer.norm1).relu(), layer.conv1.weight)
        features.append(F.conv2d(_bn(h, layer.norm2).relu(), layer.conv2.weight, padding=1))
    torch.testing.assert_close(out, torch.cat(features, 1))


def test_transition_matches_functional_oracle(device):
    t = _randomize(cn.Transition(6, 3)).double().to(device).eval()
    x = torch.randn(2, 6, 8, 8, dtype=torch.float64, device=device)
    ref = F.avg_pool2d(F.conv2d(_bn(x, t.norm).relu(), t.conv.weight), 2)
    torch.testing.assert_close(t(x), ref)
    assert t(x).shape == (2, 3, 4, 4)


def test_inception_module_matches_functional_oracle(device):
    torch.manual_seed(0)
    m = cn.InceptionModule(6, 2, 3, 4, 2, 3, 2).double().to(device)
    x = torch.randn(2, 6, 7, 7, dtype=torch.float64, device=device)

    def conv(x, c, **kw):
        return F.conv2d(x, c.weight, c.bias, **kw).relu()

    ref = torch.cat([
        conv(x, m.branch1[0]),
        conv(conv(x, m.branch3[0]), m.branch3[2], padding=1),
        conv(conv(x, m.branch5[0]), m.branch5[2], padding=2),
        conv(F.max_pool2d(x, 3, 1, 1), m.branch_pool[1]),
    ], 1)
    torch.testing.assert_close(m(x), ref)
    assert m.out_channels == 2 + 4 + 3 + 2


def test_inception_3a_matches_the_googlenet_paper_table():
    """Szegedy et al. (2015), Table 1, inception (3a): 256 channels at 28x28, 159K weights
    (K = 1024), 128M operations."""
    m = cn.InceptionModule(192, 64, 96, 128, 16, 32, 32)
    table = cnc.layer_table(m, (1, 192, 28, 28))
    assert table.rows[-1].name == "output" and table.rows[-1].shape == (256, 28, 28)
    weights = sum(p.numel() for n, p in m.named_parameters() if n.endswith("weight"))
    assert round(weights / 1024) == 160 and math.floor(weights / 1024) == 159
    assert round(table.total_mults / 1e6) == 128


def test_notes_inception_example_bottleneck_saving():
    """28x28x192 -> 28x28x32 with 5x5 filters: 120M multiplications directly, 12.4M through a
    1x1 bottleneck of 16 channels (counted from real modules and by the formula)."""
    direct = nn.Conv2d(192, 32, 5, padding=2)
    bottleneck = nn.Sequential(nn.Conv2d(192, 16, 1), nn.Conv2d(16, 32, 5, padding=2))
    d = cnc.layer_table(direct, (1, 192, 28, 28)).total_mults
    b = cnc.layer_table(bottleneck, (1, 192, 28, 28)).total_mults
    assert d == 28 * 28 * 32 * 5 * 5 * 192 == 120_422_400
    assert b == 28 * 28 * 16 * 192 + 28 * 28 * 32 * 5 * 5 * 16 == 12_443_648
    assert cnc.conv_multiplications((16, 28, 28), 1, 192) == 2_408_448


def test_one_by_one_convolution_is_a_linear_layer_per_pixel(device):
    torch.manual_seed(0)
    conv = nn.Conv2d(6, 3, 1).double().to(device)
    lin = nn.Linear(6, 3).double().to(device)
    with torch.no_grad():
        lin.weight.copy_(conv.weight[:, :, 0, 0])
        lin.bias.copy_(conv.bias)
    x = torch.randn(2, 6, 5, 4, dtype=torch.float64, device=device)
    ref = lin(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
    torch.testing.assert_close(conv(x), ref)


def test_alexnet_and_vgg_shapes():
    vgg = cnc.layer_table(cnc.on_meta(cn.vgg16, num_classes=3), (1, 3, 32, 32))
    assert [r.shape for r in vgg.rows if r.kind == "AdaptiveAvgPool2d"] == [(512, 7, 7)]
    table = cnc.layer_table(cnc.on_meta(cn.alexnet), (1, 3, 224, 224))
    assert [r.shape for r in table.rows if r.kind == "MaxPool2d"] == [
        (64, 27, 27), (192, 13, 13), (256, 6, 6)]
    paper = cnc.layer_table(cnc.on_meta(cn.alexnet, variant="paper"), (1, 3, 227, 227))
    assert paper.rows[1].shape == (96, 55, 55)


# --- multi-crop and ensembles ----------------------------------------------------------------

def _ten_crop_loop(img, h, w):
    """Plain-loop reference of torchvision's ten_crop on one image (C, H, W)."""
    H, W = img.shape[-2:]
    top, left = int(round((H - h) / 2)), int(round((W - w) / 2))
    out = []
    for im in (img, img.flip(-1)):
        for i, j in [(0, 0), (0, W - w), (H - h, 0), (H - h, W - w), (top, left)]:
            out.append(im[:, i:i + h, j:j + w])
    return out


@pytest.mark.parametrize("size", [3, (4, 2), (5, 6)])
def test_ten_crop_matches_a_plain_loop(size, device):
    x = torch.randn(3, 2, 5, 6, device=device)
    crops = cne.ten_crop(x, size)
    h, w = (size, size) if isinstance(size, int) else size
    assert crops.shape == (10, 3, 2, h, w)
    for n in range(3):
        for k, ref in enumerate(_ten_crop_loop(x[n], h, w)):
            assert torch.equal(crops[k, n], ref)


def test_multi_crop_and_ensemble_average_probabilities(device):
    torch.manual_seed(0)
    models = [nn.Sequential(nn.Flatten(), nn.Linear(12, 4)).to(device) for _ in range(3)]
    x = torch.randn(5, 1, 4, 5, device=device)
    with torch.no_grad():
        p = cne.multi_crop_predict(models[0], x, (3, 4))
        ref = torch.zeros(5, 4, device=device)
        for n in range(5):
            for crop in _ten_crop_loop(x[n], 3, 4):
                ref[n] += torch.softmax(models[0](crop[None]), -1)[0] / 10
        torch.testing.assert_close(p, ref)
        e = cne.ensemble_predict(models, x[..., :3, :4])
        ref = sum(torch.softmax(m(x[..., :3, :4]), -1) for m in models) / 3
        torch.testing.assert_close(e, ref)
        torch.testing.assert_close(e.sum(-1), torch.ones(5, device=device))


def test_random_crop_flip_matches_a_plain_loop(device):
    x = torch.randn(6, 2, 5, 5, device=device)
    out = cne.random_crop_flip(x, 3, generator=torch.Generator().manual_seed(1))
    g = torch.Generator().manual_seed(1)
    top, left = torch.randint(0, 3, (6,), generator=g), torch.randint(0, 3, (6,), generator=g)
    mirror = torch.rand(6, generator=g) < 0.5
    for n in range(6):
        ref = x[n, :, top[n]:top[n] + 3, left[n]:left[n] + 3]
        assert torch.equal(out[n], ref.flip(-1) if mirror[n] else ref)


def test_digits_split_shapes_and_range():
    xtr, ytr, xte, yte = cne.digits_split(test_size=0.25, seed=0, pad=1)
    assert xtr.shape[1:] == (1, 10, 10) and len(xtr) + len(xte) == 1797
    assert xtr.dtype == torch.float32 and ytr.dtype == torch.int64
    assert 0 <= xtr.min() and xtr.max() <= 1 and xtr[..., 0, :].abs().sum() == 0
    assert set(yte.tolist()) == set(range(10))
    counts = torch.bincount(yte) / (torch.bincount(ytr) + torch.bincount(yte))
    assert ((counts - 0.25).abs() < 0.01).all()  # stratified


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("call,exc,arg", [
    (lambda: cnc.layer_table("lenet", (1, 1, 32, 32)), TypeError, "model"),
    (lambda: cnc.layer_table(cn.lenet5(), (32,)), ValueError, "input_shape"),
    (lambda: cnc.layer_table(cn.lenet5(), (1, 1, 0, 32)), ValueError, "input_shape[2]"),
    (lambda: cnc.layer_table(cn.lenet5(), (1, 1, 28, 28)), ValueError, "input_shape"),
    (lambda: cnc.layer_table(cn.lenet5(), (1, 3, 32, 32)), ValueError, "input_shape"),
    (lambda: cnc.layer_table(cn.lenet5(), (1, 1, 32, 32), depth=0), ValueError, "depth"),
    (lambda: cn.lenet5(num_classes=0), ValueError, "num_classes"),
    (lambda: cn.nn_example(num_classes=-2), ValueError, "num_classes"),
    (lambda: cn.lenet5(activation="gelu"), ValueError, "activation"),
    (lambda: cn.lenet5(in_channels=1.5), TypeError, "in_channels"),
    (lambda: cn.alexnet(variant="v2"), ValueError, "variant"),
    (lambda: cnr.ResNet(cnr.BasicBlock, ()), ValueError, "layers"),
    (lambda: cnr.ResNet(cnr.BasicBlock, (2, 0)), ValueError, "layers[1]"),
    (lambda: cnr.ResNet(cnr.BasicBlock, (2,), stem="cifar"), ValueError, "stem"),
    (lambda: cnr.ResNet(nn.Linear, (2,)), TypeError, "block"),
    (lambda: cnr.BasicBlock(8, 8, stride=0), ValueError, "stride"),
    (lambda: cn.DenseBlock(0, 4, 2), ValueError, "num_layers"),
    (lambda: cn.InceptionModule(192, 64, 96, 128, 16, 32, 0), ValueError, "pool_proj"),
    (lambda: cnc.conv_multiplications((32, 28), 5, 192), ValueError, "out_shape"),
    (lambda: cnc.conv_multiplications((32, 28, 28), 5, 6, groups=4), ValueError, "groups"),
    (lambda: cne.ten_crop(torch.zeros(3, 8, 8), 4), ValueError, "x"),
    (lambda: cne.ten_crop(torch.zeros(1, 3, 8, 8), 9), ValueError, "size"),
    (lambda: cne.ten_crop(torch.zeros(1, 3, 8, 8, dtype=torch.int64), 4), TypeError, "x"),
    (lambda: cne.ten_crop(torch.zeros(1, 3, 8, 8), (4, 4, 4)), ValueError, "size"),
    (lambda: cne.multi_crop_predict(None, torch.zeros(1, 3, 8, 8), 4), TypeError, "model"),
    (lambda: cne.ensemble_predict([], torch.zeros(1, 3)), ValueError, "models"),
    (lambda: cne.ensemble_predict([nn.Identity(), 3], torch.zeros(1, 3)), TypeError,
     "models[1]"),
    (lambda: cne.digits_split(test_size=1.5), ValueError, "test_size"),
    (lambda: cne.digits_split(pad=-1), ValueError, "pad"),
])
def test_bad_input_is_rejected_by_name(call, exc, arg):
    with pytest.raises(exc, match=rf"^{__import__('re').escape(arg)} must|^{arg} "):
        call()


def test_shape_error_names_the_layer():
    with pytest.raises(ValueError, match=r"at layer '7' \(Linear\)"):
        cnc.layer_table(cn.lenet5(), (1, 1, 28, 28))


# --- slow: the benchmarking tricks and LeNet-5 trained on real data --------------------------

def _small_cnn(seed, width=8):
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Conv2d(1, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(2 * width * 4, 10))


@pytest.mark.slow
def test_ensembling_and_ten_crop_improve_test_accuracy(device):
    xtr, ytr, xte, yte = (t.to(device) for t in cne.digits_split(test_size=0.5, seed=0, pad=1))
    models = []
    for s in range(5):
        m = _small_cnn(s).to(device)
        training.train_classifier(m, xtr, ytr, epochs=10, lr=0.02, batch_size=32, seed=s,
                            augment=lambda b, g: cne.random_crop_flip(b, 8, generator=g))
        models.append(m.eval())
    center = xte[..., 1:9, 1:9]
    with torch.no_grad():
        single = [training.accuracy(m(center), yte) for m in models]
        crops = [training.accuracy(cne.multi_crop_predict(m, xte, 8), yte) for m in models]
        ens = training.accuracy(cne.ensemble_predict(models, center), yte)
    mean = sum(single) / len(single)
    assert ens > mean + 0.01
    assert sum(crops) / len(crops) > mean


@pytest.mark.slow
def test_lenet5_reaches_97_percent_on_digits_within_a_minute(device):
    xtr, ytr, xte, yte = (t.to(device) for t in cne.digits_split(test_size=0.25, seed=0))
    torch.manual_seed(0)
    # the course's LeNet-5 unchanged; the 8x8 images are upsampled to its 32x32 input
    model = nn.Sequential(nn.Upsample(size=32, mode="bilinear"), cn.lenet5()).to(device)
    start = time.perf_counter()
    history = training.train_classifier(model, xtr, ytr, epochs=12, lr=5e-3, lr_decay=0.8,
                                  batch_size=32, seed=0, x_val=xte, y_val=yte)
    assert time.perf_counter() - start < 60
    assert history["val_acc"][-1] >= 0.97


# --------------------------------------------------- property tests (tests/properties_support.py)


@PROP
@given(seed=seeds, c_in=st.integers(1, 4), c_out=st.integers(1, 4), k=st.integers(1, 3),
       hw=st.integers(4, 7), crop=st.integers(1, 4), groups=st.sampled_from([1, 2]))
@covers("torch.classic_networks_counting.count_parameters",
        "torch.classic_networks_counting.conv_multiplications",
        "torch.classic_networks_experiment.ten_crop", "torch.classic_networks_counting.on_meta")
def test_counts_and_crops(device, seed, c_in, c_out, k, hw, crop, groups):
    c_in, c_out = c_in * groups, c_out * groups
    conv = torch.nn.Conv2d(c_in, c_out, k, groups=groups)
    assert cnc.count_parameters(conv) == sum(p.numel() for p in conv.parameters())
    meta = cnc.on_meta(torch.nn.Conv2d, c_in, c_out, k, groups=groups)
    assert cnc.count_parameters(meta) == cnc.count_parameters(conv)
    out = conv(torch.randn(1, c_in, hw, hw))
    n = cnc.conv_multiplications(tuple(out.shape[1:]), k, c_in, groups)
    assert n == out[0].numel() * k * k * c_in // groups
    torch.manual_seed(seed)
    x = torch.randn(2, 3, hw, hw, dtype=torch.float64, device=device)
    crops = cne.ten_crop(x, crop)  # (10, N, C, crop, crop): torchvision's order
    assert crops.shape == (10, 2, 3, crop, crop)
    flipped = x.flip(-1)
    for i, img in ((0, x), (5, flipped)):
        close(crops[i], img[:, :, :crop, :crop])                  # top-left
        close(crops[i + 1], img[:, :, :crop, hw - crop:])         # top-right
        close(crops[i + 2], img[:, :, hw - crop:, :crop])         # bottom-left
        close(crops[i + 3], img[:, :, hw - crop:, hw - crop:])    # bottom-right


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "torch.classic_networks.nn_example",
    "torch.classic_networks.lenet5",
    "torch.classic_networks.alexnet",
    "torch.classic_networks.vgg16",
    "torch.classic_networks.DenseLayer",
    "torch.classic_networks.DenseBlock",
    "torch.classic_networks.Transition",
    "torch.classic_networks.densenet121",
    "torch.classic_networks.InceptionModule",
    "torch.classic_networks_counting.LayerRow",
    "torch.classic_networks_counting.LayerTable",
    "torch.classic_networks_counting.layer_table",
    "torch.classic_networks_resnet.BasicBlock",
    "torch.classic_networks_resnet.Bottleneck",
    "torch.classic_networks_resnet.ResNet",
    "torch.classic_networks_resnet.resnet18",
    "torch.classic_networks_resnet.resnet34",
    "torch.classic_networks_resnet.resnet50",
    "torch.classic_networks_experiment.multi_crop_predict",
    "torch.classic_networks_experiment.ensemble_predict",
    "torch.classic_networks_experiment.digits_split",
    "torch.classic_networks_experiment.random_crop_flip",
], CHAPTER_TESTS)
