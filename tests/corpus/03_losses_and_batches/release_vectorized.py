# corpus: correct
# Written from the release notebook alone: vectorized numpy (take_along_axis, reshape to 2-D), np.split batches.
import numpy as np


def mean_squared_error(y_true, y_pred):
    a, b = np.asarray(y_true, dtype=np.float64), np.asarray(y_pred, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes {a.shape} and {b.shape} differ")
    a, b = np.atleast_2d(a), np.atleast_2d(b)
    return float(((a - b) ** 2).sum(axis=-1).mean())


def _log_probs_of_targets(y_true, log_p):
    """Per sample sum(y_true * log_p), with y_true one-hot like log_p or integer labels."""
    y = np.asarray(y_true)
    if y.shape == log_p.shape:
        return (y * log_p).sum(axis=-1)
    labels = y.astype(int).reshape(-1, 1) if log_p.ndim == 2 else y.astype(int).reshape(1)
    return np.take_along_axis(log_p, labels, axis=-1).squeeze(-1)


def cross_entropy(y_true, y_prob, eps=1e-7):
    p = np.clip(np.asarray(y_prob, dtype=np.float64), eps, 1 - eps)
    return float(-np.mean(_log_probs_of_targets(y_true, np.log(p))))


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(y_true, logits):
    z = np.asarray(logits, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return float(-np.mean(_log_probs_of_targets(y_true, log_p)))


def steps_per_epoch(n_samples, batch_size, drop_last=False):
    full, rest = divmod(n_samples, batch_size)
    return full + (1 if rest and not drop_last else 0)


def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    X, y = np.asarray(X), np.asarray(y)
    n = X.shape[0]
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    for batch in np.array_split(order, range(batch_size, n, batch_size)):
        if len(batch) == batch_size or (len(batch) and not drop_last):
            yield X[batch], y[batch]
