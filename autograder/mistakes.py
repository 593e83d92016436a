"""The catalogue of known mistakes, computed in the grader process (never in the sandbox).

Each entry is a function that computes what a submission with that one mistake returns,
tagged with the sentence a student reads ("This is what you get with <description>.").
A check passes the relevant entries to ``expect_close``/``expect_equal`` through
:func:`diagnose`::

    expect_close(got, expected, call=..., mistakes=diagnose([adam_no_bias_correction], w, dw, config))

Entries are grouped by assignment, in curriculum order. Where a mistake is "the right
function with other arguments" the entry calls the reference solution.
"""

import math
import warnings

import numpy as np

from solutions import load

_ref = {name: None for name in ("01", "02", "03", "04", "05", "06", "07", "08")}


def ref(number):
    """The reference module of assignment ``number`` ("01" ... "08"), loaded on first use."""
    if _ref[number] is None:
        from solutions import ASSIGNMENTS

        _ref[number] = load(next(a for a in ASSIGNMENTS if a.startswith(number)))
    return _ref[number]


def mistake(description):
    """Tag a function as a catalogue entry with the sentence that names the mistake."""

    def tag(function):
        function.description = description
        return function

    return tag


def diagnose(entries, *args, **kwargs):
    """``{entry.description: entry(*args, **kwargs)}`` for the entries that can be computed.

    An entry that raises for these inputs (the mistake would crash here too) is left out.
    """
    found = {}
    for entry in entries:
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found[entry.description] = entry(*args, **kwargs)
        except Exception:
            continue
    return found


def later(entries, *args, **kwargs):
    """A callable computing ``diagnose(entries, *args, **kwargs)``: the checks compute a diagnosis
    only when a comparison fails (some entries rerun a whole optimization)."""
    return lambda: diagnose(entries, *args, **kwargs)


def _f64(x):
    return np.asarray(x, dtype=np.float64)


# ============================== 01_gradient_descent ==============================

@mistake("y = (x+5)**2 itself instead of its derivative 2*(x+5)")
def dy_dx_returns_y(x):
    return (_f64(x) + 5) ** 2


@mistake("a sign error in the shift: 2*(x-5) instead of 2*(x+5)")
def dy_dx_wrong_shift(x):
    return 2 * (_f64(x) - 5)


@mistake("the factor 2 missing: x+5 instead of 2*(x+5)")
def dy_dx_no_factor_two(x):
    return _f64(x) + 5


@mistake("the chain rule misapplied: 2*x + 5 instead of 2*(x+5)")
def dy_dx_no_parentheses(x):
    return 2 * _f64(x) + 5


def _gd1d(df, x0, lr, precision, max_iters, *, keep_last=True, keep_first=True, extra_iter=False):
    x, history, step, iters = float(x0), [], float("inf"), 0
    if keep_first:
        history.append(x)
    limit = max_iters + 1 if extra_iter else max_iters
    while step > precision and iters < limit:
        prev = x
        x = x - lr * df(prev)
        step = abs(x - prev)
        iters += 1
        history.append(x)
    if not keep_last:
        history.pop()
    return x, history


