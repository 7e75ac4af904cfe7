"""Batch normalization (chapter "Batch normalization"), NumPy reference.

Shapes (the course's conventions):

* fully-connected layers: ``Z`` of shape ``(n, m)``, features by examples (one column per
  example); ``gamma`` and ``beta`` of shape ``(n, 1)``; statistics per feature (row), over the
  ``m`` examples;
* convolutional layers: ``X`` of shape ``(m, n_H, n_W, n_C)`` (NHWC); ``gamma`` and ``beta`` of
  shape ``(n_C,)``; statistics per channel, over the ``m * n_H * n_W`` positions. This is the
  fully-connected case applied to the ``(n_C, m * n_H * n_W)`` matrix of the channel's values.

Training normalizes with the mini-batch's mean and *biased* variance (divide by ``m``), then
scales and shifts: ``Z_tilde = gamma * (Z - mu) / sqrt(var + eps) + beta``. The running
statistics used at test time are exponentially weighted averages with weight ``avg_beta`` on
the past, ``running = avg_beta * running + (1 - avg_beta) * batch_statistic``; PyTorch's
``momentum`` is ``1 - avg_beta``, and, like PyTorch, the running variance averages the
*unbiased* batch variance (divide by ``m - 1``). They start at mean 0 and variance 1.

``Network`` is a small fully-connected classifier built from these pieces and the softmax of
:mod:`dlnotes.numpy.softmax_regression`, used to measure what batch norm buys.
"""

from __future__ import annotations

import functools

import numpy as np

from dlnotes import checks, data
from dlnotes.numpy import softmax_regression as _sr

__all__ = [
    "batchnorm_forward",
    "batchnorm_backward",
    "batchnorm_inference",
    "conv_batchnorm_forward",
    "conv_batchnorm_backward",
    "BatchNorm",
    "Network",
    "digits_data",
    "sensitivity_sweep",
]


# --8<-- [start:forward]
def batchnorm_forward(Z, gamma, beta, eps: float = 1e-5):
    """Batch norm of a fully-connected layer in training mode.

    Args:
        Z: pre-activations, shape ``(n, m)``: ``n`` features, ``m >= 1`` examples (columns).
        gamma, beta: scale and shift, shape ``(n, 1)``.
        eps: added to the variance, > 0 (keeps a constant batch finite).

    Returns:
        ``(Z_tilde, cache)``: the output, shape ``(n, m)``, and what the backward pass needs;
        ``cache["mu"]`` and ``cache["var"]`` (shape ``(n, 1)``) are the batch statistics.
    """
    Z, gamma, beta, eps = checks.batch_norm.fc_inputs(Z, gamma, beta, eps)
    mu = Z.mean(axis=1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=1, keepdims=True)  # biased: divide by m
    inv_std = 1.0 / np.sqrt(var + eps)
    Z_norm = (Z - mu) * inv_std
    cache = {"Z_norm": Z_norm, "inv_std": inv_std, "gamma": gamma, "mu": mu, "var": var}
    return gamma * Z_norm + beta, cache
# --8<-- [end:forward]


# --8<-- [start:backward]
def batchnorm_backward(dZ_tilde, cache):
    """Backward pass of :func:`batchnorm_forward`.

    Args:
        dZ_tilde: gradient of the cost with respect to the output, shape ``(n, m)``.
        cache: the second value returned by the forward pass.

    Returns:
        ``(dZ, dgamma, dbeta)`` of shapes ``(n, m)``, ``(n, 1)``, ``(n, 1)``.
    """
    Z_norm, inv_std, gamma = cache["Z_norm"], cache["inv_std"], cache["gamma"]
    dZ_tilde = checks.batch_norm.upstream("dZ_tilde", dZ_tilde, Z_norm.shape)
    m = Z_norm.shape[1]
    dgamma = (dZ_tilde * Z_norm).sum(axis=1, keepdims=True)
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    dZ_norm = dZ_tilde * gamma
    # mu and var depend on every example: two correction terms, one per statistic
    dZ = inv_std / m * (
        m * dZ_norm
        - dZ_norm.sum(axis=1, keepdims=True)
        - Z_norm * (dZ_norm * Z_norm).sum(axis=1, keepdims=True)
    )
    return dZ, dgamma, dbeta
