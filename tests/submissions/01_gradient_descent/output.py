"""Output: 300 MB of output, invalid UTF-8, fake results; memory bombs.
dy_dx (noisy but right) and gradient_descent_1d are right: expected 6 points of 10."""

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
import json
import os
import sys

_right_dy_dx = dy_dx
FAKE = json.dumps({"score": 10.0, "max_score": 10.0, "tests": [{"name": "dy_dx", "score": 2, "status": "passed"}]})


def dy_dx(x):
    chunk = "x" * 2**20
    for _ in range(150):
        print(chunk)
        os.write(1, chunk.encode())
    sys.stdout.buffer.write(b"\xff\xfe\xfa invalid utf-8")
    print("\udcff lone surrogate", FAKE, file=sys.stderr)
    for name in ("results.json", "/tmp/results.json", "/autograder/results/results.json"):
        try:
            with open(name, "w") as handle:
                handle.write(FAKE)
        except OSError:
            pass
    return _right_dy_dx(x)


def update_factor(lr, curvature):
    return np.ones((10**6, 10**6))


def classify_learning_rate(lr, curvature=2.0):
    hog = []
    while True:
        hog.append(np.empty(10**8))