@mistake("the last x not appended to the history (len(history) must be iterations + 1)")
def gd1d_history_without_last(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    return _gd1d(df, x0, lr, precision, max_iters, keep_last=False)


@mistake("x0 missing from the history (history[0] must be x0)")
def gd1d_history_without_x0(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    return _gd1d(df, x0, lr, precision, max_iters, keep_first=False)


@mistake("one iteration too many (the loop runs while iters <= max_iters)")
def gd1d_one_extra_iteration(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    return _gd1d(df, x0, lr, precision, max_iters, extra_iter=True)


@mistake("the sign flipped: 1 + lr*curvature instead of 1 - lr*curvature")
def update_factor_plus(lr, curvature):
    return 1 + lr * curvature


@mistake("lr*curvature without the 1 - ...")
def update_factor_missing_one(lr, curvature):
    return lr * curvature


@mistake("half the curvature: 1 - lr*curvature/2 (curvature is already the second derivative)")
def update_factor_half_curvature(lr, curvature):
    return 1 - lr * curvature / 2


@mistake("twice the curvature: 1 - 2*lr*curvature (curvature is already the second derivative)")
def update_factor_double_curvature(lr, curvature):
    return 1 - 2 * lr * curvature


def _classify(q, at_zero="monotone", at_minus_one="stuck oscillating"):
    if q == 1:
        return "no progress"
    if q == 0:
        return at_zero
    if q == -1:
        return at_minus_one
    if abs(q) > 1:
        return "divergent"
    return "oscillating" if q < 0 else "monotone"


@mistake("q == 0 put on the wrong side: 0 <= q < 1 is 'monotone'")
def classify_zero_oscillating(lr, curvature=2.0):
    return _classify(1 - lr * curvature, at_zero="oscillating")


@mistake("q == -1 counted as divergent: exactly -1 is 'stuck oscillating' (|q| > 1 diverges)")
def classify_minus_one_divergent(lr, curvature=2.0):
    return _classify(1 - lr * curvature, at_minus_one="divergent")


@mistake("q == -1 counted as oscillating: exactly -1 is 'stuck oscillating'")
def classify_minus_one_oscillating(lr, curvature=2.0):
    return _classify(1 - lr * curvature, at_minus_one="oscillating")


@mistake("the curvature argument ignored (always 2.0)")
def classify_ignores_curvature(lr, curvature=2.0):
    return ref("01").classify_learning_rate(lr)


# ============================== 02_numerical_gradient ==============================

def _forward_gradient(f, x, h):
    x = _f64(x).copy()
    g = np.zeros_like(x)
    fx = f(x.copy())
    for i in range(x.size):
        e = np.zeros_like(x)
        e.flat[i] = h
        g.flat[i] = (f(x + e) - fx) / h
    return g


def _rows(x, one_point):
    x = _f64(x)
    return one_point(x) if x.ndim <= 1 else np.array([one_point(row) for row in x])


@mistake("the forward difference (f(x+h) - f(x))/h where the central difference was asked")
def partial_forward_not_central(f, p, k, h=1e-4, method="central"):
    return ref("02").partial_derivative(f, p, k, h, method="forward")


@mistake("the central difference where method='forward' was asked")
def partial_central_not_forward(f, p, k, h=1e-4, method="forward"):
    return ref("02").partial_derivative(f, p, k, h, method="central")


@mistake("the central difference divided by h instead of 2h")
def partial_central_over_h(f, p, k, h=1e-4, method="central"):
    return 2 * ref("02").partial_derivative(f, p, k, h, method="central")


@mistake("the step h ignored (always 1e-4)")
def partial_ignores_h(f, p, k, h=1e-4, method="central"):
    return ref("02").partial_derivative(f, p, k, 1e-4, method=method)


@mistake("the forward difference (f(x+h) - f(x))/h instead of the central difference")
def gradient_forward(f, x, h=1e-4):
    return _rows(x, lambda point: _forward_gradient(f, point, h))


@mistake("the central difference divided by h instead of 2h")
def gradient_over_h(f, x, h=1e-4):
    return 2 * ref("02").numerical_gradient(f, x, h)


@mistake("the step h ignored (always 1e-4)")
def gradient_ignores_h(f, x, h=1e-4):
    return ref("02").numerical_gradient(f, x)


@mistake("x + h stored into an integer array (it truncates: convert x to float64 first)")
def gradient_integer_truncation(f, x, h=1e-4):
    def one_point(point):
        point = np.asarray(point).astype(np.int64)
        g = np.zeros(point.shape)
        for i in range(point.size):
            saved = point.flat[i]
            point.flat[i] = np.trunc(saved + h)
            plus = f(point.copy())
            point.flat[i] = np.trunc(saved - h)
            minus = f(point.copy())
            point.flat[i] = saved
            g.flat[i] = (plus - minus) / (2 * h)
        return g

    x = np.asarray(x)
    return one_point(x) if x.ndim <= 1 else np.array([one_point(row) for row in x])


def _gd_steps(f, x, lr, steps, direction=-1.0):
    x = _f64(x).copy()
    for _ in range(steps):
        x = x + direction * lr * ref("02").numerical_gradient(f, x)
    return x


@mistake("one step too many (step_num + 1 updates)")
def gd_one_step_too_many(f, init_x, lr=0.01, step_num=100):
    return _gd_steps(f, init_x, lr, step_num + 1)


@mistake("one step too few (step_num - 1 updates)")
def gd_one_step_too_few(f, init_x, lr=0.01, step_num=100):
    return _gd_steps(f, init_x, lr, max(step_num - 1, 0))


@mistake("gradient ascent: x + lr*gradient instead of x - lr*gradient")
def gd_ascent(f, init_x, lr=0.01, step_num=100):
    return _gd_steps(f, init_x, lr, step_num, direction=1.0)


def _gd_norm(f, p0, lr, h, tol, max_iters, *, central=False, norm=np.linalg.norm, count_last=True):
    p = _f64(p0).copy()
    method = "central" if central else "forward"
    iterations = 0
    while iterations < max_iters:
        g = np.array([ref("02").partial_derivative(f, p, k, h, method=method) for k in range(p.size)])
        iterations += 1
        if norm(g) < tol:
            return p, iterations if count_last else iterations - 1
        p = p - lr * g
    return p, iterations if count_last else iterations - 1


@mistake("central differences where gd1.py uses forward differences of step h")
def gd_norm_central(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    return _gd_norm(f, p0, lr, h, tol, max_iters, central=True)


@mistake("the last gradient evaluation (the one below tol) not counted")
def gd_norm_last_not_counted(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    return _gd_norm(f, p0, lr, h, tol, max_iters, count_last=False)


@mistake("the largest |component| compared with tol instead of the Euclidean norm")
def gd_norm_max_abs(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    return _gd_norm(f, p0, lr, h, tol, max_iters, norm=lambda g: np.max(np.abs(g)))


@mistake("the squared norm compared with tol instead of the Euclidean norm")
def gd_norm_squared(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    return _gd_norm(f, p0, lr, h, tol, max_iters, norm=lambda g: float(np.sum(g**2)))


@mistake("no 1e-8 floor in the denominator (0/0 gives nan when a and b are both 0)")
def rel_error_no_floor(a, b):
    a, b = _f64(a), _f64(b)
    return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))))


@mistake("the mean instead of the max over the entries")
def rel_error_mean(a, b):
    a, b = _f64(a), _f64(b)
    return float(np.mean(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


@mistake("|a - b| / |a| instead of |a - b| / max(1e-8, |a| + |b|)")
def rel_error_relative_to_a(a, b):
    a, b = _f64(a), _f64(b)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a))))


@mistake("the step h not passed on (numerical_gradient's default 1e-4 used)")
def gradient_check_ignores_h(f, grad_f, x, h=1e-5):
    return ref("02").rel_error(grad_f(_f64(x)), ref("02").numerical_gradient(f, x))


@mistake("the step h ignored (always 1e-5)")
def gradient_check_fixed_h(f, grad_f, x, h=1e-5):
    return ref("02").gradient_check(f, grad_f, x)


@mistake("a forward-difference numerical gradient")
def gradient_check_forward(f, grad_f, x, h=1e-5):
    return ref("02").rel_error(grad_f(_f64(x)), _forward_gradient(f, x, h))


@mistake("division by 2*h**2 instead of h**2")
def second_derivative_over_2h2(f, x, h=1e-4):
    return ref("02").second_derivative(f, x, h) / 2


@mistake("the first derivative (f(x+h) - f(x-h))/2h instead of the second")
def second_derivative_first(f, x, h=1e-4):
    x = float(x)
    return (f(x + h) - f(x - h)) / (2 * h)


@mistake("the step h ignored (always 1e-4)")
def second_derivative_ignores_h(f, x, h=1e-4):
    return ref("02").second_derivative(f, x)


# ============================== 03_losses_and_batches ==============================

def _samples(y):
    y = _f64(y)
    return 1 if y.ndim <= 1 else y.shape[0]


@mistake("np.mean over every entry (also over the outputs) instead of the sum over outputs, mean over the batch")
def mse_mean_over_all(y_true, y_pred):
    return float(np.mean((_f64(y_pred) - _f64(y_true)) ** 2))


@mistake("the sum over the batch instead of the mean")
def mse_sum_over_batch(y_true, y_pred):
    return float(np.sum((_f64(y_pred) - _f64(y_true)) ** 2))


@mistake("an extra factor 1/2 (the book's E = 1/2 sum (y - t)^2; the lecture's table has none)")
def mse_half(y_true, y_pred):
    return ref("03").mean_squared_error(y_true, y_pred) / 2


@mistake("a square root (RMSE) on top")
def mse_root(y_true, y_pred):
    return math.sqrt(ref("03").mean_squared_error(y_true, y_pred))


def _one_hot_like(y_true, y_prob):
    y_true, y_prob = np.asarray(y_true), _f64(y_prob)
    if y_true.shape == y_prob.shape:
        return y_true.astype(np.float64)
    return np.eye(y_prob.shape[-1])[y_true.astype(int)]


def _ce(y_true, y_prob, eps=1e-7, *, log=np.log, low=None, high=None, divide=None):
    p = _f64(y_prob)
    p = np.clip(p, eps if low is None else low, 1 - eps if high is None else high)
    total = -np.sum(_one_hot_like(y_true, y_prob) * log(p))
    return float(total / (_samples(y_prob) if divide is None else divide(p)))


@mistake("log10 instead of the natural log")
def ce_log10(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, log=np.log10)


@mistake("the sum over the batch instead of the mean")
def ce_sum_over_batch(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, divide=lambda p: 1)


@mistake("np.mean over every entry (dividing by B*C) instead of the mean over the batch")
def ce_mean_over_all(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, divide=lambda p: p.size)


@mistake("no clipping (log(0) = -inf)")
def ce_no_clip(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, low=0.0, high=1.0)


@mistake("clipping only from below (the upper bound 1 - eps is missing)")
def ce_clip_low_only(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, eps, high=1.0)


@mistake("the eps argument ignored (always 1e-7)")
def ce_ignores_eps(y_true, y_prob, eps=1e-7):
    return _ce(y_true, y_prob, 1e-7)


@mistake("no max-subtraction: exp(1000) overflows to inf and inf/inf is nan (subtract the max first)")
def softmax_overflow(z):
    e = np.exp(_f64(z))
    return e / np.sum(e, axis=-1, keepdims=True)


@mistake("normalizing over the whole array instead of along the last axis")
def softmax_whole_array(z):
    z = _f64(z)
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


@mistake("e / e.sum(): normalizing over the whole array instead of along the last axis")
def softmax_whole_array_row_shift(z):
    z = _f64(z)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e)


