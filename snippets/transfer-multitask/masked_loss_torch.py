import torch

from dlnotes.torch import transfer_multitask as mt

nan = float("nan")
# batch-first: (m, T) = (3 images, 4 tasks); NaN = "?"
y = torch.tensor([[1, 1, nan, 0], [0, nan, 0, 1], [nan, 1, 0, nan]],
                 dtype=torch.float64)
z = torch.tensor([[2.0, 1.5, -0.7, -1.0],
                  [-1.0, 0.2, -2.0, 2.5],
                  [0.3, 3.0, -1.0, 8.0]],
                 dtype=torch.float64, requires_grad=True)
loss = mt.masked_bce_with_logits(z, y)
loss.backward()

# the built-in loss, per entry, with the missing entries multiplied by 0
known = ~torch.isnan(y)
builtin = torch.nn.BCEWithLogitsLoss(reduction="none")(z, torch.nan_to_num(y))
reference = (builtin * known).sum() / z.shape[0]
print(f"J (divided by m = 3):              {loss.item():.6f}")
print(f"BCEWithLogitsLoss with a mask:     {reference.item():.6f}")
print(f"gradient on the missing labels: {z.grad[~known].tolist()}")
