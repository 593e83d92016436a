# corpus: buggy
# function: inverse_time_decay
# actual: staircase takes the ceiling of p instead of the floor.
# named: floor | staircase | ceil | np.floor
import math

import numpy as np


def _check(decay_steps):
    if not decay_steps > 0:
        raise ValueError(f"decay_steps must be > 0, got {decay_steps}")


def _apply(f, global_step):
    """f on a number gives a float; on an array, elementwise float64."""
    if np.ndim(global_step) == 0:
        return float(f(float(global_step)))
    steps = np.asarray(global_step, dtype=np.float64)
    return np.array([f(float(s)) for s in steps.ravel()], dtype=np.float64).reshape(steps.shape)


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)

    def rate(step):
        p = step / decay_steps
        if staircase:
            p = math.floor(p)
        return learning_rate * decay_rate ** p

    return _apply(rate, global_step)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)

    def rate(step):
        p = math.floor(step / decay_steps) if staircase else step / decay_steps
        return learning_rate * math.exp(-decay_rate * p)

    return _apply(rate, global_step)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)

    def rate(step):
        p = math.ceil(step / decay_steps) if staircase else step / decay_steps
        return learning_rate / (1.0 + decay_rate * p)

    return _apply(rate, global_step)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    _check(decay_steps)

    def rate(step):
        if cycle:
            span = decay_steps * max(1, math.ceil(step / decay_steps))
            s = step
        else:
            span = decay_steps
            s = min(step, decay_steps)
        return (learning_rate - end_learning_rate) * (1 - s / span) ** power + end_learning_rate

    return _apply(rate, global_step)


def gd_with_schedule(df, x0, schedule, num_steps):
    start = np.array(x0, dtype=np.float64)
    history = np.empty((num_steps + 1,) + start.shape, dtype=np.float64)
    history[0] = start
    for k in range(1, num_steps + 1):
        lr = schedule(k - 1)
        history[k] = history[k - 1] - lr * np.asarray(df(history[k - 1].copy()), dtype=np.float64)
    return history