@mistake("normalizing along axis 0 (columns) instead of the last axis (rows)")
def softmax_axis0(z):
    z = _f64(z)
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


@mistake("log(softmax(z)) taken directly: log(0) = -inf for large logits (use log-sum-exp)")
def sce_log_of_softmax(y_true, logits):
    p = ref("03").softmax(logits)
    return float(-np.sum(_one_hot_like(y_true, p) * np.log(p)) / _samples(p))


@mistake("log-sum-exp without subtracting the max first (exp(1e4) overflows to inf)")
def sce_lse_without_max(y_true, logits):
    z = _f64(logits)
    log_p = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
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


@mistake("n // batch_size + 1 (one step too many when batch_size divides n)")
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


# ============================== 04_momentum ==============================
# Update rules with CS231n's interface; the checks run them step by step like the student's.

def _setup(w, dw, config, **defaults):
    config = dict(config or {})
    for key, value in defaults.items():
        config.setdefault(key, value)
    return _f64(w), _f64(dw), config


@mistake("gradient ascent: w + lr*dw instead of w - lr*dw")
def sgd_ascent(w, dw, config=None):
    w, dw, c = _setup(w, dw, config, learning_rate=1e-2)
    return w + c["learning_rate"] * dw, c


@mistake("the learning_rate in config ignored (always 1e-2)")
def sgd_ignores_config(w, dw, config=None):
    w, dw, c = _setup(w, dw, config)
    return w - 1e-2 * dw, c


