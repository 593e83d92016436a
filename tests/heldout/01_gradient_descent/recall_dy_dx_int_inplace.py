# corpus: buggy
# function: dy_dx
# mistake:
# actual: x converted without dtype and updated in place: integer arrays raise (or stay integer)
# named: integer
import numpy as np


def dy_dx(x):
    # "Array results are float64 numpy arrays, also for integer input." (the first release said only
    # "an array in, an array of derivatives out", and this line was 2 * (np.asarray(x) + 5))
    x = np.array(x)
    x += 5
    x *= 2.0
    return x


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
    return 1 - lr * curvature


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
