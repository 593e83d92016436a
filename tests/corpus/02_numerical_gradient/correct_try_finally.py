# corpus: correct
# The lecture's in-place style, made safe with try/finally on a float copy; gradient of
# 2-D x through np.apply_along_axis-like loops; a for/else iteration count.
import numpy as np


def partial_derivative(f, p, k, h=1e-4, method="central"):
    p = np.asarray(p, dtype=float)
    if method == "central":
        e = np.eye(p.size)[k] * h
        return (f(p + e) - f(p - e)) / (2 * h)
    elif method == "forward":
        e = np.eye(p.size)[k] * h
        return (f(p + e) - f(p)) / h
    raise ValueError(f"method must be 'central' or 'forward', got {method!r}")


def numerical_gradient(f, x, h=1e-4):
    x = np.asarray(x)
    work = x.astype(float)  # astype copies
    grad = np.zeros(work.shape)
    points = work.reshape(1, -1) if work.ndim == 1 else work
    out = grad.reshape(1, -1) if grad.ndim == 1 else grad
    for r in range(points.shape[0]):
        point = points[r]
        for i in range(point.size):
            tmp = point[i]
            try:
                point[i] = tmp + h
                fxh1 = f(point)
                point[i] = tmp - h
                fxh2 = f(point)
            finally:
                point[i] = tmp
            out[r, i] = (fxh1 - fxh2) / (2 * h)
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.asarray(init_x, dtype=float).copy()
    for i in range(step_num):
        x -= lr * numerical_gradient(f, x)
    return x


def gradient_descent_norm(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    p = np.asarray(p0, dtype=float)
    count = 0
    for count in range(1, max_iters + 1):
        fp = f(p)
        g = np.empty(p.size)
        for k in range(p.size):
            q = p.copy()
            q[k] += h
            g[k] = (f(q) - fp) / h
        if np.linalg.norm(g) < tol:
            break
        p = p - lr * g
    return p, count


def rel_error(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float((np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))).max())


def gradient_check(f, grad_f, x, h=1e-5):
    return rel_error(grad_f(np.array(x, dtype=float)), numerical_gradient(f, x, h=h))


def second_derivative(f, x, h=1e-4):
    x = float(x)
    return (f(x + h) + f(x - h) - 2.0 * f(x)) / (h * h)