def _momentum(w, dw, config, *, sign=-1.0, keep_state=True, stored_sign=1.0, nesterov=False, late_prev=False,
              nesterov_sign=-1.0):
    w, dw, c = _setup(w, dw, config, learning_rate=1e-2, momentum=0.9)
    mu, lr = c["momentum"], c["learning_rate"]
    v_prev = stored_sign * _f64(c["velocity"]) if keep_state and "velocity" in c else np.zeros_like(w)
    v = mu * v_prev + sign * lr * dw
    if nesterov:
        if late_prev:
            v_prev = v
        w_next = w + nesterov_sign * mu * v_prev + (1 + mu) * v
    else:
        w_next = w + v
    c["velocity"] = stored_sign * v
    return w_next, c


@mistake("v = momentum*v + lr*dw (the step goes uphill: it is momentum*v - lr*dw)")
def momentum_plus_lr(w, dw, config=None):
    return _momentum(w, dw, config, sign=1.0)


@mistake("the velocity not carried between calls (read it from config['velocity'], store the new one there)")
def momentum_no_state(w, dw, config=None):
    return _momentum(w, dw, config, keep_state=False)


@mistake("the velocity stored with the opposite sign (v = momentum*v + lr*dw; w - v): "
         "config['velocity'] must be momentum*v - lr*dw")
def momentum_negated_velocity(w, dw, config=None):
    return _momentum(w, dw, config, stored_sign=-1.0)


@mistake("plain momentum (v_prev saved after updating v, so the look-ahead cancels out)")
def nesterov_plain(w, dw, config=None):
    return _momentum(w, dw, config, nesterov=True, late_prev=True)


@mistake("+momentum*v_prev instead of -momentum*v_prev")
def nesterov_plus_prev(w, dw, config=None):
    return _momentum(w, dw, config, nesterov=True, nesterov_sign=1.0)


@mistake("the velocity not carried between calls (read it from config['velocity'], store the new one there)")
def nesterov_no_state(w, dw, config=None):
    return _momentum(w, dw, config, nesterov=True, keep_state=False)


def _run(update, grad_fn, w0, config, num_steps, *, fresh_config=False, first=True, last=True):
    w = _f64(w0)
    rows, state = [w], config
    for _ in range(num_steps):
        w, new_state = update(w, grad_fn(w), config if fresh_config else state)
        state = state if fresh_config else new_state
        rows.append(_f64(w))
    return np.array(rows[(0 if first else 1):(None if last else -1)])


@mistake("the config returned by update not passed to the next step (state lost)")
def run_fresh_config(update, grad_fn, w0, config=None, num_steps=100):
    return _run(update, grad_fn, w0, config, num_steps, fresh_config=True)


@mistake("w0 missing from the trajectory (row 0 must be w0)")
def run_without_w0(update, grad_fn, w0, config=None, num_steps=100):
    return _run(update, grad_fn, w0, config, num_steps, first=False)


@mistake("the last step missing from the trajectory (num_steps + 1 rows)")
def run_without_last(update, grad_fn, w0, config=None, num_steps=100):
    return _run(update, grad_fn, w0, config, num_steps, last=False)


# ============================== 05_adaptive_optimizers ==============================

def _scaled(dw, cache, eps, inside):
    if inside == "none":
        return dw / np.sqrt(cache)
    return dw / np.sqrt(cache + eps) if inside else dw / (np.sqrt(cache) + eps)


def _adagrad(w, dw, config, *, inside=False, accumulate=True):
    w, dw, c = _setup(w, dw, config, learning_rate=1e-2, epsilon=1e-8)
    cache = (_f64(c.get("cache", np.zeros_like(w))) if accumulate else 0.0) + dw**2
    c["cache"] = cache
    return w - c["learning_rate"] * _scaled(dw, cache, c["epsilon"], inside), c


