# corpus: buggy
# function: gd_with_schedule
# mistake:
# actual: step k uses schedule(k + 1) instead of schedule(k) (counts steps from 1)
# named: off by one | schedule(k + 1) | k + 1 | one step late | one step ahead | shifted
import numpy as np


def _check(decay_steps):
    if decay_steps <= 0:
        raise ValueError("decay_steps must be positive, got %r" % (decay_steps,))


def _progress(global_step, decay_steps, staircase):
    p = np.asarray(global_step, dtype=float) / float(decay_steps)
    if staircase:
        p = np.floor(p)
    return p


def _out(rate, global_step):
    if np.ndim(global_step) == 0:
        return float(rate)
    return np.asarray(rate, dtype=np.float64)


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)
    p = _progress(global_step, decay_steps, staircase)
    return _out(learning_rate * np.power(decay_rate, p), global_step)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)
    p = _progress(global_step, decay_steps, staircase)
    return _out(learning_rate * np.exp(-decay_rate * p), global_step)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)
    p = _progress(global_step, decay_steps, staircase)
    return _out(learning_rate / (1.0 + decay_rate * p), global_step)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    _check(decay_steps)
    step = np.asarray(global_step, dtype=float)
    if cycle:
        s = step
        D = decay_steps * np.maximum(1.0, np.ceil(step / decay_steps))
    else:
        s = np.minimum(step, decay_steps)
        D = decay_steps
    rate = (learning_rate - end_learning_rate) * (1.0 - s / D) ** power + end_learning_rate
    return _out(rate, global_step)


def gd_with_schedule(df, x0, schedule, num_steps):
    x = np.array(x0, dtype=float)
    history = [x.copy()]
    for k in range(num_steps):
        x = x - schedule(k + 1) * df(x)
        history.append(np.array(x, dtype=float))
    return np.array(history, dtype=float)
