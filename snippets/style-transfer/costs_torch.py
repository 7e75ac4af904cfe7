import numpy as np
import torch

from dlnotes.torch import style_transfer as tst

rng = np.random.default_rng(0)
# the same activations as in the NumPy tab, moved to NCHW: (1, n_C, n_H, n_W)
a_C, a_S, a_G = (
    torch.tensor(rng.uniform(size=(4, 4, 3))).permute(2, 0, 1)[None]
    for _ in range(3))
print("Gram matrix of a_S (n_C x n_C):")
print(tst.gram_matrix(a_S)[0].numpy().round(2))
j_content = tst.content_cost(a_C, a_G)
j_style = tst.layer_style_cost(a_S, a_G)
print(f"J_content = {j_content.item():.5f}")
print(f"J_style   = {j_style.item():.5f}")
print(f"J         = {tst.total_cost(j_content, j_style, 10, 40).item():.5f}")
