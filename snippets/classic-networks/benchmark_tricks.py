import torch
from torch import nn

from dlnotes.torch import classic_networks_experiment as cne
from dlnotes.torch.training import accuracy, single_thread, train_classifier

# 8x8 digits with a one-pixel border of background: 10x10 images;
# the networks see 8x8 crops
x_train, y_train, x_test, y_test = cne.digits_split(0.5, seed=0, pad=1)


def small_cnn(seed):
    torch.manual_seed(seed)
    return nn.Sequential(
        # 8x8x8 -> 4x4x8
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        # 4x4x16 -> 2x2x16
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64, 10))


models = []
# three networks, trained independently on random crops + flips
for seed in range(3):
    model = small_cnn(seed)
    train_classifier(
        model, x_train, y_train, epochs=8, lr=0.02, batch_size=64, seed=seed,
        augment=lambda b, g: cne.random_crop_flip(b, 8, generator=g),
        curves=False)
    models.append(model.eval())

center = x_test[..., 1:9, 1:9]
# tiny tensors: one CPU thread is fastest
with torch.no_grad(), single_thread():
    for k, model in enumerate(models):
        one = accuracy(model(center), y_test)
        ten = accuracy(cne.multi_crop_predict(model, x_test, 8), y_test)
        print(f"network {k}: centre crop {one:.3f}, "
              f"10 crops {ten:.3f} ({ten - one:+.3f})")
    ens = accuracy(cne.ensemble_predict(models, center), y_test)
    crops = [cne.multi_crop_predict(m, x_test, 8) for m in models]
    both = sum(crops) / len(models)
    mean = sum(accuracy(m(center), y_test) for m in models) / len(models)
    print(f"ensemble of 3, centre crop: {ens:.3f} "
          f"({ens - mean:+.3f} over the mean network)")
    print(f"ensemble of 3, 10 crops:    {accuracy(both, y_test):.3f}")