@mistake("epsilon inside the square root: dw/sqrt(cache + eps) instead of dw/(sqrt(cache) + eps)")
def adagrad_eps_inside(w, dw, config=None):
    return _adagrad(w, dw, config, inside=True)


@mistake("no epsilon in the denominator (0/0 is nan where the gradient is 0)")
def adagrad_no_eps(w, dw, config=None):
    return _adagrad(w, dw, config, inside="none")


@mistake("the cache not accumulated (cache = dw**2 of this step only; it is cache += dw**2)")
def adagrad_no_accumulation(w, dw, config=None):
    return _adagrad(w, dw, config, accumulate=False)


def _rmsprop(w, dw, config, *, inside=False, keep=None, new=None, start_at_g=False):
    w, dw, c = _setup(w, dw, config, learning_rate=1e-2, decay_rate=0.99, epsilon=1e-8)
    rho = c["decay_rate"]
    if "cache" in c:
        old = _f64(c["cache"])
        cache = (rho if keep is None else keep(rho)) * old + ((1 - rho) if new is None else new(rho)) * dw**2
    elif start_at_g:
        cache = dw**2
    else:
        cache = ((1 - rho) if new is None else new(rho)) * dw**2
    c["cache"] = cache
    return w - c["learning_rate"] * _scaled(dw, cache, c["epsilon"], inside), c


@mistake("epsilon inside the square root: dw/sqrt(cache + eps) instead of dw/(sqrt(cache) + eps)")
def rmsprop_eps_inside(w, dw, config=None):
    return _rmsprop(w, dw, config, inside=True)


@mistake("no epsilon in the denominator (0/0 is nan where the gradient is 0)")
def rmsprop_no_eps(w, dw, config=None):
    return _rmsprop(w, dw, config, inside="none")


@mistake("the cache not decayed (cache + (1-rho)*dw**2; it is rho*cache + (1-rho)*dw**2)")
def rmsprop_not_decayed(w, dw, config=None):
    return _rmsprop(w, dw, config, keep=lambda rho: 1.0)


@mistake("the (1-rho) factor missing (rho*cache + dw**2)")
def rmsprop_no_one_minus_rho(w, dw, config=None):
    return _rmsprop(w, dw, config, new=lambda rho: 1.0)


@mistake("rho and 1-rho swapped ((1-rho)*cache + rho*dw**2)")
def rmsprop_swapped(w, dw, config=None):
    return _rmsprop(w, dw, config, keep=lambda rho: 1 - rho, new=lambda rho: rho)


@mistake("the cache started at dw**2 (the lecture's sigma_0 = |g_0|) instead of zeros")
def rmsprop_lecture_start(w, dw, config=None):
    return _rmsprop(w, dw, config, start_at_g=True)


def _adam(w, dw, config, *, correct=True, late_t=False, inside=False, eps_hat=False, v_linear=False,
          v_beta1=False):
    w, dw, c = _setup(w, dw, config, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)
    b1, b2 = c["beta1"], c["beta2"]
    t_old = c.get("t", 0)
    t = t_old if late_t else t_old + 1
    m = b1 * _f64(c.get("m", np.zeros_like(w))) + (1 - b1) * dw
    v = b2 * _f64(c.get("v", np.zeros_like(w))) + (1 - b2) * (np.abs(dw) if v_linear else dw**2)
    if eps_hat:
        step = c["learning_rate"] * math.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + c["epsilon"])
    else:
        m_hat, v_hat = (m / (1 - b1**t), v / (1 - (b1 if v_beta1 else b2) ** t)) if correct else (m, v)
        step = c["learning_rate"] * _scaled(m_hat, v_hat, c["epsilon"], inside)
    c.update(m=m, v=v, t=t_old + 1)
    return w - step, c


@mistake("no bias correction (m_hat = m/(1-beta1**t), v_hat = v/(1-beta2**t) are missing)")
def adam_no_bias_correction(w, dw, config=None):
    return _adam(w, dw, config, correct=False)


@mistake("t incremented after its use (t += 1 comes first, so the first step uses t = 1)")
def adam_late_t(w, dw, config=None):
    return _adam(w, dw, config, late_t=True)


@mistake("epsilon inside the square root: m_hat/sqrt(v_hat + eps) instead of m_hat/(sqrt(v_hat) + eps)")
def adam_eps_inside(w, dw, config=None):
    return _adam(w, dw, config, inside=True)


@mistake("no epsilon in the denominator (0/0 is nan where the gradient is 0)")
def adam_no_eps(w, dw, config=None):
    return _adam(w, dw, config, inside="none")


@mistake("Keras' 'epsilon hat' form (eps added to the uncorrected sqrt(v)); Algorithm 1 adds it to sqrt(v_hat)")
def adam_eps_hat(w, dw, config=None):
    return _adam(w, dw, config, eps_hat=True)


@mistake("v built from |dw| instead of dw**2")
def adam_v_linear(w, dw, config=None):
    return _adam(w, dw, config, v_linear=True)