# --8<-- [end:backward]


def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps: float = 1e-5):
    """Batch norm at test time: normalize with fixed statistics, shape ``(n, 1)`` each."""
    Z, gamma, beta, running_mean, running_var, eps = checks.batch_norm.inference_inputs(
        Z, gamma, beta, running_mean, running_var, eps)
    return gamma * (Z - running_mean) / np.sqrt(running_var + eps) + beta


def _channels_as_rows(X, gamma, beta):
    X = checks.batch_norm.conv_input(X)
    c = X.shape[3]
    gamma, beta = checks.batch_norm.scale_shift(c, gamma, beta, shape=(c,))
    return X.reshape(-1, c).T, gamma[:, None], beta[:, None]


def conv_batchnorm_forward(X, gamma, beta, eps: float = 1e-5):
    """Per-channel batch norm of a convolutional layer, training mode.

    Args:
        X: shape ``(m, n_H, n_W, n_C)`` (NHWC).
        gamma, beta: shape ``(n_C,)``.

    Returns:
        ``(X_tilde, cache)`` with ``X_tilde`` of the shape of ``X``; ``cache["mu"]`` and
        ``cache["var"]`` have shape ``(n_C, 1)``.
    """
    rows, g, b = _channels_as_rows(X, gamma, beta)
    out, cache = batchnorm_forward(rows, g, b, eps)
    cache["shape"] = np.shape(X)
    return out.T.reshape(np.shape(X)), cache


def conv_batchnorm_backward(dX_tilde, cache):
    """Backward pass of :func:`conv_batchnorm_forward`: ``(dX, dgamma, dbeta)``, shapes
    ``(m, n_H, n_W, n_C)``, ``(n_C,)``, ``(n_C,)``."""
    dX_tilde = checks.batch_norm.upstream("dX_tilde", dX_tilde, cache["shape"])
    c = dX_tilde.shape[3]
    dZ, dgamma, dbeta = batchnorm_backward(dX_tilde.reshape(-1, c).T, cache)
    return dZ.T.reshape(dX_tilde.shape), dgamma[:, 0], dbeta[:, 0]


