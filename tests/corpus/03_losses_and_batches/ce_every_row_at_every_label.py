# corpus: buggy
# function: cross_entropy
# mistake: [:, labels]
import math

import numpy as np


def mean_squared_error(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shape mismatch: {y_true.shape} vs {y_pred.shape}")
    if y_true.ndim == 1:
        return float(np.sum((y_true - y_pred) ** 2))
    return float(np.mean(np.sum((y_true - y_pred) ** 2, axis=tuple(range(1, y_true.ndim)))))


def cross_entropy(y_true, y_prob, eps=1e-7):
    p = np.clip(np.asarray(y_prob, dtype=float), eps, 1 - eps)
    t = np.asarray(y_true)
    if t.shape != p.shape and p.ndim == 2:  # integer labels of a batch
        return float(-np.mean(np.log(p)[:, t.astype(int)]))
    if t.shape != p.shape:  # one label
        t = np.eye(p.shape[-1])[t.astype(int)]
    if p.ndim == 1:
        return float(-np.sum(t * np.log(p)))
    return float(-np.sum(t * np.log(p)) / p.shape[0])


def softmax(z):
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(y_true, logits):
    z = np.asarray(logits, dtype=float)
    m = z.max(axis=-1, keepdims=True)
    log_p = z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    t = np.asarray(y_true)
    if t.shape != z.shape:
        t = np.eye(z.shape[-1])[t.astype(int)]
    batch = 1 if z.ndim == 1 else z.shape[0]
    return float(-np.sum(t * log_p) / batch)


def steps_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return n_samples // batch_size
    return math.ceil(n_samples / batch_size)


def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    X = np.asarray(X)
    y = np.asarray(y)
    n = X.shape[0]
    if shuffle:
        idx = np.random.default_rng(seed).permutation(n)
    else:
        idx = np.arange(n)
    for start in range(0, n, batch_size):
        batch = idx[start:start + batch_size]
        if drop_last and len(batch) < batch_size:
            break
        yield X[batch], y[batch]
