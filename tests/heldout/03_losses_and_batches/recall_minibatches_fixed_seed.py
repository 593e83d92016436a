# corpus: buggy
# function: minibatches
# mistake:
# actual: the seed argument not used: default_rng(42) always
# named: depend on seed | seed ignored | ignores seed
import math

import numpy as np


def mean_squared_error(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred have different shapes")
    if y_true.ndim == 1:
        y_true, y_pred = [y_true], [y_pred]
    total = 0.0
    for t, p in zip(y_true, y_pred):
        total += np.sum((t - p) ** 2)
    return total / len(y_true)


def _targets(y_true, shape):
    y_true = np.asarray(y_true)
    if y_true.shape == shape:
        return y_true.astype(float)
    return np.eye(shape[-1])[y_true]  # integer labels


def cross_entropy(y_true, y_prob, eps=1e-7):
    y_prob = np.clip(np.asarray(y_prob, dtype=float), eps, 1 - eps)
    targets = _targets(y_true, y_prob.shape)
    if y_prob.ndim == 1:
        return float(-np.sum(targets * np.log(y_prob)))
    losses = [-np.sum(t * np.log(p)) for t, p in zip(targets, y_prob)]
    return float(np.mean(losses))


def softmax(z):
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_cross_entropy(y_true, logits):
    z = np.asarray(logits, dtype=float)
    m = np.max(z, axis=-1, keepdims=True)
    log_p = z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    targets = _targets(y_true, z.shape)
    if z.ndim == 1:
        return float(-np.sum(targets * log_p))
    return float(-np.sum(targets * log_p) / z.shape[0])


def steps_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return n_samples // batch_size
    return math.ceil(n_samples / batch_size)


def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    X, y = np.asarray(X), np.asarray(y)
    n = len(X)
    if shuffle:
        order = np.random.default_rng(42).permutation(n)
    else:
        order = np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        if drop_last and len(idx) < batch_size:
            break
        yield X[idx], y[idx]
