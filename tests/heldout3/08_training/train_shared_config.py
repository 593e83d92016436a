# corpus: buggy
# function: train
# actual: all parameters share one config dict, so momentum or Adam state of one array is used for another.
# named: its own copy | config | shared | state belongs to one array
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
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    for index, (n_in, n_out) in enumerate(pairs, start=1):
        std = math.sqrt(2 / n_in)
        params["W" + str(index)] = rng.normal(0.0, std, size=(n_in, n_out))
    for index, (_, n_out) in enumerate(pairs, start=1):
        params["b" + str(index)] = np.zeros((n_out,))
    return params


def _relu(z):
    return np.where(z > 0, z, 0.0)


def forward(params, X):
    L = len(params) // 2
    out = np.array(X, dtype=np.float64)
    cache = []
    for layer in range(1, L + 1):
        inp = out
        pre = inp.dot(params["W%d" % layer]) + params["b%d" % layer]
        cache.append((inp, pre))
        out = pre if layer == L else _relu(pre)
    return out, cache


def loss_and_grads(params, X, y):
    logits, cache = forward(params, X)
    labels = np.asarray(y, dtype=int)
    B, C = logits.shape
    loss = float(softmax_cross_entropy(labels, logits))
    onehot = np.zeros((B, C))
    onehot[np.arange(B), labels] = 1.0
    delta = (softmax(logits) - onehot) / B
    grads = {}
    for layer in reversed(range(1, len(cache) + 1)):
        inp, _ = cache[layer - 1]
        W = params["W%d" % layer]
        grads["W%d" % layer] = np.dot(inp.T, delta)
        grads["b%d" % layer] = np.sum(delta, axis=0)
        if layer > 1:
            relu_mask = cache[layer - 2][1] > 0
            delta = np.dot(delta, W.T) * relu_mask
    return loss, grads


def accuracy(params, X, y):
    logits = forward(params, X)[0]
    predictions = logits.argmax(axis=-1)
    correct = sum(1 for p, t in zip(predictions, np.asarray(y)) if p == t)
    return correct / len(predictions)


def train(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    params = init_params(layer_sizes, seed)
    shared = dict(config or {})
    configs = {name: shared for name in params}
    epoch_losses = []
    for epoch in range(epochs):
        total, count = 0.0, 0
        batches = minibatches(X, y, batch_size, shuffle=True, seed=seed + epoch)
        for X_batch, y_batch in batches:
            loss, grads = loss_and_grads(params, X_batch, y_batch)
            new_params = {}
            for name in params:
                new_params[name], configs[name] = update(params[name], grads[name], configs[name])
            params = new_params
            total += loss
            count += 1
        epoch_losses.append(total / count)
    return params, {"loss": epoch_losses}
