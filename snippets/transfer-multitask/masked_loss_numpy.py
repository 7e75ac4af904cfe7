import numpy as np

from dlnotes.numpy import transfer_multitask as mt

# four tasks (rows: pedestrian, car, stop sign, traffic light), three images
# (columns); NaN is a label nobody recorded, the "?" of the course
Y = np.array([[1, 0, np.nan],
              [1, np.nan, 1],
              [np.nan, 0, 0],
              [0, 1, np.nan]])
Z = np.array([[2.0, -1.0, 0.3],
              [1.5, 0.2, 3.0],
              [-0.7, -2.0, -1.0],
              [-1.0, 2.5, 8.0]])  # logits, shape (T, m) = (4, 3)
per_example = mt.masked_bce_with_logits(Z, Y)
per_label = mt.masked_bce_with_logits(Z, Y, "labels")
print(f"J (divided by m = 3):              {per_example:.6f}")
print(f"J (divided by the 8 known labels): {per_label:.6f}")
print("dJ/dZ, zero where the label is missing:")
print(np.round(mt.masked_bce_with_logits_backward(Z, Y), 4))
