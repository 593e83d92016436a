# corpus: buggy
# function: gradient_descent
# actual: Uses a fixed step of 0.01 instead of the lr argument.
# named: learning rate | lr | argument ignored | ignores
import numpy as np


def partial_derivative(f, p, k, h=1e-4, method="central"):
    if method not in ("forward", "central"):
        raise ValueError("method must be 'forward' or 'central'")
    base = np.asarray(p, dtype=float)
    plus = base.copy()
    plus[k] += h
    if method == "forward":
        return (f(plus) - f(base.copy())) / h
    minus = base.copy()
    minus[k] -= h
    return (f(plus) - f(minus)) / (2 * h)


def numerical_gradient(f, x, h=1e-4):
    points = np.array(x, dtype=float)
    if points.ndim == 2:
        return np.array([numerical_gradient(f, row, h) for row in points], dtype=float).reshape(points.shape)
    grad = np.empty_like(points)
    for i in range(points.size):
        grad[i] = partial_derivative(f, points, i, h=h, method="central")
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float).copy()
    step = 0
    while step < step_num:
        x = x - 0.01 * numerical_gradient(f, x)
        step += 1
    return x


def gradient_descent_norm(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    p = np.asarray(p0, dtype=float).copy()
    for iterations in range(1, max_iters + 1):
        fp = f(p)
        g = np.zeros_like(p)
        for k in range(p.size):
            q = p.copy()
            q[k] += h
            g[k] = (f(q) - fp) / h
        if np.sqrt(np.sum(g ** 2)) < tol:
            return p, iterations
        p = p - lr * g
    return p, max_iters


def rel_error(a, b):
    a = np.array(a, dtype=float)
    b = np.array(b, dtype=float)
    denom = np.abs(a) + np.abs(b)
    denom = np.where(denom > 1e-8, denom, 1e-8)
    return float((np.abs(a - b) / denom).max())


def gradient_check(f, grad_f, x, h=1e-5):
    analytic = grad_f(x)
    numeric = numerical_gradient(f, x, h=h)
    return rel_error(analytic, numeric)


def second_derivative(f, x, h=1e-4):
    fx = f(x)
    return (f(x + h) - 2.0 * fx + f(x - h)) / (h * h)
