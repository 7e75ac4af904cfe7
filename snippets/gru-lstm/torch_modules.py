import torch

from dlnotes.torch.gru_lstm import GRU, LSTM

torch.manual_seed(0)
x = torch.randn(4, 7, 3, dtype=torch.float64)  # batch-first (N, T, input_size)
for ours_cls, ref_cls in ((GRU, torch.nn.GRU), (LSTM, torch.nn.LSTM)):
    ref = ref_cls(3, 5, num_layers=2, batch_first=True, dtype=torch.float64)
    ours = ours_cls(3, 5, num_layers=2, dtype=torch.float64)
    ours.load_state_dict(ref.state_dict())  # same names, same gate order
    out, ref_out = ours(x)[0], ref(x)[0]
    print(f"{ref_cls.__name__}: weight_ih_l0 {tuple(ours.weight_ih_l0.shape)},",
          "same output:", torch.allclose(out, ref_out, rtol=1e-12, atol=1e-14))
