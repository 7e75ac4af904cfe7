import torch
from torch import nn

from dlnotes.torch import face_recognition as fr

g = torch.Generator().manual_seed(0)
A, P, N = (torch.randn(3, 4, generator=g, dtype=torch.float64)
           for _ in range(3))
ours = fr.triplet_loss(A, P, N, margin=0.2)
builtin = nn.TripletMarginWithDistanceLoss(
    distance_function=lambda x, y: ((x - y) ** 2).sum(dim=1), margin=0.2)
print(f"ours:     {ours.item():.6f}")
print(f"built-in: {builtin(A, P, N).item():.6f}")
