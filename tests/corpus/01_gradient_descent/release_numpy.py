# corpus: correct
# Written from the release notebook alone: numpy throughout, the history kept as an array.
import numpy as np


def dy_dx(x):
    x = np.asarray(x, dtype=float)
    result = 2.0 * (x + 5.0)
    return float(result) if result.ndim == 0 else result


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    history = np.empty(max_iters + 1)
    history[0] = x = float(x0)
    iters, step = 0, np.inf
    while step > precision and iters < max_iters:
        new_x = x - lr * df(x)
        step = abs(new_x - x)
        x = new_x
        iters += 1
        history[iters] = x
    return x, history[:iters + 1]


def update_factor(lr, curvature):
    return 1.0 - lr * curvature


def classify_learning_rate(lr, curvature=2.0):
    q = update_factor(lr, curvature)
    table = [(q == 1, "no progress"), (0 <= q < 1, "monotone"), (-1 < q < 0, "oscillating"),
             (q == -1, "stuck oscillating"), (abs(q) > 1, "divergent")]
    return next(name for condition, name in table if condition)
