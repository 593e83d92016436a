# corpus: correct
# A different but valid style: numpy history array, np.float64 scalars, a for loop.
import numpy as np


def dy_dx(x):
    return np.multiply(2, np.add(np.asarray(x, dtype=float), 5))


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    xs = [np.float64(x0)]
    for _ in range(max_iters):
        new = xs[-1] - lr * df(xs[-1])
        xs.append(np.float64(new))
        if not abs(new - xs[-2]) > precision:
            break
    return xs[-1], np.array(xs)


def update_factor(lr, curvature):
    return np.float64(1 - curvature * lr)


def classify_learning_rate(lr, curvature=2.0):
    q = 1 - lr * curvature
    if q == 1.0:
        return "no progress"
    elif 0 <= q < 1:
        return "monotone"
    elif -1 < q < 0:
        return "oscillating"
    elif q == -1:
        return "stuck oscillating"
    return "divergent"
