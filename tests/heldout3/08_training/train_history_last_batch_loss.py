# corpus: buggy
# function: train
# actual: history["loss"] records the last batch loss of each epoch instead of the mean of its batch losses.
# named: mean | batch losses | one value per epoch | last batch
import math

import numpy as np
import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def _batch_size_of(y):
    """1-D (or scalar) targets are one sample; otherwise the first axis is the batch."""
    return 1 if y.ndim <= 1 else y.shape[0]


def _one_hot_targets(y_true, shape):
    """y_true as one-hot rows of `shape`: one-hot of that shape already, or integer labels."""
    y_true = np.asarray(y_true)
    if y_true.shape == shape:
        return y_true.astype(float)
    if y_true.shape != shape[:-1]:
        raise ValueError(f"y_true of shape {y_true.shape} fits neither one-hot {shape} nor labels {shape[:-1]}")
    labels = y_true.astype(int)
    if np.any(labels != y_true) or np.any(labels < 0) or np.any(labels >= shape[-1]):
        raise ValueError(f"labels must be integers in [0, {shape[-1]}), got {y_true!r}")
    return np.eye(shape[-1])[labels]


def steps_per_epoch(n_samples, batch_size, drop_last=False):
    """Updates per epoch: ceil(n / batch_size), or floor(n / batch_size) with drop_last."""
    if batch_size <= 0:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    return n_samples // batch_size if drop_last else math.ceil(n_samples / batch_size)


def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    """Yield (X_batch, y_batch) pairs that cover each sample once per call.

    With shuffle, the order is numpy.random.default_rng(seed).permutation(n); without,
    the data order. The last batch may be short, unless drop_last drops it.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
    n = len(X)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    end = steps_per_epoch(n, batch_size, drop_last) * batch_size
    for start in range(0, min(end, n), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


def softmax(z):
    """Softmax along the last axis. Subtracting the row maximum first keeps exp() finite.

    z may be a list or a numpy array, integers included. Array results are float64 numpy arrays,
    also for integer input. Never modifies z in place.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_cross_entropy(y_true, logits):
    """Cross-entropy of softmax(logits), from log-softmax by log-sum-exp (no clipping needed).

    log softmax(z) = z - max(z) - log(sum(exp(z - max(z)))) stays finite for any logits.
    y_true: one-hot like logits, or integer labels. Returns the mean over the batch (float).
    """
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    y_true = _one_hot_targets(y_true, z.shape)
    return float(-np.sum(y_true * log_probs) / _batch_size_of(z))


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent: w - learning_rate * dw.

    config: learning_rate (default 1e-2).
    w and dw may be numpy arrays of any real dtype, integers included. Array results are float64
    numpy arrays, also for integer input. Never modifies w or dw in place.
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    """SGD with momentum: v = momentum * v - learning_rate * dw; next_w = w + v.

    config: learning_rate (1e-2), momentum (0.9),
            velocity (state, same shape as w, starts at zeros).
    w and dw may be numpy arrays of any real dtype, integers included. Array results are float64
    numpy arrays, also for integer input. Never modifies w or dw in place.
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def adam(w, dw, config=None):
    """Adam (Kingma & Ba, Algorithm 1), with bias-corrected moments.

    t += 1 (first); m = beta1*m + (1-beta1)*dw; v = beta2*v + (1-beta2)*dw**2;
    m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t);
    next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)
    config: learning_rate (1e-3), beta1 (0.9), beta2 (0.999), epsilon (1e-8),
            m, v (state: moment estimates, start at zeros), t (state: step count, starts at 0).
    w and dw may be numpy arrays of any real dtype, integers included. Array results are float64
    numpy arrays, also for integer input. Never modifies w or dw in place.
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    beta1, beta2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = beta1 * config.get("m", np.zeros_like(w)) + (1 - beta1) * dw
    v = beta2 * config.get("v", np.zeros_like(w)) + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    config.update(t=t, m=m, v=v)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config


def _gradient_of_one_point(f, x, h):
    """Central-difference gradient at a 1-D point x (a float copy, restored entry by entry)."""
    grad = np.zeros_like(x)
    for i in range(x.size):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved - h
        f_minus = f(x)
        x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient(f, x, h=1e-4):
    """Gradient of scalar f by central differences (the lecture's numerical_gradient).

    x 1-D: the gradient of f at x. x 2-D: row i of the result is the gradient of f at
    x[i] (the batched version). Works on a float64 copy; returns an array shaped as x.
    x may be a list or a numpy array, integers included. Array results are float64 numpy arrays,
    also for integer input. Never modifies x in place. x is left unchanged even when f raises.
    """
    x = np.array(x, dtype=float)  # a copy: the perturbations below never reach the caller
    if x.ndim == 1:
        return _gradient_of_one_point(f, x, h)
    if x.ndim == 2:
        return np.array([_gradient_of_one_point(f, row, h) for row in x]).reshape(x.shape)
    raise ValueError(f"x must be 1-D (one point) or 2-D (one point per row), got shape {x.shape}")


def rel_error(a, b):
    """Largest relative error max(|a - b| / max(1e-8, |a| + |b|)), as a float.

    a and b may be a number, a list or a numpy array of any shape, integers included.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def init_params(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[i - 1], layer_sizes[i]
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        params[f"b{i}"] = np.zeros(fan_out)
    return params


def forward(params, X):
    n_layers = len(params) // 2
    a = np.asarray(X, dtype=float)
    cache = []
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"] + params[f"b{i}"]
        cache.append((a, z))
        a = np.maximum(z, 0) if i < n_layers else z
    return a, cache


def loss_and_grads(params, X, y):
    logits, cache = forward(params, X)
    y = np.asarray(y).astype(int)
    B = logits.shape[0]
    loss = softmax_cross_entropy(y, logits)
    dz = softmax(logits)
    dz[np.arange(B), y] -= 1
    dz /= B
    grads = {}
    n_layers = len(params) // 2
    for i in range(n_layers, 0, -1):
        a_prev, _ = cache[i - 1]
        grads[f"W{i}"] = a_prev.T @ dz
        grads[f"b{i}"] = dz.sum(axis=0)
        if i > 1:
            z_prev = cache[i - 2][1]
            dz = (dz @ params[f"W{i}"].T) * (z_prev > 0)
    return loss, grads


def accuracy(params, X, y):
    logits, _ = forward(params, X)
    return float(np.mean(np.argmax(logits, axis=1) == np.asarray(y)))


def train(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    params = init_params(layer_sizes, seed)
    configs = {name: dict(config or {}) for name in params}
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        for X_batch, y_batch in minibatches(X, y, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads = loss_and_grads(params, X_batch, y_batch)
            for k in params:
                params[k], configs[k] = update(params[k], grads[k], configs[k])
            losses.append(loss)
        history["loss"].append(float(losses[-1]))
    return params, history