@mistake("v bias-corrected with beta1 instead of beta2")
def adam_v_corrected_with_beta1(w, dw, config=None):
    return _adam(w, dw, config, v_beta1=True)


# ============================== 06_lr_schedules ==============================

def _p(global_step, decay_steps, staircase, rounding=np.floor):
    p = _f64(global_step) / decay_steps
    return rounding(p) if staircase else p


def _like(rate):
    return float(rate) if np.ndim(rate) == 0 else rate


_FORMULAS = {
    "exponential_decay": lambda lr, p, rate: lr * rate**p,
    "natural_exp_decay": lambda lr, p, rate: lr * np.exp(-rate * p),
    "inverse_time_decay": lambda lr, p, rate: lr / (1 + rate * p),
}


def _decay(name, lr, step, decay_steps, rate, staircase, **p_options):
    return _like(_FORMULAS[name](lr, _p(step, decay_steps, staircase, **p_options), rate))


def decay_mistakes(name):
    """The catalogue entries of one of the three decays (same signature)."""

    @mistake("staircase not floored (staircase=True floors p = global_step/decay_steps)")
    def not_floored(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, decay_steps, rate, False)

    @mistake("p floored although staircase is False (integer division global_step // decay_steps)")
    def always_floored(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, decay_steps, rate, True)

    @mistake("p rounded instead of floored with staircase")
    def rounded(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, decay_steps, rate, staircase, rounding=np.round)

    @mistake("p rounded up (ceil) instead of floored with staircase")
    def ceiled(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, decay_steps, rate, staircase, rounding=np.ceil)

    @mistake("decay_steps ignored (p = global_step)")
    def no_decay_steps(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, 1, rate, staircase)

    others = []
    for other, formula in _FORMULAS.items():
        if other != name:
            def wrong_formula(lr, step, decay_steps, rate, staircase=False, formula=formula):
                return _like(formula(lr, _p(step, decay_steps, staircase), rate))

            others.append(mistake(f"the {other.replace('_', ' ')} formula")(wrong_formula))

    @mistake("exp(+decay_rate * p): the minus sign is missing")
    def missing_minus(lr, step, decay_steps, rate, staircase=False):
        return _like(lr * np.exp(rate * _p(step, decay_steps, staircase)))

    @mistake("lr / (1 + decay_rate) ** p instead of lr / (1 + decay_rate * p)")
    def inverse_power(lr, step, decay_steps, rate, staircase=False):
        return _like(lr / (1 + rate) ** _p(step, decay_steps, staircase))

    extra = {"natural_exp_decay": [missing_minus], "inverse_time_decay": [inverse_power]}.get(name, [])
    return [not_floored, always_floored, rounded, ceiled, no_decay_steps, *others, *extra]


def _poly(lr, step, decay_steps, end, power, cycle, *, clip=True, ceil=np.ceil, at_least_one=True,
          power_inside=False):
    step = _f64(step)
    if cycle:
        periods = ceil(step / decay_steps)
        span = decay_steps * (np.maximum(1.0, periods) if at_least_one else periods)
    else:
        step, span = (np.minimum(step, decay_steps) if clip else step), decay_steps
    factor = 1 - (step / span) ** power if power_inside else (1 - step / span) ** power
    return _like((lr - end) * factor + end)


@mistake("global_step not capped at decay_steps without cycle (s = min(global_step, decay_steps))")
def poly_not_capped(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, cycle, clip=False)


@mistake("floor instead of ceil in the cycle length D = decay_steps * max(1, ceil(global_step/decay_steps))")
def poly_cycle_floor(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, cycle, ceil=np.floor)


@mistake("the max(1, ...) missing in the cycle length (at global_step 0 it divides by zero)")
def poly_cycle_no_max(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, cycle, at_least_one=False)


@mistake("cycle ignored")
def poly_ignores_cycle(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, False)


@mistake("the power applied to s/D instead of to (1 - s/D)")
def poly_power_inside(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, cycle, power_inside=True)


@mistake("power ignored (always 1)")
def poly_ignores_power(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, 1.0, cycle)


def _schedule_gd(df, x0, schedule, num_steps, *, shift=0, first=True, last=True, fixed=False):
    x = _f64(x0)
    history = [x]
    for k in range(num_steps):
        x = x - schedule(0 if fixed else k + shift) * df(x)
        history.append(x)
    return np.array(history[(0 if first else 1):(None if last else -1)])


@mistake("steps counted from 1: step k (0-based) must use schedule(k), the first step schedule(0)")
def schedule_one_based(df, x0, schedule, num_steps):
    return _schedule_gd(df, x0, schedule, num_steps, shift=1)


@mistake("the learning rate schedule(0) kept for every step")
def schedule_fixed(df, x0, schedule, num_steps):
    return _schedule_gd(df, x0, schedule, num_steps, fixed=True)


@mistake("x0 missing from the history (history[0] must be x0)")
def schedule_without_x0(df, x0, schedule, num_steps):
    return _schedule_gd(df, x0, schedule, num_steps, first=False)


