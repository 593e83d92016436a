# corpus: buggy
# function: gd_with_schedule
# mistake:
# actual: the history leaves out x0: it holds num_steps values (the iterates after each step) instead of num_steps + 1
# named: missing x0 | without x0 | leaves out x0 | starts with x0 | x0 is missing | one value short | one fewer
import math

import numpy as np


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    if not decay_steps > 0:
        raise ValueError("decay_steps must be > 0")
    steps = np.array(global_step, dtype=np.float64)
    ratio = steps / decay_steps
    if staircase:
        ratio = np.floor(ratio)
    lr = learning_rate * decay_rate ** ratio
    return lr.item() if lr.ndim == 0 else lr


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    if not decay_steps > 0:
        raise ValueError("decay_steps must be > 0")
    steps = np.array(global_step, dtype=np.float64)
    ratio = np.floor(steps / decay_steps) if staircase else steps / decay_steps
    lr = learning_rate * np.exp(-decay_rate * ratio)
    return lr.item() if lr.ndim == 0 else lr


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False):
    if not decay_steps > 0:
        raise ValueError("decay_steps must be > 0")
    steps = np.array(global_step, dtype=np.float64)
    ratio = np.floor(steps / decay_steps) if staircase else steps / decay_steps
    lr = learning_rate / (1 + decay_rate * ratio)
    return lr.item() if lr.ndim == 0 else lr


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    if not decay_steps > 0:
        raise ValueError("decay_steps must be > 0")
    steps = np.array(global_step, dtype=np.float64)
    if cycle:
        periods = np.ceil(steps / decay_steps)
        total = decay_steps * np.where(periods < 1, 1.0, periods)
        fraction = steps / total
    else:
        fraction = np.clip(steps, None, decay_steps) / decay_steps
    lr = (learning_rate - end_learning_rate) * (1 - fraction) ** power + end_learning_rate
    return lr.item() if lr.ndim == 0 else lr


def gd_with_schedule(df, x0, schedule, num_steps):
    x = np.array(x0, dtype=np.float64)
    history = np.empty((num_steps,) + x.shape)
    for k in range(num_steps):
        lr = schedule(k)
        x = x - lr * df(x)
        history[k] = x
    return history
