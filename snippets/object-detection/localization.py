import numpy as np

from dlnotes.numpy import object_detection as od

# classes: 1 pedestrian, 2 car, 3 motorcycle; box = (b_x, b_y, b_h, b_w)
car = od.localization_target(3, box=[0.5, 0.7, 0.3, 0.4], cls=1)
empty = od.localization_target(3)  # background: p_c = 0, the rest "don't care"
print("car:  ", car)
print("empty:", empty)

y_hat = np.array([[0.9, 0.45, 0.7, 0.3, 0.5, 0.1, 0.8, 0.1],
                  [0.2, 0.90, 0.1, 0.8, 0.8, 0.3, 0.3, 0.4]])
y = np.stack([car, empty])
print("loss:", round(od.localization_loss(y_hat, y), 4))
# for the empty image only (0.2 - 0)^2 counts: changing its box changes nothing
y_hat[1, 1:] = 0.0
print("loss:", round(od.localization_loss(y_hat, y), 4))

# landmarks: 2 more numbers (x, y) per point, here 3 points of a face
face = od.localization_target(1, box=[0.5, 0.5, 0.6, 0.5], cls=0,
                              landmarks=[[0.4, 0.4], [0.6, 0.4], [0.5, 0.65]])
print("with landmarks:", face.shape[0], "numbers")
