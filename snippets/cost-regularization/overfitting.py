import numpy as np

from dlnotes.numpy import cost_regularization as cr

x_train, y_train, x_dev, y_dev = cr.overfitting_data(
    m_train=15, m_dev=200, seed=0
)
X, X_dev = cr.polynomial_features(x_train, 9), cr.polynomial_features(x_dev, 9)


def cost(X, Y, w, b):
    return cr.squared_error_cost(cr.predict_linear(X, w, b), Y)[0]


print("lambda    L2: train    dev  ||w||_2   L1: train    dev  zeros")
for lambd in [1e-6, 1e-3, 1e-2, 1e-1, 1.0, 10.0]:
    w2, b2 = cr.ridge_fit(X, y_train, lambd)
    w1, b1 = cr.lasso_fit(X, y_train, lambd)
    print(f"{lambd:6.0e}  {cost(X, y_train, w2, b2):10.4f}"
          f" {cost(X_dev, y_dev, w2, b2):6.3f} {np.linalg.norm(w2):8.2f}"
          f"  {cost(X, y_train, w1, b1):10.4f}"
          f" {cost(X_dev, y_dev, w1, b1):6.3f} {np.sum(w1 == 0):6d}")
