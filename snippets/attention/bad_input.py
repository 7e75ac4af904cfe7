import numpy as np
import torch

from dlnotes.numpy import attention as na
from dlnotes.torch import attention as ta

scores = np.zeros((2, 3, 4))
for call in (
    lambda: na.masked_softmax(scores, np.array([2, 5])),
    lambda: na.masked_softmax(scores, mask=np.ones((2, 4, 3), dtype=bool)),
    lambda: ta.MultiHeadAttention(d_model=10, num_heads=3),
    lambda: ta.MultiHeadAttention(8, 2)(
        torch.zeros(2, 4, 8), key_padding_mask=torch.zeros(2, 5).bool()
    ),
):
    try:
        call()
    except (ValueError, TypeError) as err:
        print(f"{type(err).__name__}: {err}")
