# corpus: correct
# Written from the release notebook alone: one formula per schedule on np.asarray steps, floats back for scalar steps,
# a preallocated history shaped (num_steps + 1, *shape(x0)).
import numpy as np


def _check(decay_steps):
    if not decay_steps > 0:
        raise ValueError(f"decay_steps must be > 0, got {decay_steps}")


def _out(value, global_step):
    return float(value) if np.ndim(global_step) == 0 else np.asarray(value, dtype=float)


def _p(global_step, decay_steps, staircase):
    p = np.asarray(global_step, dtype=float) / decay_steps
    return np.floor(p) if staircase else p


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)
    return _out(learning_rate * np.power(decay_rate, _p(global_step, decay_steps, staircase)), global_step)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)
    return _out(learning_rate * np.exp(-decay_rate * _p(global_step, decay_steps, staircase)), global_step)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)
    return _out(learning_rate / (1.0 + decay_rate * _p(global_step, decay_steps, staircase)), global_step)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    _check(decay_steps)
    g = np.asarray(global_step, dtype=float)
    if cycle:
        span = decay_steps * np.maximum(1.0, np.ceil(g / decay_steps))
        fraction = g / span
    else:
        fraction = np.minimum(g, decay_steps) / decay_steps
    return _out((learning_rate - end_learning_rate) * (1.0 - fraction) ** power + end_learning_rate, global_step)


def gd_with_schedule(df, x0, schedule, num_steps):
    x = np.array(x0, dtype=float)
    history = np.zeros((num_steps + 1,) + x.shape)
    history[0] = x
    for k in range(num_steps):
        x = x - schedule(k) * df(x)
        history[k + 1] = x
    return history
