# corpus: buggy
# function: exponential_decay
# actual: staircase rounds p to the nearest integer instead of flooring it.
# named: floor | np.floor | staircase | round
import numpy as np


def _progress(global_step, decay_steps, staircase):
    if decay_steps <= 0:
        raise ValueError("decay_steps must be positive")
    p = np.asarray(global_step, dtype=float) / decay_steps
    if staircase:
        p = np.floor(p)
    return p


def _out(rate):
    rate = np.asarray(rate, dtype=float)
    return float(rate) if rate.ndim == 0 else rate


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    p = _progress(global_step, decay_steps, False)
    if staircase:
        p = np.round(p)
    return _out(learning_rate * np.power(decay_rate, p))


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    p = _progress(global_step, decay_steps, staircase)
    return _out(learning_rate * np.exp(-decay_rate * p))


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    p = _progress(global_step, decay_steps, staircase)
    return _out(learning_rate / (1 + decay_rate * p))


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    if decay_steps <= 0:
        raise ValueError("decay_steps must be positive")
    step = np.asarray(global_step, dtype=float)
    if cycle:
        s = step
        D = decay_steps * np.maximum(1.0, np.ceil(step / decay_steps))
    else:
        s = np.minimum(step, decay_steps)
        D = decay_steps
    return _out((learning_rate - end_learning_rate) * (1 - s / D) ** power + end_learning_rate)


def gd_with_schedule(df, x0, schedule, num_steps):
    x = np.array(x0, dtype=float)
    history = [x.copy()]
    for k in range(num_steps):
        x = x - schedule(k) * df(x)
        history.append(np.array(x, dtype=float))
    return np.array(history, dtype=float)
