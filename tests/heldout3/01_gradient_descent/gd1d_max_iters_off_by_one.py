# corpus: buggy
# function: gradient_descent_1d
# actual: Loops while iters <= max_iters, so it takes one iteration more than max_iters.
# named: max_iters | one extra | off by one | one too many
import numpy as np


def dy_dx(x):
    """Derivative of y = (x+5)**2."""
    if np.isscalar(x):
        return 2 * (x + 5)
    x = np.asarray(x, dtype=np.float64)
    return 2 * (x + 5)


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x = float(x0)
    history = [x]
    step = float("inf")
    iters = 0
    while step > precision and iters <= max_iters:
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
    if 0 <= q < 1:
        return "monotone"
    if -1 < q < 0:
        return "oscillating"
    if q == -1:
        return "stuck oscillating"
    return "divergent"