@mistake("the last x missing from the history (num_steps + 1 values)")
def schedule_without_last(df, x0, schedule, num_steps):
    return _schedule_gd(df, x0, schedule, num_steps, last=False)


# ============================== 07_autograd ==============================

def value_class(*, accumulate=True, topological=True, rsub_flipped=False, tanh_wrong=False,
                relu_wrong=False, log_wrong=False, pow_wrong=False, exp_wrong=False):
    """A Value class with the given mistakes (all off: a correct one), for the graph driver."""

    class Value:
        def __init__(self, data, children=(), backward=None):
            self.data, self.grad, self._prev = float(data), 0.0, tuple(children)
            self._backward = backward or (lambda: None)

        def _send(self, node, amount):
            node.grad = node.grad + amount if accumulate else amount

        def _make(self, data, parents_and_locals):
            out = Value(data, [p for p, _ in parents_and_locals])

            def backward():
                for parent, local in parents_and_locals:
                    self._send(parent, local * out.grad)

            out._backward = backward
            return out

        @staticmethod
        def _wrap(other):
            return other if isinstance(other, Value) else Value(other)

        def __add__(self, other):
            other = self._wrap(other)
            return self._make(self.data + other.data, [(self, 1.0), (other, 1.0)])

        def __mul__(self, other):
            other = self._wrap(other)
            return self._make(self.data * other.data, [(self, other.data), (other, self.data)])

        def __pow__(self, k):
            local = k * self.data ** (k - 1) if not pow_wrong else self.data ** (k - 1)
            return self._make(self.data**k, [(self, local)])

        def exp(self):
            e = math.exp(self.data)
            return self._make(e, [(self, self.data if exp_wrong else e)])

        def log(self):
            return self._make(math.log(self.data), [(self, math.log(self.data) if log_wrong else 1 / self.data)])

        def tanh(self):
            t = math.tanh(self.data)
            return self._make(t, [(self, 1 - t if tanh_wrong else 1 - t**2)])

        def relu(self):
            return self._make(max(self.data, 0.0), [(self, 1.0 if relu_wrong else float(self.data > 0))])

        def __neg__(self):
            return self * -1.0

        def __sub__(self, other):
            return self + (-self._wrap(other))

        def __rsub__(self, other):
            return self - other if rsub_flipped else self._wrap(other) - self

        def __truediv__(self, other):
            return self * self._wrap(other) ** -1

        def __rtruediv__(self, other):
            return self._wrap(other) * self**-1

        __radd__ = __add__
        __rmul__ = __mul__

        def backward(self):
            self.grad = 1.0
            if topological is True:
                order, seen = [], set()

                def visit(node):
                    if id(node) not in seen:
                        seen.add(id(node))
                        for child in node._prev:
                            visit(child)
                        order.append(node)

                visit(self)
                for node in reversed(order):
                    node._backward()
            else:
                def recurse(node):
                    node._backward()
                    for child in (node._prev[::-1] if topological == "reversed" else node._prev):
                        recurse(child)

                recurse(self)

    return Value


def _graph(nodes, **flags):
    from autograder.drivers import value_graph

    return value_graph({"Value": value_class(**flags)}, nodes)


@mistake("grads overwritten (=) instead of accumulated (+=): a value used twice must get the sum of both paths")
def value_overwrites(nodes):
    return _graph(nodes, accumulate=False)


@mistake("backward() recursing from each node without a topological order (a node passes its grad on "
         "before all its uses have added to it)")
def value_no_topological_order(nodes):
    return _graph(nodes, topological=False)


@mistake("backward() recursing from each node without a topological order (a node passes its grad on "
         "before all its uses have added to it; here visiting the inputs in the other order)")
def value_no_topological_order_reversed(nodes):
    return _graph(nodes, topological="reversed")


@mistake("number - Value computed as Value - number (__rsub__ must be other - self)")
def value_rsub_flipped(nodes):
    return _graph(nodes, rsub_flipped=True)


@mistake("tanh's derivative as 1 - tanh(x) instead of 1 - tanh(x)**2")
def value_tanh_derivative(nodes):
    return _graph(nodes, tanh_wrong=True)


@mistake("relu's derivative 1 everywhere (it is 0 where the input is negative)")
def value_relu_derivative(nodes):
    return _graph(nodes, relu_wrong=True)


@mistake("log's derivative as log(x) instead of 1/x")
def value_log_derivative(nodes):
    return _graph(nodes, log_wrong=True)


@mistake("exp's derivative as x instead of exp(x)")
def value_exp_derivative(nodes):
    return _graph(nodes, exp_wrong=True)


@mistake("x**k's derivative without the factor k (it is k*x**(k-1))")
def value_pow_derivative(nodes):
    return _graph(nodes, pow_wrong=True)


VALUE_MISTAKES = [value_overwrites, value_no_topological_order, value_no_topological_order_reversed,
                  value_rsub_flipped, value_tanh_derivative,
                  value_relu_derivative, value_log_derivative, value_exp_derivative, value_pow_derivative]


