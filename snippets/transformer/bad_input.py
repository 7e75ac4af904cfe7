import numpy as np
import torch

from dlnotes.numpy import transformer as nt
from dlnotes.torch import transformer as tt

block = tt.EncoderBlock(8, 2, d_ff=16)
x = torch.zeros(2, 4, 8)
calls = [
    lambda: tt.EncoderBlock(d_model=10, num_heads=3, d_ff=16),
    lambda: block(x, key_padding_mask=torch.zeros(2, 5, dtype=torch.bool)),
    lambda: block(x, key_padding_mask=torch.zeros(2, 4)),
    lambda: nt.encoder_block(np.zeros((2, 4, 8)), block.numpy_params(), 2,
                             key_padding_mask=np.zeros((4, 2), dtype=bool)),
]
for call in calls:
    try:
        call()
    except (ValueError, TypeError) as err:
        print(f"{type(err).__name__}: {err}")
