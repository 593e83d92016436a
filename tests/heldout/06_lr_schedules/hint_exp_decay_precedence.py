# corpus: buggy
# function: exponential_decay
# mistake:
# actual: decay_rate ** global_step / decay_steps (precedence: the division is outside the power)
# named: precedence | parenthes | ** (global_step / decay_steps)
"""06 Learning-rate decay (學習率衰減) schedules (Day 73 exponential / natural_exp /
inverse_time / polynomial decay).

Signatures and values follow TensorFlow 1.x tf.compat.v1.train.*_decay. Each takes a
scalar global_step (a float comes back) or an array of steps (an array comes back).
p = global_step / decay_steps; `staircase` floors p, so the rate drops in steps.
A large rate early moves fast (and can jump out of a poor local minimum); a small rate
late settles into the minimum.
"""

__all__ = [
    "exponential_decay",
    "natural_exp_decay",
    "inverse_time_decay",
    "polynomial_decay",
    "gd_with_schedule",
]

import numpy as np


def _steps(global_step, decay_steps):
    """global_step as floats; decay_steps must be positive."""
    if decay_steps <= 0:
        raise ValueError(f"decay_steps must be positive, got {decay_steps}")
    return np.asarray(global_step, dtype=float)


def _progress(global_step, decay_steps, staircase):
    """p = global_step / decay_steps, floored when staircase."""
    p = _steps(global_step, decay_steps) / decay_steps
    return np.floor(p) if staircase else p


def _like_steps(rate):
    """A float for a scalar global_step, an array for an array of steps."""
    return float(rate) if np.ndim(rate) == 0 else rate


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    """learning_rate * decay_rate ** p.

    A number global_step gives a float, an array of steps a float64 array of rates. A
    decay_steps of zero or less raises ValueError.
    """
    p = _steps(global_step, decay_steps)
    if staircase:
        return _like_steps(learning_rate * decay_rate ** np.floor(p / decay_steps))
    return _like_steps(learning_rate * decay_rate ** p / decay_steps)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    """learning_rate * exp(-decay_rate * p); the lecture's form is decay_steps=1.

    A number global_step gives a float, an array of steps a float64 array of rates. A
    decay_steps of zero or less raises ValueError.
    """
    return _like_steps(learning_rate * np.exp(-decay_rate * _progress(global_step, decay_steps, staircase)))


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    """learning_rate / (1 + decay_rate * p).

    A number global_step gives a float, an array of steps a float64 array of rates. A
    decay_steps of zero or less raises ValueError.
    """
    return _like_steps(learning_rate / (1 + decay_rate * _progress(global_step, decay_steps, staircase)))


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    """(learning_rate - end) * (1 - s/D) ** power + end.

    Without cycle: s = min(global_step, decay_steps), D = decay_steps: the rate reaches
    end_learning_rate at decay_steps and stays there.
    With cycle: s = global_step, D = decay_steps * max(1, ceil(global_step / decay_steps)):
    the decay restarts, from a lower height, every decay_steps.
    A number global_step gives a float, an array of steps a float64 array of rates. A
    decay_steps of zero or less raises ValueError.
    """
    step = _steps(global_step, decay_steps)
    if cycle:
        span = decay_steps * np.maximum(1.0, np.ceil(step / decay_steps))
    else:
        step, span = np.minimum(step, decay_steps), decay_steps
    rate = (learning_rate - end_learning_rate) * (1 - step / span) ** power + end_learning_rate
    return _like_steps(rate)


def gd_with_schedule(df, x0, schedule, num_steps):
    """Gradient descent where step k (0-based) uses lr = schedule(k).

    Returns the history of x, num_steps + 1 values (history[0] is x0), as a float array.
    x0 may be a number, a list or a numpy array of any shape, integers included. The history is
    a float64 array of shape (num_steps + 1, *shape(x0)). Never modifies x0 in place.
    """
    x = np.asarray(x0, dtype=float)
    history = [x]
    for k in range(num_steps):
        x = x - schedule(k) * df(x)
        history.append(x)
    return np.array(history)
