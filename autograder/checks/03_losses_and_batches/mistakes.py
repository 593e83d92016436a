"""Known mistakes of 03_losses_and_batches: what a submission with each one mistake returns (see ``autograder.checks.known_mistakes``)."""

import math

import numpy as np

from autograder.checks.known_mistakes import f64, mistake, ref


def _samples(y):
    y = f64(y)
    return 1 if y.ndim <= 1 else y.shape[0]


@mistake("np.mean over every entry (also over the outputs) instead of the sum over outputs, mean over the batch",
         exact=True)
def mse_mean_over_all(y_true, y_pred):
    return float(np.mean((f64(y_pred) - f64(y_true)) ** 2))


@mistake("the sum over the batch instead of the mean")
def mse_sum_over_batch(y_true, y_pred):
    return float(np.sum((f64(y_pred) - f64(y_true)) ** 2))


@mistake("an extra factor 1/2 (the book's E = 1/2 sum (y - t)^2; the lecture's table has none)")
def mse_half(y_true, y_pred):
    return ref("03").mean_squared_error(y_true, y_pred) / 2


@mistake("a square root (RMSE) on top")
def mse_root(y_true, y_pred):
    return math.sqrt(ref("03").mean_squared_error(y_true, y_pred))


def _one_hot_like(y_true, y_prob):
    y_true, y_prob = np.asarray(y_true), f64(y_prob)
    if y_true.shape == y_prob.shape:
        return y_true.astype(np.float64)
    return np.eye(y_prob.shape[-1])[y_true.astype(int)]


def _ce(y_true, y_prob, eps=1e-7, *, log=np.log, low=None, high=None, divide=None, picked=False):
    """``picked``: the true classes' log-probabilities summed alone (label indexing), not y_true * log(p) over
    every class, where a 0 * log(0) is nan."""
    p = f64(y_prob)
    p = np.clip(p, eps if low is None else low, 1 - eps if high is None else high)
    one_hot = _one_hot_like(y_true, y_prob)
    terms = one_hot * log(p)
    total = -np.sum(np.where(one_hot != 0, terms, 0.0) if picked else terms)
    return float(total / (_samples(y_prob) if divide is None else divide(p)))


@mistake("log10 instead of the natural log")
def ce_log10(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, log=np.log10)


@mistake("the sum over the batch instead of the mean")
def ce_sum_over_batch(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, divide=lambda p: 1)


@mistake("np.mean over every entry (dividing by B*C) instead of the mean over the batch", exact=True)
def ce_mean_over_all(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, divide=lambda p: p.size)


@mistake("no clipping (log(0) = -inf)")
def ce_no_clip(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, low=0.0, high=1.0)


@mistake("no clipping: the log of a probability of 0 is -inf, so the loss is infinite (clip y_prob to [eps, 1 - eps] "
         "first)")
def ce_no_clip_picked(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, low=0.0, high=1.0, picked=True)


@mistake("y_prob[:, labels]: every row at every label (a B x B table) instead of each row at its own label, "
         "y_prob[np.arange(B), labels]")
def ce_every_row_every_label(y_true, y_prob, eps=1e-7):
    p, labels = np.clip(f64(y_prob), eps, 1 - eps), np.asarray(y_true)
    if p.ndim != 2 or labels.shape != p.shape[:1]:
        raise ValueError("labels of a batch only")
    return float(-np.mean(np.log(p)[:, labels.astype(int)]))


@mistake("clipping only from below (the upper bound 1 - eps is missing)")
def ce_clip_low_only(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, high=1.0)


@mistake("the eps argument ignored (always 1e-7)")
def ce_ignores_eps(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, 1e-7)


@mistake("no max-subtraction: exp(1000) overflows to inf and inf/inf is nan (subtract the max first)")
def softmax_overflow(z):
    e = np.exp(f64(z))
    return e / np.sum(e, axis=-1, keepdims=True)


@mistake("normalizing over the whole array instead of along the last axis")
def softmax_whole_array(z):
    z = f64(z)
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


@mistake("e / e.sum(): normalizing over the whole array instead of along the last axis")
def softmax_whole_array_row_shift(z):
    z = f64(z)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e)


@mistake("normalizing along axis 0 (columns) instead of the last axis (rows)")
def softmax_axis0(z):
    z = f64(z)
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


@mistake("log(softmax(z)) taken directly: log(0) = -inf for large logits (use log-sum-exp)")
def sce_log_of_softmax(y_true, logits):
    p = ref("03").softmax(logits)
    return float(-np.sum(_one_hot_like(y_true, p) * np.log(p)) / _samples(p))


@mistake("log-sum-exp without subtracting the max first (exp(1e4) overflows to inf)")
def sce_lse_without_max(y_true, logits):
    z = f64(logits)
    log_p = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    return float(-np.sum(_one_hot_like(y_true, z) * log_p) / _samples(z))


@mistake("the - max(z) left out of the log-softmax z - max(z) - log(sum(exp(z - max(z)))): every log-probability is "
         "off by the row maximum")
def sce_log_softmax_without_max_term(y_true, logits):
    z = f64(logits)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    log_p = z - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    return float(-np.sum(_one_hot_like(y_true, z) * log_p) / _samples(z))


@mistake("cross_entropy of clipped probabilities (eps 1e-7) instead of log-sum-exp")
def sce_clipped(y_true, logits):
    return ref("03").cross_entropy(y_true, ref("03").softmax(logits))


@mistake("the sum over the batch instead of the mean")
def sce_sum_over_batch(y_true, logits):
    return ref("03").softmax_cross_entropy(y_true, logits) * _samples(logits)


@mistake("floor(n / batch_size) without drop_last (the short last batch still counts as a step)")
def steps_floor_always(n_samples, batch_size, drop_last=False):
    return n_samples // batch_size


@mistake("ceil(n / batch_size) with drop_last (the short last batch is dropped)")
def steps_ceil_always(n_samples, batch_size, drop_last=False):
    return -(-n_samples // batch_size)


@mistake("n // batch_size + 1 instead of ceil(n / batch_size): one step too many when batch_size divides n")
def steps_plus_one(n_samples, batch_size, drop_last=False):
    return n_samples // batch_size + (0 if drop_last else 1)


def _batches(X, y, batch_size, order, drop_last):
    X, y = np.asarray(X), np.asarray(y)
    n = len(X)
    stop = n - n % batch_size if drop_last else n
    return [[X[order[i:i + batch_size]], y[order[i:i + batch_size]]] for i in range(0, stop, batch_size)]


def _order(n, shuffle, seed):
    return np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)


@mistake("drop_last ignored (the short last batch is kept)")
def batches_keep_last(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    return _batches(X, y, batch_size, _order(len(X), shuffle, seed), False)


@mistake("the short last batch dropped although drop_last is False")
def batches_drop_last(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    return _batches(X, y, batch_size, _order(len(X), shuffle, seed), True)


@mistake("X and y shuffled with two different permutations (rows no longer match their labels)")
def batches_two_permutations(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    rng = np.random.default_rng(seed)
    ox, oy = rng.permutation(len(X)), rng.permutation(len(X))
    X, y = np.asarray(X)[ox], np.asarray(y)[oy]
    return _batches(X, y, batch_size, np.arange(len(X)), drop_last)


@mistake("the legacy np.random.seed/np.random.permutation instead of numpy.random.default_rng(seed)")
def batches_legacy_random(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    order = np.random.RandomState(seed).permutation(len(X)) if shuffle else np.arange(len(X))
    return _batches(X, y, batch_size, order, drop_last)
