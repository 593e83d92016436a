# corpus: buggy
# function: softmax
# mistake:
# actual: np.sum(e) over the whole batch instead of each row
# named: axis | every row | each row
# affects: softmax_cross_entropy, minibatches
import math

import numpy as np


def _batch_size_of(y):
    """1-D (or scalar) targets are one sample; otherwise the first axis is the batch."""
    return 1 if y.ndim <= 1 else y.shape[0]


def mean_squared_error(y_true, y_pred):
    """Per sample the sum of squared errors over the outputs, averaged over the batch.

    1-D inputs are one sample. Shapes must match, else ValueError. Returns a float.
    y_true and y_pred may be a list or a numpy array, integers included.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return float(np.sum((y_pred - y_true) ** 2) / _batch_size_of(y_true))


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


def cross_entropy(y_true, y_prob, eps=1e-7):
    """Mean over the batch of -sum(y_true * log(y_prob)), y_prob clipped to [eps, 1 - eps].

    y_prob: probabilities, (B, C), or (C,) for one sample. y_true: one-hot of the same
    shape, or integer labels (B,) / an int. Natural log. Returns a float.
    y_prob is clipped to [eps, 1 - eps] first.
    """
    y_prob = np.clip(np.asarray(y_prob, dtype=float), eps, 1 - eps)
    y_true = _one_hot_targets(y_true, y_prob.shape)
    return float(-np.sum(y_true * np.log(y_prob)) / _batch_size_of(y_prob))


def softmax(z):
    """Softmax along the last axis. Subtracting the row maximum first keeps exp() finite.

    z may be a list or a numpy array, integers included. Array results are float64 numpy arrays,
    also for integer input. Never modifies z in place.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e)


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
