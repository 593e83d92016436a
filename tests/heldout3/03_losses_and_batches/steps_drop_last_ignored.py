# corpus: buggy
# function: steps_per_epoch
# actual: Always rounds up, ignoring drop_last.
# named: drop_last | floor | rounds up | ceil
import numpy as np


def mean_squared_error(y_true, y_pred):
    t = np.array(y_true, dtype=float)
    p = np.array(y_pred, dtype=float)
    if t.shape != p.shape:
        raise ValueError("y_true and y_pred must have the same shape")
    squared = (t - p) ** 2
    if squared.ndim <= 1:
        return float(squared.sum())
    n_samples = squared.shape[0]
    return float(squared.sum() / n_samples)


def _log_likelihood(y_true, log_p):
    """Per-sample sum of y_true * log_p, with y_true one-hot or integer labels; log_p is 2-D."""
    t = np.asarray(y_true)
    if t.size != log_p.size:  # integer labels, one per sample
        labels = t.astype(int).reshape(-1)
        return log_p[np.arange(log_p.shape[0]), labels]
    t = t.reshape(log_p.shape)
    return (t * log_p).sum(axis=1)


def cross_entropy(y_true, y_prob, eps=1e-7):
    p = np.atleast_2d(np.array(y_prob, dtype=float))
    p = np.minimum(np.maximum(p, eps), 1 - eps)
    return float(-_log_likelihood(y_true, np.log(p)).mean())


def softmax(z):
    z = np.array(z, dtype=float)
    exps = np.exp(z - z.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(y_true, logits):
    z = np.atleast_2d(np.array(logits, dtype=float))
    m = z.max(axis=1, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    return float(-_log_likelihood(y_true, z - lse).mean())


def steps_per_epoch(n_samples, batch_size, drop_last=False):
    full, rest = divmod(n_samples, batch_size)
    if rest:
        return full + 1
    return full


def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    X = np.asarray(X)
    y = np.asarray(y)
    n = X.shape[0]
    indices = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    n_batches = n // batch_size if drop_last else -(-n // batch_size)
    for b in range(n_batches):
        chosen = indices[b * batch_size:(b + 1) * batch_size]
        yield X[chosen], y[chosen]
