"""Test problems of 01_gradient_descent: the lecture's parabola y = (x+5)^2 and a double well.

The checks hand these to student code (the wire sends a function of this module by name), and
later assignments' checks use them too. Scalars or arrays, elementwise.
"""

import numpy as np


def is_scalar(x):
    """Whether ``x`` is a single number (``np.ndim(x) == 0``), a Python number answered without numpy:
    the mutants of a scalar run call these functions hundreds of thousands of times."""
    return isinstance(x, (int, float)) or np.ndim(x) == 0


def parabola(x):
    """``(x + 5)**2``: the lecture's function, minimum at x = -5."""
    return (float(x) + 5.0) ** 2 if is_scalar(x) else (np.asarray(x, dtype=np.float64) + 5.0) ** 2


def parabola_df(x):
    """``2*(x + 5)``: the derivative of :func:`parabola`."""
    return 2.0 * (float(x) + 5.0) if is_scalar(x) else 2.0 * (np.asarray(x, dtype=np.float64) + 5.0)


def double_well(x):
    """``x**4 - 3x**2 + x``, scalar: a local minimum near 1.13, the global one near -1.30."""
    x = float(x)
    return x**4 - 3.0 * x**2 + x


def double_well_df(x):
    """``4*x**3 - 6*x + 1``: the derivative of :func:`double_well`, scalar or elementwise."""
    x = float(x) if is_scalar(x) else np.asarray(x, dtype=np.float64)
    return 4.0 * x**3 - 6.0 * x + 1.0
