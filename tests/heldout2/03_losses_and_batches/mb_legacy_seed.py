# corpus: buggy
# function: minibatches
# mistake:
# actual: shuffles with the legacy np.random.seed(seed); np.random.permutation(n) instead of numpy.random.default_rng(seed).permutation(n): a different order
# named: default_rng | np.random.seed | legacy | generator | global
import math

import numpy as np


def mean_squared_error(y_true, y_pred):
    t = np.array(y_true, dtype=float)
    p = np.array(y_pred, dtype=float)
    if t.shape != p.shape:
        raise ValueError(f"shapes differ: {t.shape} and {p.shape}")
    if t.ndim == 1:
        t = t.reshape(1, -1)
        p = p.reshape(1, -1)
    total = 0.0
    for i in range(t.shape[0]):
        sample = 0.0
        for j in range(t.shape[1]):
            sample += (t[i, j] - p[i, j]) ** 2
        total += sample
    return total / t.shape[0]


def cross_entropy(y_true, y_prob, eps=1e-7):
    probs = np.clip(np.array(y_prob, dtype=float), eps, 1 - eps)
    targets = np.array(y_true)
    if probs.ndim == 1:
        probs = probs[np.newaxis, :]
        targets = targets[np.newaxis, ...] if targets.ndim == 1 else targets.reshape(1)
    losses = []
    for i in range(probs.shape[0]):
        if targets.ndim == 2:
            loss = 0.0
            for j in range(probs.shape[1]):
                loss -= targets[i, j] * math.log(probs[i, j])
        else:
            loss = -math.log(probs[i, int(targets[i])])
        losses.append(loss)
    return sum(losses) / len(losses)


def softmax(z):
    z = np.array(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_cross_entropy(y_true, logits):
    z = np.array(logits, dtype=float)
    y = np.array(y_true)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        y = y.reshape(1, -1) if y.ndim == 1 else y.reshape(1)
    total = 0.0
    for i in range(z.shape[0]):
        row = z[i]
        m = max(row)
        log_sum = math.log(sum(math.exp(v - m) for v in row))
        log_probs = [v - m - log_sum for v in row]
        if y.ndim == 2:
            total -= sum(y[i, j] * log_probs[j] for j in range(len(row)))
        else:
            total -= log_probs[int(y[i])]
    return total / z.shape[0]


def steps_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return n_samples // batch_size
    return math.ceil(n_samples / batch_size)


def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    n = len(X)
    if shuffle:
        np.random.seed(seed)
        order = np.random.permutation(n)
    else:
        order = np.arange(n)
    start = 0
    while start < n:
        stop = start + batch_size
        if stop > n and drop_last:
            break
        idx = order[start:stop]
        yield X[idx], y[idx]
        start = stop
