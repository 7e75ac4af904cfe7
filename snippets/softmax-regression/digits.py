import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlnotes.numpy import softmax_regression as sr

X, y = load_digits(return_X_y=True)  # 1797 images of 8x8 pixels, 10 classes
X_train, X_test, y_train, y_test = train_test_split(X / 16.0, y, test_size=0.25,
                                                    random_state=0)
X_train, X_test = X_train.T, X_test.T  # examples as columns: (64, m)

model = sr.SoftmaxRegression(n_x=64, n_classes=10, seed=0)
for step in range(151):
    J, grads = model.loss_and_grads(X_train, y_train)
    for name in grads:
        # plain gradient descent, alpha = 1
        model.params[name] -= 1.0 * grads[name]
    if step % 50 == 0:
        print(f"step {step:3d}: J = {J:.3f}")
accuracy = np.mean(model.predict(X_test) == y_test)
print(f"test accuracy: {accuracy:.3f}")
