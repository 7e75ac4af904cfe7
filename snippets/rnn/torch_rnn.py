import torch

from dlnotes.torch.rnn import RNN

torch.manual_seed(0)
# a deep (2 layers) bidirectional RNN, batch-first: x is (N, T, input_size)
kw = {"num_layers": 2, "bidirectional": True, "dtype": torch.float64}
builtin = torch.nn.RNN(3, 5, batch_first=True, **kw)
ours = RNN(3, 5, **kw)
# same parameter names: copy the weights
ours.load_state_dict(builtin.state_dict())

x = torch.randn(4, 7, 3, dtype=torch.float64)
out, h_n = ours(x)
ref_out, ref_h = builtin(x)
print("output", tuple(out.shape), "h_n", tuple(h_n.shape))
print("same as nn.RNN:", torch.allclose(out, ref_out, rtol=1e-12, atol=1e-14),
      torch.allclose(h_n, ref_h, rtol=1e-12, atol=1e-14))
