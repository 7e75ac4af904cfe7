import numpy as np
import torch

from dlnotes.numpy import object_detection_experiment as odx
from dlnotes.torch import object_detection_experiment as todx

images, labels = odx.make_shapes(4, seed=0)
print(images.shape, "| image 0:",
      [odx.CLASSES[c] for c in labels[0][1]])

# a few steps only, to show the moving parts (the real run is below)
result = todx.train_detector(n_train=16, n_test=4, epochs=3, batch_size=8,
                             seed=0)
print("loss per epoch:", np.round(result["losses"], 1))
pred = result["model"](torch.zeros(1, 3, 64, 64))
print("output:", tuple(pred.shape), "= (m, S, S, A, 5 + C)")
