import torch
import torch.nn.functional as F
from torch import nn

from dlnotes.torch import attention as ta

torch.manual_seed(0)
q, k, v = torch.randn(1, 2, 4), torch.randn(1, 3, 4), torch.randn(1, 3, 4)
# query 2 sees no key
keep = torch.tensor([[[True, True, False], [False, False, False]]])

print("ours:", ta.scaled_dot_product_attention(q, k, v, mask=keep)[0][0, 1])
print("SDPA:", F.scaled_dot_product_attention(q, k, v, attn_mask=keep)[0, 1])
mha = nn.MultiheadAttention(4, 1, batch_first=True)
all_padded = torch.ones(1, 3, dtype=torch.bool)
print("MHA: ", mha(q, k, v, key_padding_mask=all_padded)[0][0, 1])
scores = (q @ k.transpose(1, 2) / 2).masked_fill(~keep, -1e6)
print("-1e6 weights:", torch.softmax(scores, dim=-1)[0, 1])
