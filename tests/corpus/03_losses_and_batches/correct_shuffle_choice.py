# corpus: correct
# Other valid styles: labels via take_along_axis, the permutation by rng.choice,
# batches returned as a list, scipy-free logsumexp, np.float64 results.
import numpy as np


def mean_squared_error(y_true, y_pred):
    a, b = np.asarray(y_true, float), np.asarray(y_pred, float)
    if a.shape != b.shape:
        raise ValueError("y_true and y_pred must have the same shape")
    squared = (a - b) ** 2
    if a.ndim <= 1:
        return squared.sum()
    return squared.reshape(len(a), -1).sum(axis=1).mean()


def cross_entropy(y_true, y_prob, eps=1e-7):
    p = np.clip(np.asarray(y_prob, float), eps, 1.0 - eps)
    labels = np.asarray(y_true)
    single = p.ndim == 1
    if single:
        p = p[None, :]
        labels = labels[None, ...]
    if labels.shape == p.shape:
        losses = -(labels * np.log(p)).sum(axis=1)
    else:
        losses = -np.log(np.take_along_axis(p, labels.astype(int).reshape(-1, 1), axis=1)[:, 0])
    return losses.mean()


def softmax(z):
    z = np.array(z, dtype=np.float64)
    z -= np.max(z, axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z


def softmax_cross_entropy(y_true, logits):
    z = np.asarray(logits, float)
    single = z.ndim == 1
    if single:
        z = z[None, :]
    m = z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
    t = np.asarray(y_true)
    if single:
        t = t[None, ...]
    if t.shape == z.shape:
        picked = (t * z).sum(axis=1)
        return np.mean(t.sum(axis=1) * lse - picked)
    picked = z[np.arange(len(z)), t.astype(int)]
    return np.mean(lse - picked)


def steps_per_epoch(n_samples, batch_size, drop_last=False):
    full, rest = divmod(n_samples, batch_size)
    return full + (1 if rest and not drop_last else 0)


def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    X, y = np.asarray(X), np.asarray(y)
    n = len(X)
    order = np.random.default_rng(seed).choice(n, n, replace=False) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, stop, batch_size)]