class BatchNorm:
    """A batch-norm layer with learnable ``gamma``, ``beta`` and running statistics.

    Args:
        num_features: ``n`` (fully-connected) or ``n_C`` (convolutional).
        layout: ``"fc"`` for inputs ``(n, m)`` or ``"conv"`` for NHWC inputs
            ``(m, n_H, n_W, n_C)``.
        eps: added to the variance, > 0.
        avg_beta: weight of the past in the running averages, in [0, 1); PyTorch's
            ``momentum = 1 - avg_beta`` (0.9 here is PyTorch's default momentum 0.1).

    ``params`` holds ``gamma`` (ones) and ``beta`` (zeros), shaped ``(n, 1)`` or ``(n_C,)``;
    ``grads`` holds their gradients after :meth:`backward`. ``running_mean`` (zeros) and
    ``running_var`` (ones) have the same shape.
    """

    def __init__(self, num_features: int, layout: str = "fc", eps: float = 1e-5,
                 avg_beta: float = 0.9):
        if isinstance(num_features, bool) or not isinstance(num_features, int | np.integer):
            raise TypeError(f"num_features must be an int, got {type(num_features).__name__}")
        if num_features < 1:
            raise ValueError(f"num_features must be >= 1, got {num_features}")
        self.layout = checks.one_of("layout", layout, ("fc", "conv"))
        self.eps = checks.positive("eps", eps)
        self.avg_beta = checks.unit_interval("avg_beta", avg_beta)
        shape = (num_features, 1) if layout == "fc" else (num_features,)
        self.params = {"gamma": np.ones(shape), "beta": np.zeros(shape)}
        self.grads: dict[str, np.ndarray] = {}
        self.running_mean = np.zeros(shape)
        self.running_var = np.ones(shape)
        self._cache = None

    # --8<-- [start:running]
    def forward(self, Z, training: bool = True) -> np.ndarray:
        """Normalize ``Z``; in training mode also update the running statistics."""
        g, b = self.params["gamma"], self.params["beta"]
        n_features, shape = g.shape[0], np.shape(Z)
        if self.layout == "fc" and (len(shape) != 2 or shape[0] != n_features):
            raise ValueError(f"Z must have shape (n, m) = ({n_features}, m), got {shape}")
        if self.layout == "conv" and (len(shape) != 4 or shape[3] != n_features):
            raise ValueError(
                f"Z must have shape (m, n_H, n_W, n_C) with n_C = {n_features}, got {shape}")
        if not training:
            if self.layout == "fc":
                return batchnorm_inference(Z, g, b, self.running_mean, self.running_var,
                                           self.eps)
            rows, g2, b2 = _channels_as_rows(Z, g, b)
            out = batchnorm_inference(rows, g2, b2, self.running_mean[:, None],
                                      self.running_var[:, None], self.eps)
            return out.T.reshape(np.shape(Z))
        forward = batchnorm_forward if self.layout == "fc" else conv_batchnorm_forward
        out, self._cache = forward(Z, g, b, self.eps)
        n = self._cache["Z_norm"].shape[1]  # values per feature: m, or m * n_H * n_W
        if n < 2:
            raise ValueError("Z must hold at least 2 values per feature in training mode")
        mu = self._cache["mu"].reshape(self.running_mean.shape)
        unbiased_var = self._cache["var"].reshape(self.running_var.shape) * n / (n - 1)
        self.running_mean = self.avg_beta * self.running_mean + (1 - self.avg_beta) * mu
        self.running_var = self.avg_beta * self.running_var + (1 - self.avg_beta) * unbiased_var
        return out
    # --8<-- [end:running]

    def backward(self, dout) -> np.ndarray:
        """Gradient with respect to the input of the last training-mode forward pass."""
        if self._cache is None:
            raise RuntimeError("backward needs a training-mode forward pass first")
        backward = batchnorm_backward if self.layout == "fc" else conv_batchnorm_backward
        dZ, dgamma, dbeta = backward(dout, self._cache)
        self.grads = {"gamma": dgamma, "beta": dbeta}
        return dZ


