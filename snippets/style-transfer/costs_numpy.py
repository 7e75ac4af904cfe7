import numpy as np

from dlnotes.numpy import style_transfer as nst

# activations of one layer, NHWC without the batch axis: (n_H, n_W, n_C)
rng = np.random.default_rng(0)
a_C, a_S, a_G = (rng.uniform(size=(4, 4, 3)) for _ in range(3))
print("Gram matrix of a_S (n_C x n_C):")
print(nst.gram_matrix(a_S).round(2))
j_content = nst.content_cost(a_C, a_G)
j_style = nst.layer_style_cost(a_S, a_G)
print(f"J_content = {j_content:.5f}")
print(f"J_style   = {j_style:.5f}")
print(f"J         = {nst.total_cost(j_content, j_style, 10, 40):.5f}")
