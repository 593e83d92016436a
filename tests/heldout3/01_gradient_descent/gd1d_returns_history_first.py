# corpus: buggy
# function: gradient_descent_1d
# actual: Returns (history, x) instead of (x, history).
# named: order | swapped | (x, history) | tuple
import numpy as np


def dy_dx(x):
    result = 2.0 * (np.array(x, dtype=float) + 5.0)
    if result.ndim == 0:
        return float(result)
    return result


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    history = [float(x0)]
    for _ in range(max_iters):
        prev = history[-1]
        x = prev - lr * df(prev)
        history.append(float(x))
        if abs(x - prev) <= precision:
            break
    return history, history[-1]


def update_factor(lr, curvature):
    q = 1.0 - lr * curvature
    return q


def classify_learning_rate(lr, curvature=2.0):
    q = update_factor(lr, curvature)
    if abs(q) > 1:
        return "divergent"
    elif q == -1:
        return "stuck oscillating"
    elif q < 0:
        return "oscillating"
    elif q < 1:
        return "monotone"
    else:
        return "no progress"
