import torch

from dlnotes.torch.gru_lstm import remember_first_task

gen = torch.Generator().manual_seed(0)
x, y = remember_first_task(3, distance=12, generator=gen)
print("x:", tuple(x.shape), "(N, distance, 8 symbols + flag)")
symbols = x[:, :, :8].argmax(2).tolist()
for tokens, label in zip(symbols, y.tolist(), strict=True):
    print("tokens", tokens, "-> answer", label)
