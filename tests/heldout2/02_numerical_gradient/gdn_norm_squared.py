# corpus: buggy
# function: gradient_descent_norm
# mistake:
# actual: compares the squared norm sum(g**2) with tol (no square root), so it stops too early
# named: sqrt | square root | squared | np.linalg.norm | euclidean | length
import numpy as np


def partial_derivative(f, p, k, h=1e-4, method="central"):
    if method not in ("central", "forward"):
        raise ValueError("unknown method: " + str(method))
    point = np.array(p, dtype=np.float64)
    plus = point.copy()
    plus[k] += h
    if method == "forward":
        return (f(plus) - f(point)) / h
    minus = point.copy()
    minus[k] -= h
    return (f(plus) - f(minus)) / (2 * h)


def _gradient_at(f, x, h):
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad


def numerical_gradient(f, x, h=1e-4):
    x = np.array(x, dtype=np.float64)  # a copy: the caller's x is never touched
    if x.ndim == 1:
        return _gradient_at(f, x, h)
    grad = np.zeros_like(x)
    for i in range(x.shape[0]):
        grad[i] = _gradient_at(f, x[i].copy(), h)
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=np.float64)
    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x = x - lr * grad
    return x


def gradient_descent_norm(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    p = np.array(p0, dtype=np.float64)
    iterations = 0
    while iterations < max_iters:
        g = np.zeros_like(p)
        fp = f(p)
        for k in range(p.size):
            moved = p.copy()
            moved[k] += h
            g[k] = (f(moved) - fp) / h
        iterations += 1
        if np.sum(g ** 2) < tol:
            break
        p = p - lr * g
    return p, iterations


def rel_error(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def gradient_check(f, grad_f, x, h=1e-5):
    return rel_error(grad_f(x), numerical_gradient(f, x, h))


def second_derivative(f, x, h=1e-4):
    x = float(x)
    return (f(x + h) - 2 * f(x) + f(x - h)) / h ** 2
