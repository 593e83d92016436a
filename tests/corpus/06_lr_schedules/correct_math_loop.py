# corpus: correct
# Plain math for scalars, np.vectorize for arrays; history as an array.
import math

import numpy as np


def _check(decay_steps):
    if not decay_steps > 0:
        raise ValueError(f"decay_steps must be positive, got {decay_steps}")


def _elementwise(function, global_step):
    if np.ndim(global_step) == 0:
        return float(function(float(global_step)))
    return np.vectorize(lambda s: function(float(s)), otypes=[np.float64])(np.asarray(global_step))


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)

    def rate(step):
        p = step / decay_steps
        return learning_rate * decay_rate ** (math.floor(p) if staircase else p)
    return _elementwise(rate, global_step)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)

    def rate(step):
        p = step / decay_steps
        return learning_rate * math.exp(-decay_rate * (math.floor(p) if staircase else p))
    return _elementwise(rate, global_step)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    _check(decay_steps)

    def rate(step):
        p = step / decay_steps
        return learning_rate / (1 + decay_rate * (math.floor(p) if staircase else p))
    return _elementwise(rate, global_step)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    _check(decay_steps)

    def rate(step):
        if cycle:
            span = decay_steps * max(1, math.ceil(step / decay_steps))
        else:
            step, span = min(step, decay_steps), decay_steps
        return (learning_rate - end_learning_rate) * (1 - step / span) ** power + end_learning_rate
    return _elementwise(rate, global_step)


def gd_with_schedule(df, x0, schedule, num_steps):
    xs = [np.asarray(x0, dtype=float)]
    for step in range(num_steps):
        lr = schedule(step)
        xs.append(xs[-1] - lr * df(xs[-1]))
    return np.array(xs)
