"""Ending the process: sys.exit, os._exit, KeyboardInterrupt, and a pickle written to every file descriptor.
Only gradient_descent_1d is right: expected 4 points of 10."""

import numpy as np


def dy_dx(x):
    return 2 * (np.asarray(x, dtype=float) + 5)


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x = float(x0)
    history = [x]
    step, iters = float("inf"), 0
    while step > precision and iters < max_iters:
        prev = x
        x = x - lr * df(prev)
        step = abs(x - prev)
        iters += 1
        history.append(x)
    return x, history


def update_factor(lr, curvature):
    return 1 - lr * curvature


def classify_learning_rate(lr, curvature=2.0):
    q = 1 - lr * curvature
    if q == 1:
        return "no progress"
    if abs(q) > 1:
        return "divergent"
    if q == -1:
        return "stuck oscillating"
    if q < 0:
        return "oscillating"
    return "monotone"


# ---- hostile part: redefines some functions above ----
import os
import pickle
import sys

MARKER = "@MARKER@"


class Payload:
    """Creates MARKER if anybody ever unpickles it."""
    def __reduce__(self):
        return (open, (MARKER, "w"))


def dy_dx(x):
    sys.exit(0)


def update_factor(lr, curvature):
    os._exit(3)


def classify_learning_rate(lr, curvature=2.0):
    data = pickle.dumps({"score": 100, "status": "passed", "payload": Payload()})
    for fd in range(1024):
        try:
            os.write(fd, data)
        except OSError:
            pass
    raise KeyboardInterrupt
