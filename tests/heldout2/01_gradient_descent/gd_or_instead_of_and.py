# corpus: buggy
# function: gradient_descent_1d
# mistake:
# actual: the while condition uses `or` instead of `and`, so the loop keeps going after the step is below precision and only stops at max_iters
# named: max_iters | stopping rule | stopping condition | stop condition | precision | ` or `
import numpy as np


def dy_dx(x):
    if np.isscalar(x):
        return 2.0 * (x + 5)
    arr = np.array(x, dtype=np.float64)
    return 2.0 * (arr + 5.0)


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x = float(x0)
    history = [x]
    step = float("inf")
    iters = 0
    while step > precision or iters < max_iters:
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
