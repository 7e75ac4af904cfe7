import tempfile
from pathlib import Path

import torch

from dlnotes.torch import style_transfer as tst

print("VGG-19 layers used by Gatys et al.:",
      {n: tst.VGG19_LAYERS[n] for n in ("conv1_1", "conv4_2", "conv5_1")})

# With real weights: torch.save(torchvision.models.vgg19(weights="DEFAULT")
# .state_dict(), "vgg19.pth") once, then load_vgg19_features("vgg19.pth").
# Here: a narrow VGG-19 with random weights, saved and loaded the same way.
torch.manual_seed(0)
tiny = tst.vgg19_features(widths=[4] * 4 + [8] * 12)
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "vgg19.pth"
    torch.save({f"features.{k}": v for k, v in tiny.state_dict().items()}, path)
    features = tst.load_vgg19_features(path)
extractor = tst.FeatureExtractor(
    features, {n: tst.VGG19_LAYERS[n] for n in ("relu1_1", "relu4_2")})
acts = extractor(torch.rand(1, 3, 64, 64))
print({name: tuple(a.shape) for name, a in acts.items()})
