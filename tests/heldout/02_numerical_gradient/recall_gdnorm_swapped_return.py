# corpus: buggy
# function: gradient_descent_norm
# mistake:
# actual: returns (iterations, p) instead of (p, iterations)
# named: order | swapped
import numpy as np


def partial_derivative(f, p, k, h=1e-4, method="central"):
    p = np.array(p, dtype=float)  # a float copy
    step = np.zeros_like(p)
    step[k] = h
    if method == "forward":
        return (f(p + step) - f(p)) / h
    elif method == "central":
        return (f(p + step) - f(p - step)) / (2 * h)
    else:
        raise ValueError("unknown method " + str(method))


def _gradient_at(f, point, h):
    grad = np.zeros(len(point))
    for i in range(len(point)):
        up = point.copy()
        up[i] += h
        down = point.copy()
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def numerical_gradient(f, x, h=1e-4):
    x = np.array(x, dtype=float)
    if x.ndim == 1:
        return _gradient_at(f, x, h)
    rows = []
    for row in x:
        rows.append(_gradient_at(f, row, h))
    return np.array(rows)


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x = x - lr * grad
    return x


def gradient_descent_norm(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    p = np.array(p0, dtype=float)  # "p0 may be a list or a numpy array" (first written as p0.astype(float))
    iterations = 0
    while iterations < max_iters:
        g = np.zeros(len(p))
        fp = f(p)
        for k in range(len(p)):
            moved = p.copy()
            moved[k] += h
            g[k] = (f(moved) - fp) / h
        iterations += 1
        if np.sqrt(np.sum(g ** 2)) < tol:
            break
        p = p - lr * g
    return iterations, p


def rel_error(a, b):
    a = np.array(a, dtype=float)
    b = np.array(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def gradient_check(f, grad_f, x, h=1e-5):
    return rel_error(grad_f(x), numerical_gradient(f, x, h))


def second_derivative(f, x, h=1e-4):
    return (f(x + h) - 2 * f(x) + f(x - h)) / h ** 2
