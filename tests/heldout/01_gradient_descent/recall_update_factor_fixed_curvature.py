# corpus: buggy
# function: update_factor
# mistake:
# affects: classify_learning_rate
# actual: the curvature argument not used: 1 - lr*2 (the lecture's parabola) for every curvature
# named: depend on curvature | curvature ignored | ignores curvature
import numpy as np


def dy_dx(x):
    # "Array results are float64 numpy arrays, also for integer input." (the first release said only
    # "an array in, an array of derivatives out", and this line was 2 * (np.asarray(x) + 5))
    return 2 * (np.asarray(x, dtype=float) + 5)


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x = x0
    history = [x0]
    step = precision + 1
    iters = 0
    while step > precision and iters < max_iters:
        prev = x
        x = x - lr * df(prev)
        step = abs(x - prev)
        iters += 1
        history.append(x)
    return x, history


def update_factor(lr, curvature):
    return 1 - lr * 2


def classify_learning_rate(lr, curvature=2.0):
    q = update_factor(lr, curvature)
    if q == 1:
        return "no progress"
    if q == -1:
        return "stuck oscillating"
    if abs(q) > 1:
        return "divergent"
    if q >= 0:
        return "monotone"
    return "oscillating"
