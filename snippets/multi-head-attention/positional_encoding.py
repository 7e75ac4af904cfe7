import numpy as np

from dlnotes.numpy import attention_multi_head as mh

P = mh.positional_encoding(max_len=200, d=32)  # (positions, dimensions)
for k in (1, 10, 50):
    M = mh.positional_shift_matrix(k, 32)  # depends on k only
    err = np.abs(P[:-k] @ M - P[k:]).max()  # every pos at once
    print(f"k={k:>2}: P[pos] M_k = P[pos+k] for all pos: {err < 1e-12}, "
          f"M_k orthogonal: {np.allclose(M.T @ M, np.eye(32))}")
