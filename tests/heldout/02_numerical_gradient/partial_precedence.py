# corpus: buggy
# function: partial_derivative
# mistake:
# actual: / 2 * h instead of / (2 * h): the central difference times h**2/4... (h**2/2 * 1/h)
# named: times | factor | /2*h where
import numpy as np


def partial_derivative(f, p, k, h=1e-4, method="central"):
    if method not in ("central", "forward"):
        raise ValueError("unknown method: " + str(method))
    p = np.array(p, dtype=np.float64)
    step = np.zeros_like(p)
    step[k] = h
    if method == "forward":
        return (f(p + step) - f(p)) / h
    return (f(p + step) - f(p - step)) / 2 * h


def _grad_1d(f, x, h):
    grad = np.zeros_like(x)
    for i in range(x.size):
        old = x[i]
        x[i] = old + h
        fxh1 = f(x)
        x[i] = old - h
        fxh2 = f(x)
        grad[i] = (fxh1 - fxh2) / (2 * h)
        x[i] = old
    return grad


def numerical_gradient(f, x, h=1e-4):
    x = np.array(x, dtype=np.float64)  # private copy
    if x.ndim == 1:
        return _grad_1d(f, x, h)
    grad = np.zeros_like(x)
    for i, row in enumerate(x):
        grad[i] = _grad_1d(f, row, h)
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
        grad = np.array([partial_derivative(f, p, k, h, method="forward") for k in range(len(p))])
        iterations += 1
        if np.sqrt(np.sum(grad ** 2)) < tol:
            break
        p = p - lr * grad
    return p, iterations


def rel_error(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))


def gradient_check(f, grad_f, x, h=1e-5):
    x = np.array(x, dtype=np.float64)
    analytic = grad_f(x.copy())
    numeric = numerical_gradient(f, x, h)
    return rel_error(analytic, numeric)


def second_derivative(f, x, h=1e-4):
    return (f(x + h) - 2 * f(x) + f(x - h)) / h ** 2