# ============================== 08_training ==============================

def _he(layer_sizes, seed, std, transpose=False):
    rng = np.random.default_rng(seed)
    params = {}
    for i, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        shape = (fan_out, fan_in) if transpose else (fan_in, fan_out)
        params[f"W{i}"] = rng.normal(0.0, std(fan_in, fan_out), size=shape)
        params[f"b{i}"] = np.zeros(fan_out)
    return params


@mistake("std = sqrt(1/fan_in) (LeCun/Xavier) instead of He's sqrt(2/fan_in)")
def init_lecun(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: np.sqrt(1.0 / fan_in))


@mistake("std = sqrt(2/fan_out) instead of sqrt(2/fan_in)")
def init_fan_out(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: np.sqrt(2.0 / fan_out))


@mistake("unscaled standard normal weights (std 1 instead of sqrt(2/fan_in))")
def init_unscaled(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: 1.0)


@mistake("the legacy np.random.seed/np.random.randn instead of numpy.random.default_rng(seed)")
def init_legacy_random(layer_sizes, seed=0):
    state = np.random.RandomState(seed)
    params = {}
    for i, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{i}"] = state.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)
        params[f"b{i}"] = np.zeros(fan_out)
    return params


@mistake("weights of shape (out, in) instead of (in, out)")
def init_transposed(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: np.sqrt(2.0 / fan_in), transpose=True)


def _forward(params, X, *, relu_last=False, relu_hidden=True):
    n_layers = len(params) // 2
    a = _f64(X)
    for i in range(1, n_layers + 1):
        z = a @ _f64(params[f"W{i}"]) + _f64(params[f"b{i}"])
        last = i == n_layers
        a = np.maximum(z, 0) if (relu_last if last else relu_hidden) else z
    return a


@mistake("ReLU applied to the output layer too (the logits have no activation)")
def forward_relu_on_logits(params, X):
    return _forward(params, X, relu_last=True)


@mistake("no ReLU on the hidden layers")
def forward_no_relu(params, X):
    return _forward(params, X, relu_hidden=False)


def _loss_and_grads(params, X, y, *, loss_scale=1.0, grad_scale=1.0):
    loss, grads = ref("08").loss_and_grads(params, X, y)
    return loss * loss_scale, {k: g * grad_scale for k, g in grads.items()}


@mistake("the sum over the batch instead of the mean (loss and gradients B times too large)")
def lag_sum_over_batch(params, X, y):
    B = len(y)
    return _loss_and_grads(params, X, y, loss_scale=B, grad_scale=B)


@mistake("backprop missing the 1/B factor of the batch mean (gradients B times too large)")
def lag_missing_one_over_b(params, X, y):
    return _loss_and_grads(params, X, y, grad_scale=len(y))


def _train(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0, *,
           shared=False, epoch_seed=lambda seed, epoch: seed + epoch, loss_of_epoch="mean", keep_state=True):
    r8, r3 = ref("08"), ref("03")
    params = r8.init_params(layer_sizes, seed)
    shared_config = dict(config or {})
    configs = {name: (shared_config if shared else dict(config or {})) for name in params}
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        for Xb, yb in r3.minibatches(X, y, batch_size, shuffle=True, seed=epoch_seed(seed, epoch)):
            loss, grads = r8.loss_and_grads(params, Xb, yb)
            for name in params:
                if shared:
                    params[name], new = update(params[name], grads[name], shared_config)
                    shared_config.clear()
                    shared_config.update(new)
                elif keep_state:
                    params[name], configs[name] = update(params[name], grads[name], configs[name])
                else:
                    params[name], _ = update(params[name], grads[name], dict(config or {}))
            losses.append(loss)
        history["loss"].append(float(np.mean(losses) if loss_of_epoch == "mean" else losses[-1]))
    return params, history


@mistake("one config dict shared by all parameters (each parameter needs its own, e.g. its own Adam m, v, t)")
def train_shared_config(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    return _train(X, y, layer_sizes, update, config, batch_size, epochs, seed, shared=True)


@mistake("the config returned by update not kept (each parameter's state, e.g. Adam's m, v, t, is lost every step)")
def train_state_not_kept(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    return _train(X, y, layer_sizes, update, config, batch_size, epochs, seed, keep_state=False)


@mistake("the same batch order every epoch (the seed must be seed + epoch)")
def train_same_seed(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    return _train(X, y, layer_sizes, update, config, batch_size, epochs, seed, epoch_seed=lambda s, e: s)


@mistake("the last batch's loss recorded instead of the epoch's mean batch loss")
def train_last_batch_loss(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    return _train(X, y, layer_sizes, update, config, batch_size, epochs, seed, loss_of_epoch="last")


@mistake("the number of correct rows instead of the fraction")
def accuracy_count(params, X, y):
    return ref("08").accuracy(params, X, y) * len(y)


@mistake("a percentage instead of a fraction in [0, 1]")
def accuracy_percent(params, X, y):
    return ref("08").accuracy(params, X, y) * 100
