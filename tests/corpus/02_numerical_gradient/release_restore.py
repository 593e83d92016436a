# corpus: correct
# Written from the release notebook alone: the lecture's nudge-and-restore style (try/finally), helpers reused.
import numpy as np


def partial_derivative(f, p, k, h=1e-4, method="central"):
    if method not in ("forward", "central"):
        raise ValueError(f"method must be 'forward' or 'central', got {method!r}")
    p = np.asarray(p, dtype=np.float64)
    e_k = np.zeros(p.shape)
    e_k[k] = 1.0
    if method == "forward":
        return (f(p + h * e_k) - f(p)) / h
    return (f(p + h * e_k) - f(p - h * e_k)) / (2 * h)


def numerical_gradient(f, x, h=1e-4):
    work = np.array(x, dtype=np.float64)
    points = work.reshape(1, -1) if work.ndim == 1 else work
    grad = np.zeros_like(points)
    for r in range(points.shape[0]):
        point = points[r]
        for i in range(point.size):
            saved = point[i]
            try:
                point[i] = saved + h
                f_plus = f(point)
                point[i] = saved - h
                f_minus = f(point)
            finally:
                point[i] = saved
            grad[r, i] = (f_plus - f_minus) / (2 * h)
    return grad.reshape(work.shape)


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.asarray(init_x, dtype=np.float64)
    for _ in range(step_num):
        x = x - lr * numerical_gradient(f, x)
    return x


def gradient_descent_norm(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    p = np.asarray(p0, dtype=np.float64)
    for iterations in range(1, max_iters + 1):
        g = np.array([partial_derivative(f, p, k, h=h, method="forward") for k in range(p.size)])
        if np.linalg.norm(g) < tol:
            return p, iterations
        p = p - lr * g
    return p, max_iters


def rel_error(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float((np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))).max())


def gradient_check(f, grad_f, x, h=1e-5):
    analytic = grad_f(np.array(x, dtype=np.float64))
    numeric = numerical_gradient(f, x, h)
    return rel_error(analytic, numeric)


def second_derivative(f, x, h=1e-4):
    x = float(x)
    return (f(x + h) - 2.0 * f(x) + f(x - h)) / (h * h)
