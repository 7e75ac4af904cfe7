import numpy as np

from dlnotes.numpy import transformer as nt

rng = np.random.default_rng(0)
d = 8
short = rng.normal(size=(1, 3, d))  # one sequence of 3 tokens
long = rng.normal(size=(1, 6, d)) * 3 + 1  # a longer, differently scaled one
# pad the short one to length 6 with zeros and batch the two
batch = np.concatenate([np.pad(short, ((0, 0), (0, 3), (0, 0))), long])
pad = np.arange(6)[None, :] >= np.array([[3], [6]])  # True at padding
one, zero = np.ones(d), np.zeros(d)

ln_alone = nt.layer_norm(short, one, zero)[0]
ln_batch = nt.layer_norm(batch, one, zero)[0, :3]
print("layer norm, alone vs in the batch: max change",
      f"{np.abs(ln_batch - ln_alone).max():.1e}")

bn_alone = nt.batch_norm_tokens(short)[0]
bn_pads = nt.batch_norm_tokens(batch)[0, :3]  # zeros counted as tokens
bn_mask = nt.batch_norm_tokens(batch, key_padding_mask=pad)[0, :3]
print("batch norm, pads counted:  max change",
      f"{np.abs(bn_pads - bn_alone).max():.2f}")
print("batch norm, pads masked:   max change",
      f"{np.abs(bn_mask - bn_alone).max():.2f}")
