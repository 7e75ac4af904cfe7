import numpy as np

from dlnotes.numpy import face_recognition as fr

# encodings of two pairs of images: a match and a mismatch
f_i = np.array([[0.6, 0.8, 0.0], [0.6, 0.8, 0.0]])
f_j = np.array([[0.5, 0.8, 0.3], [0.0, 0.0, 1.0]])
print("d:", fr.squared_distance(f_i, f_j).round(3))
print("same (threshold 0.7):", fr.verify(f_i, f_j, threshold=0.7))

# a logistic unit on |f(x_i) - f(x_j)|, one weight per dimension (3 here)
w, b = np.array([-4.0, -4.0, -4.0]), 3.0
print("z:", fr.verification_logit(f_i, f_j, w, b).round(3))
print("y_hat:", fr.verification_probability(f_i, f_j, w, b).round(3))