class Network:
    """A fully-connected classifier: ``[Linear -> (BatchNorm) -> ReLU -> (dropout)]`` for each
    hidden layer, then ``Linear -> softmax``.

    Args:
        layer_dims: ``[n_x, n_1, ..., n_L]``; ``X`` has shape ``(n_x, m)``, ``n_L`` classes.
        batch_norm: normalize every hidden layer's ``Z``; such a layer has no bias ``b``
            (batch norm's ``beta`` does its job).
        init_scale: multiplies He initialization's standard deviation ``sqrt(2 / n_prev)`` in
            the hidden layers (the output layer keeps He initialization).
        l2: the L2 penalty ``lambda >= 0``: ``J += lambda / (2m) * sum ||W||_F^2``.
        keep_prob: inverted-dropout keep probability of hidden activations, in (0, 1].
        avg_beta: running-average weight of the batch-norm layers.
        seed: seeds the initial weights and the dropout masks.

    ``params`` maps ``W1, b1 (or gamma1, beta1), ..., WL, bL`` to arrays; labels are class
    indices ``(m,)``.
    """

    def __init__(self, layer_dims, *, batch_norm: bool = False, init_scale: float = 1.0,
                 l2: float = 0.0, keep_prob: float = 1.0, avg_beta: float = 0.9, seed: int = 0):
        seed = checks.seed("seed", seed)
        dims = list(layer_dims)
        if len(dims) < 2 or any(
            isinstance(d, bool) or not isinstance(d, int | np.integer) or d < 1 for d in dims
        ):
            raise ValueError(f"layer_dims must be at least two positive ints, got {layer_dims!r}")
        self.dims = dims
        self.batch_norm = bool(batch_norm)
        init_scale = checks.positive("init_scale", init_scale)
        self.l2 = checks.non_negative("l2", l2)
        keep_prob = checks.positive("keep_prob", keep_prob)
        if keep_prob > 1:
            raise ValueError(f"keep_prob must lie in (0, 1], got {keep_prob!r}")
        self.keep_prob = keep_prob
        rng = np.random.default_rng(seed)
        self.rng = np.random.default_rng(rng.integers(2**63))
        self.params: dict[str, np.ndarray] = {}
        self.bn: dict[int, BatchNorm] = {}
        L = len(dims) - 1
        for l in range(1, L + 1):  # noqa: E741
            std = (init_scale if l < L else 1.0) * np.sqrt(2.0 / dims[l - 1])
            self.params[f"W{l}"] = rng.normal(0.0, std, size=(dims[l], dims[l - 1]))
            if self.batch_norm and l < L:
                self.bn[l] = BatchNorm(dims[l], avg_beta=avg_beta)
                self.params[f"gamma{l}"] = self.bn[l].params["gamma"]
                self.params[f"beta{l}"] = self.bn[l].params["beta"]
            else:
                self.params[f"b{l}"] = np.zeros((dims[l], 1))

    def _inputs(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] != self.dims[0]:
            raise ValueError(f"X must have shape (n_x, m) = ({self.dims[0]}, m), got {X.shape}")
        return X

    def logits(self, X, training: bool = False, _tape: list | None = None) -> np.ndarray:
        """``Z^[L]`` of shape ``(n_L, m)``; ``training`` uses batch statistics and dropout."""
        A = self._inputs(X)
        L = len(self.dims) - 1
        for l in range(1, L):  # noqa: E741
            A_prev = A
            Z = self.params[f"W{l}"] @ A_prev
            if l in self.bn:
                Z = self.bn[l].forward(Z, training=training)
            else:
                Z = Z + self.params[f"b{l}"]
            A = np.maximum(Z, 0.0)
            D = None
            if training and self.keep_prob < 1:
                D = self.rng.random(A.shape) < self.keep_prob
                A = A * D / self.keep_prob
            if _tape is not None:
                _tape.append((A_prev, Z, D))
        if _tape is not None:
            _tape.append((A, None, None))
        return self.params[f"W{L}"] @ A + self.params[f"b{L}"]

    def predict(self, X) -> np.ndarray:
        """Class of each column of ``X`` (test mode: running statistics, no dropout)."""
        return self.logits(X, training=False).argmax(axis=0)

    def cost(self, X, y, training: bool = False) -> float:
        """Cross-entropy plus the L2 penalty."""
        m = np.shape(X)[1]
        return _sr.cross_entropy(self.logits(X, training), y) + self._penalty(m)

    def _penalty(self, m: int) -> float:
        """``lambda / (2m) * sum_l ||W^[l]||_F^2``."""
        squares = sum(float((self.params[f"W{k}"] ** 2).sum()) for k in range(1, len(self.dims)))
        return self.l2 / (2 * m) * squares

    def loss_and_grads(self, X, y) -> tuple[float, dict[str, np.ndarray]]:
        """One training-mode forward and backward pass: ``(J, grads)``, keys of ``params``."""
        X = self._inputs(X)
        m = X.shape[1]
        tape: list = []
        ZL = self.logits(X, training=True, _tape=tape)
        L = len(self.dims) - 1
        J = _sr.cross_entropy(ZL, y)
        J += self._penalty(m)
        grads: dict[str, np.ndarray] = {}
        dZ = _sr.cross_entropy_backward(ZL, y)
        A_prev = tape[-1][0]
        for l in range(L, 0, -1):  # noqa: E741
            W = self.params[f"W{l}"]
            grads[f"W{l}"] = dZ @ A_prev.T + self.l2 / m * W
            if f"b{l}" in self.params:
                grads[f"b{l}"] = dZ.sum(axis=1, keepdims=True)
            if l == 1:
                break
            dA = W.T @ dZ
            A_prev_prev, Z, D = tape[l - 2]
            if D is not None:
                dA = dA * D / self.keep_prob
            dZ = dA * (Z > 0)
            if l - 1 in self.bn:
                dZ = self.bn[l - 1].backward(dZ)
                grads[f"gamma{l - 1}"] = self.bn[l - 1].grads["gamma"]
                grads[f"beta{l - 1}"] = self.bn[l - 1].grads["beta"]
            A_prev = A_prev_prev
        return J, grads


