import numpy as np
import torch

from dlnotes.numpy import style_transfer as nst
from dlnotes.torch import style_transfer as tst

extractor = tst.FeatureExtractor(tst.small_cnn(), tst.SMALL_LAYERS)
checks = [
    lambda: nst.content_cost(np.zeros((8, 8, 3)), np.zeros((4, 4, 3))),
    lambda: nst.style_cost([np.zeros((8, 8, 3))], [np.zeros((8, 8, 3))],
                           weights=[0.5, 0.5]),
    lambda: tst.transfer_style(
        extractor, torch.rand(1, 3, 64, 64), torch.rand(1, 3, 32, 32),
        content_layer="relu2", style_weights={"relu1": 1.0}),
]
for call in checks:
    try:
        call()
    except ValueError as err:
        print(f"ValueError: {err}")
