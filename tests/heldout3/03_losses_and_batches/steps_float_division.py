# corpus: buggy
# function: steps_per_epoch
# actual: Returns n / batch_size (a float) with drop_last instead of the integer floor.
# named: integer | float | floor | //
import math

import numpy as np


def mean_squared_error(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shapes differ: {y_true.shape} vs {y_pred.shape}")
    if y_true.ndim == 1:
        y_true = y_true.reshape(1, -1)
        y_pred = y_pred.reshape(1, -1)
    per_sample = np.sum((y_true - y_pred) ** 2, axis=1)
    return float(np.mean(per_sample))


def cross_entropy(y_true, y_prob, eps=1e-7):
    y_prob = np.clip(np.asarray(y_prob, dtype=np.float64), eps, 1 - eps)
    y_true = np.asarray(y_true)
    if y_prob.ndim == 1:
        y_prob = y_prob.reshape(1, -1)
        y_true = y_true.reshape(1, -1) if y_true.ndim == 1 else y_true.reshape(1)
    if y_true.shape == y_prob.shape:
        losses = -np.sum(y_true * np.log(y_prob), axis=1)
    else:
        labels = y_true.astype(int).reshape(-1)
        losses = -np.log(y_prob[np.arange(len(labels)), labels])
    return float(np.mean(losses))


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_cross_entropy(y_true, logits):
    z = np.asarray(logits, dtype=np.float64)
    y_true = np.asarray(y_true)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        y_true = y_true.reshape(1, -1) if y_true.ndim == 1 else y_true.reshape(1)
    m = np.max(z, axis=1, keepdims=True)
    log_probs = z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))
    if y_true.shape == z.shape:
        losses = -np.sum(y_true * log_probs, axis=1)
    else:
        labels = y_true.astype(int).reshape(-1)
        losses = -log_probs[np.arange(len(labels)), labels]
    return float(np.mean(losses))


def steps_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return n_samples / batch_size
    return math.ceil(n_samples / batch_size)


def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    X = np.asarray(X)
    y = np.asarray(y)
    n = len(X)
    if shuffle:
        order = np.random.default_rng(seed).permutation(n)
    else:
        order = np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        if drop_last and len(idx) < batch_size:
            break
        yield X[idx], y[idx]
