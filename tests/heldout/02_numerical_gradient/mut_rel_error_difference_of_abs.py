# corpus: buggy
# function: rel_error
# mistake:
# actual: |a| - |b| in the denominator instead of |a| + |b|
# named: abs(a) - abs(b) | - where + belongs | - where +
# affects: gradient_check
import numpy as np


def partial_derivative(f, p, k, h=1e-4, method="central"):
    """Partial derivative of scalar f along coordinate k at point p.

    method="forward": (f(p + h e_k) - f(p)) / h
    method="central": (f(p + h e_k) - f(p - h e_k)) / (2h)
    Any other method raises ValueError.
    p may be a list or a numpy array, integers included. Never modifies p in place.
    """
    if method not in ("forward", "central"):
        raise ValueError(f"method must be 'forward' or 'central', not {method!r}")
    p = np.asarray(p, dtype=float)
    e_k = np.zeros_like(p)
    e_k.flat[k] = h
    if method == "forward":
        return (f(p + e_k) - f(p)) / h
    return (f(p + e_k) - f(p - e_k)) / (2 * h)


def _gradient_of_one_point(f, x, h):
    """Central-difference gradient at a 1-D point x (a float copy, restored entry by entry)."""
    grad = np.zeros_like(x)
    for i in range(x.size):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved - h
        f_minus = f(x)
        x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient(f, x, h=1e-4):
    """Gradient of scalar f by central differences (the lecture's numerical_gradient).

    x 1-D: the gradient of f at x. x 2-D: row i of the result is the gradient of f at
    x[i] (the batched version). Works on a float64 copy; returns an array shaped as x.
    x may be a list or a numpy array, integers included. Array results are float64 numpy arrays,
    also for integer input. Never modifies x in place. x is left unchanged even when f raises.
    """
    x = np.array(x, dtype=float)  # a copy: the perturbations below never reach the caller
    if x.ndim == 1:
        return _gradient_of_one_point(f, x, h)
    if x.ndim == 2:
        return np.array([_gradient_of_one_point(f, row, h) for row in x]).reshape(x.shape)
    raise ValueError(f"x must be 1-D (one point) or 2-D (one point per row), got shape {x.shape}")


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """`step_num` steps of x <- x - lr * numerical_gradient(f, x); returns the final x.

    init_x may be a list or a numpy array, integers included. Array results are float64 numpy
    arrays, also for integer input. Never modifies init_x in place.
    """
    x = np.array(init_x, dtype=float)
    for _ in range(step_num):
        x = x - lr * numerical_gradient(f, x)
    return x


def gradient_descent_norm(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    """The gd1.py loop: forward-difference gradient, stop when its norm < tol, else step.

    Returns (p, iterations): the final point (float64 array) and how many gradients were
    evaluated, the last (small) one included. Stops after max_iters evaluations at most.
    p0 may be a list or a numpy array, integers included.
    """
    p = np.array(p0, dtype=float)
    for iterations in range(1, max_iters + 1):
        g = np.array([partial_derivative(f, p, k, h, method="forward") for k in range(p.size)])
        if np.linalg.norm(g) < tol:
            break
        p = p - lr * g
    return p, iterations


def rel_error(a, b):
    """Largest relative error max(|a - b| / max(1e-8, |a| + |b|)), as a float.

    a and b may be a number, a list or a numpy array of any shape, integers included.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) - np.abs(b))))


def gradient_check(f, grad_f, x, h=1e-5):
    """Relative error between an analytic gradient grad_f(x) and the numerical one."""
    x = np.array(x, dtype=float)
    return rel_error(grad_f(x.copy()), numerical_gradient(f, x, h))


def second_derivative(f, x, h=1e-4):
    """Central second difference (f(x+h) - 2 f(x) + f(x-h)) / h**2 at a scalar x.

    x may be an int or a float.
    """
    x = float(x)
    return (f(x + h) - 2 * f(x) + f(x - h)) / h**2