def digits_data(seed: int = 0):
    """scikit-learn's 8x8 digits, split 75/25 and standardized with the training set's
    per-pixel mean and standard deviation: ``(X_train, y_train, X_test, y_test)`` with
    examples as columns, ``X`` of shape ``(64, m)``."""
    seed = checks.seed("seed", seed)
    from sklearn.model_selection import train_test_split

    images, y = data.digits()
    X = images.reshape(len(y), -1)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, random_state=seed)
    mu, sd = X_tr.mean(axis=0), X_tr.std(axis=0)
    sd[sd == 0] = 1.0  # pixels that are always blank stay 0
    return ((X_tr - mu) / sd).T, y_tr, ((X_te - mu) / sd).T, y_te


def sensitivity_sweep(learning_rates, init_scales, batch_norm: bool, *, epochs: int = 3,
                      batch_size: int = 64, seed: int = 0) -> np.ndarray:
    """Training cost reached on the digits by a ``64-64-64-64-10`` network after ``epochs``
    epochs of mini-batch gradient descent, for every (hidden-layer initialization scale,
    learning rate) pair.

    Returns an array ``(len(init_scales), len(learning_rates))``: the mean mini-batch cost
    of the last epoch, ``inf`` where training blew up (a cost or a logit became inf or NaN).
    The result is cached per argument tuple: the chapter's figure draws it in two languages.
    """
    seed = checks.seed("seed", seed)
    epochs, batch_size = checks.integer("epochs", epochs), checks.integer("batch_size", batch_size)
    lrs = tuple(checks.positive("learning_rates[i]", lr) for lr in learning_rates)
    scales = tuple(checks.positive("init_scales[i]", s) for s in init_scales)
    return _sweep(lrs, scales, bool(batch_norm), epochs, batch_size, seed).copy()


@functools.cache
def _sweep(lrs, scales, batch_norm, epochs, batch_size, seed):
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    with threadpool_limits(limits=1):  # small matrices: BLAS threads only add overhead
        return _sweep_grid(lrs, scales, batch_norm, epochs, batch_size, seed)


def _sweep_grid(lrs, scales, batch_norm, epochs, batch_size, seed):
    X_tr, y_tr, _, _ = digits_data()
    m = X_tr.shape[1]
    out = np.empty((len(scales), len(lrs)))
    for i, scale in enumerate(scales):
        for j, lr in enumerate(lrs):
            net = Network([64, 64, 64, 64, 10], batch_norm=batch_norm, init_scale=scale,
                          seed=seed)
            order = np.random.default_rng(seed)
            costs = []
            try:
                with np.errstate(all="ignore"):
                    for _ in range(epochs):
                        costs = []
                        perm = order.permutation(m)
                        for k in range(0, m, batch_size):
                            idx = perm[k:k + batch_size]
                            J, grads = net.loss_and_grads(X_tr[:, idx], y_tr[idx])
                            if not np.isfinite(J):
                                raise FloatingPointError
                            costs.append(J)
                            for name, g in grads.items():
                                net.params[name] -= lr * g
                out[i, j] = np.mean(costs)
            except (FloatingPointError, ValueError):  # ValueError: NaN logits refused
                out[i, j] = np.inf
    out.flags.writeable = False
    return out
