import numpy as np
import torch

from dlnotes.numpy import face_recognition as fr
from dlnotes.torch import face_recognition as tfr

A = np.zeros((4, 8))
checks = [
    lambda: fr.triplet_loss(A, np.zeros((4, 8)), np.zeros((3, 8))),
    lambda: fr.select_triplets(A, [0, 1, 1], margin=0.2),
    lambda: fr.select_triplets(A, [0, 0, 1, 1], strategy="easy"),
    lambda: tfr.Encoder()(torch.zeros(2, 1, 28, 28)),
]
for call in checks:
    try:
        call()
    except ValueError as err:
        print(f"ValueError: {err}")
