"""Test problems of 02_numerical_gradient: functions of one point, their gradients, and scalar
functions for ``second_derivative``.

The checks hand these to student code (the wire sends a function of this module by name, or a
``functools.partial`` of one with plain-data arguments). Multivariate functions take ONE point,
a 1-D array-like, and reject anything else: a ``numerical_gradient`` that hands them a whole 2-D
batch instead of one row at a time gets a clear error instead of a silently wrong number.
"""

import importlib
import math

import numpy as np

from autograder.engine.sandbox_side import shown_as

# from 01, used by these checks too
_problems_01 = importlib.import_module("autograder.checks.01_gradient_descent.problems")
parabola, is_scalar = _problems_01.parabola, _problems_01.is_scalar


def _point(x):
    """``x`` as a 1-D float64 array; a clear error for a batch or a scalar."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"this function takes one point, a 1-D array, but got an array of shape {x.shape}")
    return x


def sphere(x):
    """``sum(x**2)`` of one point, the lecture's ``x0**2 + x1**2`` (function_2)."""
    return float((_point(x) ** 2).sum())


def sphere_grad(x):
    """``2*x``: the gradient of :func:`sphere` (elementwise, any shape)."""
    return 2.0 * np.asarray(x, dtype=np.float64)


def sphere_grad_wrong(x):
    """``x``: half the gradient of :func:`sphere` (for gradient_check to flag)."""
    return np.asarray(x, dtype=np.float64).copy()


@shown_as("lambda x: 0.5 * np.sum(np.multiply({scales}, np.square(x)))")
def quadratic(x, scales=(1.0, 25.0)):
    """``0.5 * sum(scales * x**2)``: an ill-conditioned bowl (condition number max/min scale)."""
    x = _point(x)
    return float(0.5 * (np.asarray(scales, dtype=np.float64) * x**2).sum())


@shown_as("lambda x: np.multiply({scales}, x)")
def quadratic_grad(x, scales=(1.0, 25.0)):
    """The gradient of :func:`quadratic`: ``scales * x`` (works on a 1-D point or a batch of rows)."""
    return np.asarray(scales, dtype=np.float64) * np.asarray(x, dtype=np.float64)


def rosenbrock(x):
    """``sum(100*(x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)`` of one point (dimension >= 2)."""
    x = _point(x)
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def rosenbrock_grad(x):
    """The gradient of :func:`rosenbrock` at one point."""
    x = _point(x)
    g = np.zeros_like(x)
    g[:-1] += -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    return g


def coupled(x):
    """``x0**2 * x1 + exp(0.5*x0) + sin(x1) + sum(x**2)/2``: mixed terms, one point (dimension >= 2)."""
    x = _point(x)
    return float(x[0] ** 2 * x[1] + np.exp(0.5 * x[0]) + np.sin(x[1]) + 0.5 * np.sum(x**2))


def always_raises(x):
    """Raises ``RuntimeError`` whatever ``x`` is (a function that fails mid-computation)."""
    raise RuntimeError("this test function always fails (checks that x is left unchanged)")


def raises_away_from(x, center=(0.0, 0.0)):
    """``sum(x**2)`` at ``center`` exactly, ``RuntimeError`` anywhere else (fails after a nudge)."""
    x = _point(x)
    if not np.array_equal(x, np.asarray(center, dtype=np.float64)):
        raise RuntimeError("this test function fails away from its centre (checks that x is left unchanged)")
    return float(np.sum(x**2))


def cubic(x):
    """``x**3 - 2*x``, scalar or elementwise (second derivative ``6x``)."""
    x = float(x) if is_scalar(x) else np.asarray(x, dtype=np.float64)
    return x**3 - 2.0 * x


def wave(x):
    """``sin(3x) + x**2 / 4``, scalar: large higher derivatives (tells where h sits)."""
    return math.sin(3.0 * float(x)) + float(x) ** 2 / 4.0
