"""Known mistakes of 02_numerical_gradient: what a submission with each one mistake returns (see ``autograder.checks.known_mistakes``)."""

import numpy as np

from autograder.checks.known_mistakes import f64, mistake, ref


def _forward_gradient(f, x, h):
    x = f64(x).copy()
    g = np.zeros_like(x)
    fx = f(x.copy())
    for i in range(x.size):
        e = np.zeros_like(x)
        e.flat[i] = h
        g.flat[i] = (f(x + e) - fx) / h
    return g


def _rows(x, one_point):
    x = f64(x)
    return one_point(x) if x.ndim <= 1 else np.array([one_point(row) for row in x])


@mistake("the forward difference (f(x+h) - f(x))/h where the central difference was asked")
def partial_forward_not_central(f, p, k, h=1e-4, method="central"):
    return ref("02").partial_derivative(f, p, k, h, method="forward")


@mistake("the central difference where method='forward' was asked")
def partial_central_not_forward(f, p, k, h=1e-4, method="forward"):
    return ref("02").partial_derivative(f, p, k, h, method="central")


@mistake("the central difference divided by h instead of 2h")
def partial_central_over_h(f, p, k, h=1e-4, method="central"):
    return 2 * ref("02").partial_derivative(f, p, k, h, method="central")


@mistake("the step h ignored (always 1e-4)")
def partial_ignores_h(f, p, k, h=1e-4, method="central"):
    return ref("02").partial_derivative(f, p, k, 1e-4, method=method)


@mistake("the forward difference (f(x+h) - f(x))/h instead of the central difference")
def gradient_forward(f, x, h=1e-4):
    return _rows(x, lambda point: _forward_gradient(f, point, h))


@mistake("the central difference divided by h instead of 2h")
def gradient_over_h(f, x, h=1e-4):
    return 2 * ref("02").numerical_gradient(f, x, h)


@mistake("the step h ignored (always 1e-4)")
def gradient_ignores_h(f, x, h=1e-4):
    return ref("02").numerical_gradient(f, x)


@mistake("x + h stored into an integer array (it truncates: convert x to float64 first)")
def gradient_integer_truncation(f, x, h=1e-4):
    def one_point(point):
        point = np.asarray(point).astype(np.int64)
        g = np.zeros(point.shape)
        for i in range(point.size):
            saved = point.flat[i]
            point.flat[i] = np.trunc(saved + h)
            plus = f(point.copy())
            point.flat[i] = np.trunc(saved - h)
            minus = f(point.copy())
            point.flat[i] = saved
            g.flat[i] = (plus - minus) / (2 * h)
        return g

    x = np.asarray(x)
    return one_point(x) if x.ndim <= 1 else np.array([one_point(row) for row in x])


def _gd_steps(f, x, lr, steps, direction=-1.0):
    x = f64(x).copy()
    for _ in range(steps):
        x = x + direction * lr * ref("02").numerical_gradient(f, x)
    return x


@mistake("one step too many (step_num + 1 updates)")
def gd_one_step_too_many(f, init_x, lr=0.01, step_num=100):
    return _gd_steps(f, init_x, lr, step_num + 1)


@mistake("one step too few (step_num - 1 updates)")
def gd_one_step_too_few(f, init_x, lr=0.01, step_num=100):
    return _gd_steps(f, init_x, lr, max(step_num - 1, 0))


@mistake("gradient ascent: x + lr*gradient instead of x - lr*gradient")
def gd_ascent(f, init_x, lr=0.01, step_num=100):
    return _gd_steps(f, init_x, lr, step_num, direction=1.0)


def _gd_norm(f, p0, lr, h, tol, max_iters, *, central=False, norm=np.linalg.norm, count_last=True):
    p = f64(p0).copy()
    method = "central" if central else "forward"
    iterations = 0
    while iterations < max_iters:
        g = np.array([ref("02").partial_derivative(f, p, k, h, method=method) for k in range(p.size)])
        iterations += 1
        if norm(g) < tol:
            return p, iterations if count_last else iterations - 1
        p = p - lr * g
    return p, iterations if count_last else iterations - 1


@mistake("central differences where gd1.py uses forward differences of step h")
def gd_norm_central(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    return _gd_norm(f, p0, lr, h, tol, max_iters, central=True)


@mistake("the last gradient evaluation (the one below tol) not counted: the count is one too few")
def gd_norm_last_not_counted(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    return _gd_norm(f, p0, lr, h, tol, max_iters, count_last=False)


@mistake("the largest |component| compared with tol instead of the Euclidean norm")
def gd_norm_max_abs(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    return _gd_norm(f, p0, lr, h, tol, max_iters, norm=lambda g: np.max(np.abs(g)))


@mistake("the squared norm compared with tol instead of the Euclidean norm")
def gd_norm_squared(f, p0, lr=0.01, h=0.01, tol=1e-5, max_iters=100_000):
    return _gd_norm(f, p0, lr, h, tol, max_iters, norm=lambda g: float(np.sum(g**2)))


@mistake("no 1e-8 floor in the denominator (0/0 gives nan when a and b are both 0)")
def rel_error_no_floor(a, b):
    a, b = f64(a), f64(b)
    return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))))


@mistake("the mean instead of the max over the entries")
def rel_error_mean(a, b):
    a, b = f64(a), f64(b)
    return float(np.mean(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


@mistake("|a - b| / |a| instead of |a - b| / max(1e-8, |a| + |b|)")
def rel_error_relative_to_a(a, b):
    a, b = f64(a), f64(b)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a))))


@mistake("the step h not passed on (numerical_gradient's default 1e-4 used)")
def gradient_check_ignores_h(f, grad_f, x, h=1e-5):
    return ref("02").rel_error(grad_f(f64(x)), ref("02").numerical_gradient(f, x))


@mistake("the step h ignored (always 1e-5)")
def gradient_check_fixed_h(f, grad_f, x, h=1e-5):
    return ref("02").gradient_check(f, grad_f, x)


@mistake("a forward-difference numerical gradient")
def gradient_check_forward(f, grad_f, x, h=1e-5):
    return ref("02").rel_error(grad_f(f64(x)), _forward_gradient(f, x, h))


@mistake("division by 2*h**2 instead of h**2")
def second_derivative_over_2h2(f, x, h=1e-4):
    return ref("02").second_derivative(f, x, h) / 2


@mistake("the first derivative (f(x+h) - f(x-h))/2h instead of the second")
def second_derivative_first(f, x, h=1e-4):
    x = float(x)
    return (f(x + h) - f(x - h)) / (2 * h)


@mistake("the step h ignored (always 1e-4)")
def second_derivative_ignores_h(f, x, h=1e-4):
    return ref("02").second_derivative(f, x)
