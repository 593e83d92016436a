# corpus: correct
import numpy as np


def dy_dx(x):
    """2(x+5) for numbers and arrays."""
    result = 2 * (np.asarray(x, dtype=float) + 5)
    return result if result.ndim else float(result)


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    history = [float(x0)]
    for _ in range(max_iters):
        prev = history[-1]
        new = prev - lr * df(prev)
        history.append(float(new))
        if abs(new - prev) <= precision:
            break
    return history[-1], history


def update_factor(lr, curvature):
    return 1.0 - curvature * lr


def classify_learning_rate(lr, curvature=2.0):
    q = update_factor(lr, curvature)
    table = [
        (lambda q: q == 1, "no progress"),
        (lambda q: 0 <= q < 1, "monotone"),
        (lambda q: -1 < q < 0, "oscillating"),
        (lambda q: q == -1, "stuck oscillating"),
    ]
    for test, name in table:
        if test(q):
            return name
    return "divergent"
