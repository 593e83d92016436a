# corpus: buggy
# function: gradient_descent_1d
# mistake: |df(x)|
import numpy as np


def dy_dx(x):
    x = np.asarray(x, dtype=np.float64)
    result = 2.0 * (x + 5.0)
    return float(result) if result.ndim == 0 else result


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x = x0
    history = [x0]
    iters = 0
    step = precision + 1.0
    while step > precision and iters < max_iters:
        prev = x
        x = x - lr * df(prev)
        step = abs(df(x))
        iters += 1
        history.append(x)
    return x, history


def update_factor(lr, curvature):
    return 1.0 - lr * curvature


def classify_learning_rate(lr, curvature=2.0):
    q = 1.0 - lr * curvature
    if q == 1:
        return "no progress"
    if abs(q) > 1:
        return "divergent"
    if q == -1:
        return "stuck oscillating"
    if q < 0:
        return "oscillating"
    return "monotone"
