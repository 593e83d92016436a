"""Hostile values: always-equal objects, a lying ndarray subclass, patched numpy/math/builtins/pytest.
Only gradient_descent_1d is right: expected 4 points of 10."""

import numpy as np


def dy_dx(x):
    return 2 * (np.asarray(x, dtype=float) + 5)


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
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
    return 1 - lr * curvature


def classify_learning_rate(lr, curvature=2.0):
    q = 1 - lr * curvature
    if q == 1:
        return "no progress"
    if abs(q) > 1:
        return "divergent"
    if q == -1:
        return "stuck oscillating"
    if q < 0:
        return "oscillating"
    return "monotone"


# ---- hostile part: redefines some functions above ----
import builtins
import math
import sys
import types


class Anything:
    """Equal to everything, and a float of the right kind on request."""
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no")


def dy_dx(x):
    return Anything()


class Liar(np.ndarray):
    """An array that answers True to every numpy function and comparison."""
    def __array_function__(self, func, types, args, kwargs):
        return True

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return True

    def __eq__(self, other):
        return True


def update_factor(lr, curvature):
    return np.full((), 12345.0).view(Liar)


# patch the comparisons a grader might use, in this process
np.allclose = np.isclose = np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
math.isclose = lambda *args, **kwargs: True
sys.modules["pytest"] = types.SimpleNamespace(approx=lambda value, **kwargs: Anything())


class EqualStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def classify_learning_rate(lr, curvature=2.0):
    builtins.isinstance = lambda *args: True
    builtins.len = lambda *args: 0
    return EqualStr("wrong")
