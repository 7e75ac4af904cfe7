import torch

from dlnotes.torch.gru_lstm import remember_first_task

x, y = remember_first_task(3, distance=12, generator=torch.Generator().manual_seed(0))
print("x:", tuple(x.shape), "(N, distance, 8 symbols + flag)")
for tokens, label in zip(x[:, :, :8].argmax(2).tolist(), y.tolist(), strict=True):
    print("tokens", tokens, "-> answer", label)
