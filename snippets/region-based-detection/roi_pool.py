import numpy as np
import torch

from dlnotes.numpy import object_detection as od
from dlnotes.torch import object_detection as tod

# one 8 x 8 feature map with one channel (NHWC), values 0..63
features = np.arange(64.0).reshape(1, 8, 8, 1)
# two proposals in image pixels; the backbone has stride 4 (scale 1/4)
rois = np.array([[0, 0, 0, 31, 31],     # the whole image
                 [0, 8, 12, 27, 19]])   # a wide region
pooled = od.roi_pool(features, rois, output_size=(2, 2), spatial_scale=0.25)
print(pooled.shape)  # (regions, 2, 2, channels): a fixed size for the FC layers
print(pooled[..., 0])

same = tod.roi_pool(torch.tensor(features).permute(0, 3, 1, 2),
                    torch.tensor(rois, dtype=torch.float64), (2, 2), 0.25)
print("torch (NCHW) agrees:",
      np.array_equal(same.numpy()[:, 0], pooled[..., 0]))
