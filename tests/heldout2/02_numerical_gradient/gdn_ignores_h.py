# corpus: buggy
# function: gradient_descent_norm
# mistake:
# actual: does not pass h on to partial_derivative, so the forward difference uses the default 1e-4 instead of the h argument
# named: the h argument | h argument | h=0.01 | h = 0.01 | step h | ignor | 1e-4 | 0.0001
import numpy as np

METHODS = {"forward", "central"}


def partial_derivative(f, p, k, h=1e-4, method="central"):
    if method not in METHODS:
        raise ValueError(f"method must be 'forward' or 'central', not {method!r}")
    base = np.asarray(p, dtype=float)
    e_k = np.zeros_like(base)
    e_k[k] = 1.0
    upper = f(base + h * e_k)
    if method == "central":
        return (upper - f(base - h * e_k)) / (2 * h)
    return (upper - f(base)) / h


def numerical_gradient(f, x, h=1e-4):
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        return np.array([numerical_gradient(f, row, h) for row in x])
    return np.array([partial_derivative(f, x, k, h) for k in range(len(x))], dtype=float)


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.asarray(init_x, dtype=float)
    for _ in range(step_num):
        x = x - lr * numerical_gradient(f, x)
    return x


def gradient_descent_norm(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    p = np.asarray(p0, dtype=float)
    for count in range(1, max_iters + 1):
        g = np.array([partial_derivative(f, p, k, method="forward") for k in range(len(p))])
        if np.sqrt(np.sum(g ** 2)) < tol:
            return p, count
        p = p - lr * g
    return p, max_iters


def rel_error(a, b):
    diff = np.abs(np.subtract(a, b, dtype=float))
    scale = np.maximum(1e-8, np.abs(np.asarray(a, dtype=float)) + np.abs(np.asarray(b, dtype=float)))
    return float((diff / scale).max())


def gradient_check(f, grad_f, x, h=1e-5):
    analytic = grad_f(x)
    numeric = numerical_gradient(f, x, h=h)
    return rel_error(analytic, numeric)


def second_derivative(f, x, h=1e-4):
    return (f(x + h) - 2.0 * f(x) + f(x - h)) / (h * h)
