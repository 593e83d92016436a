# corpus: buggy
# function: exponential_decay
# mistake: the parentheses around global_step / decay_steps missing
import math

import numpy as np


def _p(global_step, decay_steps, staircase):
    if decay_steps <= 0:
        raise ValueError("decay_steps must be > 0")
    p = np.asarray(global_step, dtype=float) / decay_steps
    if staircase:
        p = np.floor(p)
    return p


def _out(value):
    value = np.asarray(value, dtype=float)
    return float(value) if value.ndim == 0 else value


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    if staircase:
        return _out(learning_rate * np.power(decay_rate, _p(global_step, decay_steps, True)))
    _p(global_step, decay_steps, False)  # decay_steps must be positive
    return _out(learning_rate * decay_rate ** np.asarray(global_step, dtype=float) / decay_steps)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    return _out(learning_rate * np.exp(-decay_rate * _p(global_step, decay_steps, staircase)))


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    return _out(learning_rate / (1.0 + decay_rate * _p(global_step, decay_steps, staircase)))


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    if decay_steps <= 0:
        raise ValueError("decay_steps must be > 0")
    step = np.asarray(global_step, dtype=float)
    if cycle:
        d = decay_steps * np.maximum(1.0, np.ceil(step / decay_steps))
        s = step
    else:
        d = decay_steps
        s = np.minimum(step, decay_steps)
    return _out((learning_rate - end_learning_rate) * (1 - s / d) ** power + end_learning_rate)


def gd_with_schedule(df, x0, schedule, num_steps):
    x = np.array(x0, dtype=float)
    history = [x.copy()]
    for k in range(num_steps):
        x = x - schedule(k) * df(x)
        history.append(x.copy())
    return history
