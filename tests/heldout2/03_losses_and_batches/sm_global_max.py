# corpus: buggy
# function: softmax
# mistake:
# actual: subtracts the maximum of the whole array instead of each row's maximum, so a row far below the global maximum underflows to 0/0
# named: row maximum | row's maximum | each row | per row | keepdims | axis | whole array | global max | every row's max
import numpy as np


def mean_squared_error(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, dtype=np.float64), np.asarray(y_pred, dtype=np.float64)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred must have the same shape")
    per_sample = np.sum((y_pred - y_true) ** 2, axis=-1)
    return float(np.mean(per_sample))


def _as_batch(y_true, values):
    """Both as batches: values (B, C); y_true one-hot (B, C) or labels (B,)."""
    values = np.asarray(values, dtype=np.float64)
    y_true = np.asarray(y_true)
    if values.ndim == 1:
        values = values[None]
        y_true = y_true[None]
    return y_true, values


def _mean_nll(y_true, log_probs):
    if y_true.shape == log_probs.shape:
        return float(-np.mean(np.sum(y_true * log_probs, axis=1)))
    labels = y_true.astype(int).ravel()
    return float(-np.mean(log_probs[np.arange(len(labels)), labels]))


def cross_entropy(y_true, y_prob, eps=1e-7):
    y_true, y_prob = _as_batch(y_true, y_prob)
    return _mean_nll(y_true, np.log(np.clip(y_prob, eps, 1 - eps)))


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    exps = np.exp(z - z.max())
    return exps / exps.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(y_true, logits):
    y_true, z = _as_batch(y_true, logits)
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return _mean_nll(y_true, log_probs)


def steps_per_epoch(n_samples, batch_size, drop_last=False):
    full, rest = divmod(n_samples, batch_size)
    return full if drop_last or rest == 0 else full + 1


def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    X, y = np.asarray(X), np.asarray(y)
    n = X.shape[0]
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    for batch in range(steps_per_epoch(n, batch_size, drop_last)):
        chosen = order[batch * batch_size:(batch + 1) * batch_size]
        yield X[chosen], y[chosen]
