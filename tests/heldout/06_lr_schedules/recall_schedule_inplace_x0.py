# corpus: buggy
# function: gd_with_schedule
# mistake:
# actual: an array x0 updated in place (x -= ...) and the history kept as copies: the caller's x0 is changed
# named: in place | modif
import numpy as np


def _progress(global_step, decay_steps, staircase):
    if decay_steps <= 0:
        raise ValueError("decay_steps must be positive")
    p = np.asarray(global_step) / decay_steps
    if staircase:
        p = np.floor(p)
    return p


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    return learning_rate * decay_rate ** _progress(global_step, decay_steps, staircase)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    return learning_rate * np.exp(-decay_rate * _progress(global_step, decay_steps, staircase))


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    return learning_rate / (1 + decay_rate * _progress(global_step, decay_steps, staircase))


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    if decay_steps <= 0:
        raise ValueError("decay_steps must be positive")
    step = np.asarray(global_step, dtype=float)
    if cycle:
        D = decay_steps * np.maximum(1, np.ceil(step / decay_steps))
        s = step
    else:
        D = decay_steps
        s = np.minimum(step, decay_steps)
    return (learning_rate - end_learning_rate) * (1 - s / D) ** power + end_learning_rate


def gd_with_schedule(df, x0, schedule, num_steps):
    x = x0 if isinstance(x0, np.ndarray) else np.array(x0, dtype=float)
    history = [np.copy(x)]
    for k in range(num_steps):
        x -= schedule(k) * df(x)
        history.append(np.copy(x))
    return np.array(history, dtype=float)
