import numpy as np
import torch

from dlnotes.numpy import transfer_multitask as mt
from dlnotes.torch import transfer_multitask as tm

checks = [
    lambda: mt.masked_bce_with_logits(np.zeros((4, 3)), np.zeros((3, 4))),
    lambda: mt.masked_bce_with_logits(np.zeros((4, 3)), np.full((4, 3), 0.5)),
    lambda: tm.masked_bce_with_logits(torch.zeros(3, 4), torch.zeros(3)),
]
for call in checks:
    try:
        call()
    except ValueError as err:
        print(f"ValueError: {err}")
