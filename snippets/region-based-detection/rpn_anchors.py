import numpy as np

from dlnotes.numpy import object_detection as od

# 3 scales x 3 aspect ratios at every position of a stride-16 feature map
base = od.generate_anchors((1, 1), stride=16, scales=(128, 256, 512),
                           ratios=(0.5, 1.0, 2.0))
w, h = base[:, 2] - base[:, 0], base[:, 3] - base[:, 1]
for (ww, hh) in zip(w, h, strict=True):
    print(f"w {ww:6.1f}  h {hh:6.1f}  h/w {hh / ww:.1f}  "
          f"sqrt(area) {np.sqrt(ww * hh):.0f}")

# a 600 x 800 image gives a 38 x 50 feature map (VGG-16, stride 16)
anchors = od.generate_anchors((38, 50), stride=16)
print("anchors:", anchors.shape[0], "=", 38 * 50, "positions x 9")
