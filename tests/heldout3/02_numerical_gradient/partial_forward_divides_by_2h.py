# corpus: buggy
# function: partial_derivative
# actual: The forward difference divides by 2h like the central one, halving it.
# named: 2h | forward | divid | half
import numpy as np


def function_2(x):
    """The lecture's f(x0, x1) = x0**2 + x1**2 at one point x."""
    return x[0] ** 2 + x[1] ** 2


def partial_derivative(f, p, k, h=1e-4, method="central"):
    p = np.array(p, dtype=np.float64)
    e = np.zeros_like(p)
    e[k] = h
    if method == "central":
        return (f(p + e) - f(p - e)) / (2 * h)
    elif method == "forward":
        return (f(p + e) - f(p)) / (2 * h)
    else:
        raise ValueError(f"unknown method {method!r}")


def _numerical_gradient_1d(f, x, h):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp = x[idx]
        x[idx] = tmp + h
        fxh1 = f(x)
        x[idx] = tmp - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp
    return grad


def numerical_gradient(f, x, h=1e-4):
    x = np.asarray(x)
    if x.ndim == 1:
        return _numerical_gradient_1d(f, x, h)
    grad = np.zeros(x.shape, dtype=np.float64)
    for i, row in enumerate(x):
        grad[i] = _numerical_gradient_1d(f, row, h)
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=np.float64)
    for _ in range(step_num):
        grad = numerical_gradient(f, x)
        x = x - lr * grad
    return x


def gradient_descent_norm(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    p = np.array(p0, dtype=np.float64)
    iterations = 0
    while iterations < max_iters:
        g = np.array([partial_derivative(f, p, k, h=h, method="forward") for k in range(p.size)])
        iterations += 1
        if np.linalg.norm(g) < tol:
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
