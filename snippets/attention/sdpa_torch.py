import torch
import torch.nn.functional as F

from dlnotes.torch import attention as ta

g = torch.Generator().manual_seed(0)
Q, K, V = (
    torch.randn(2, 4, 5, 8, generator=g, dtype=torch.float64) for _ in range(3)
)
cases = [("no mask", {}, {}), ("causal", {"causal": True}, {"is_causal": True})]
for name, ours, builtin in cases:
    out, weights = ta.scaled_dot_product_attention(Q, K, V, **ours)
    ref = F.scaled_dot_product_attention(Q, K, V, **builtin)
    print(f"{name}: equal to F.scaled_dot_product_attention:",
          torch.allclose(out, ref, rtol=0, atol=1e-12))
print("causal weights of one head:")
_, causal_weights = ta.scaled_dot_product_attention(Q, K, V, causal=True)
print(causal_weights[0, 0].numpy().round(2))
