import torch

from dlnotes.torch import object_detection as od

torch.manual_seed(0)
clf = od.course_classifier(n_classes=4).double()  # 14 x 14 x 3 -> 4
conv = od.fc_to_conv(clf)  # the same weights, FC layers as convolutions
print(conv[3], "<- FC 400 as a 5 x 5 convolution")

x = torch.randn(1, 3, 14, 14, dtype=torch.float64)
print("14 x 14:", tuple(conv(x).shape), "same logits:",
      torch.allclose(conv(x).flatten(), clf(x).flatten(), atol=1e-13))

with torch.no_grad():
    for n in (16, 28):
        image = torch.randn(1, 3, n, n, dtype=torch.float64)
        crops = od.sliding_window_crops(clf, image, window=14, stride=2)
        once = conv(image)
        diff = (crops - once).abs().max().item()
        print(f"{n} x {n}: output {tuple(once.shape[1:])}, "
              f"equal to every crop (< 1e-12): {diff < 1e-12}")

# multiply-adds on a 64 x 64 image: the crops repeat the first convolution
# wherever they overlap; the FC-as-conv layers still work at every position
per_crop = 10 * 10 * 16 * 75 + 400 * 400 + 400 * 400 + 400 * 4
shared = 60 * 60 * 16 * 75 + 26 * 26 * (400 * 400 + 400 * 400 + 400 * 4)
print(f"multiply-adds: crops {676 * per_crop / 1e6:.1f} M, "
      f"one pass {shared / 1e6:.1f} M")

