# corpus: buggy
# function: gradient_descent_1d
# mistake:
# actual: the default lr=0.1 instead of 0.01
# named: default | lr=0.1 | 0.1
import numpy as np


def dy_dx(x):
    """Derivative of y = (x+5)**2, i.e. 2*(x+5), for a scalar or an array-like x.

    x may be a number, a list or a numpy array of any shape, integers included. Array results
    are float64 numpy arrays, also for integer input. Never modifies x in place.
    """
    return 2 * (np.asarray(x, dtype=float) + 5)


def gradient_descent_1d(df, x0, lr=0.1, precision=1e-6, max_iters=10_000):
    """Run the lecture's GD loop from x0 until a step is smaller than `precision`.

    Inputs: df, the derivative (a function of x); x0, the start; lr, the learning rate;
    precision, the step size at which to stop; max_iters, the most iterations.
    Returns (x, history): the last x (float) and every x visited, history[0] == x0 and
    len(history) == iterations + 1.
    x0 may be an int or a float.
    """
    x = float(x0)
    history = [x]
    step, iters = float("inf"), 0
    while step > precision and iters < max_iters:
        prev = x
        x = x - lr * df(prev)
        step = abs(x - prev)
        iters += 1
        history.append(x)
    return x, history


def update_factor(lr, curvature):
    """The factor q with x_{k+1} - x* = q (x_k - x*) for GD on a quadratic: 1 - lr*curvature.

    For y = a(x - x*)^2 + c the gradient is curvature*(x - x*) with curvature = 2a, so
    x - lr*curvature*(x - x*) - x* = (1 - lr*curvature)(x - x*).
    """
    return 1 - lr * curvature


def classify_learning_rate(lr, curvature=2.0):
    """Name what GD does with this learning rate on a quadratic of this curvature.

    One of "no progress" (q == 1), "monotone" (0 <= q < 1), "oscillating" (-1 < q < 0),
    "stuck oscillating" (q == -1) and "divergent" (|q| > 1), where q = update_factor.
    """
    q = update_factor(lr, curvature)
    if q == 1:
        return "no progress"
    if abs(q) > 1:
        return "divergent"
    if q == -1:
        return "stuck oscillating"
    if q < 0:
        return "oscillating"
    return "monotone"
