"""Named test problems: the functions the hidden checks hand to student code.

Student code imports this module inside the sandbox (the wire passes a callable
argument by its name here, or as ``functools.partial`` of one of these with plain-data
arguments), so it holds test problems only, never an answer to a graded function.

Multivariate functions take ONE point, a 1-D array-like, and reject anything else: a
``numerical_gradient`` that hands them a whole 2-D batch instead of one row at a time
gets a clear error instead of a silently wrong number.
"""

import math

import numpy as np


def _point(x):
    """``x`` as a 1-D float64 array; a clear error for a batch or a scalar."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"this function takes one point, a 1-D array, but got an array of shape {x.shape}")
    return x


# --- 01: the lecture's parabola y = (x+5)^2 (scalars or arrays, elementwise) ----------

def parabola(x):
    """``(x + 5)**2``: the lecture's function, minimum at x = -5."""
    return (np.asarray(x, dtype=np.float64) + 5.0) ** 2 if np.ndim(x) else (float(x) + 5.0) ** 2


def parabola_df(x):
    """``2*(x + 5)``: the derivative of :func:`parabola`."""
    return 2.0 * (np.asarray(x, dtype=np.float64) + 5.0) if np.ndim(x) else 2.0 * (float(x) + 5.0)


def cubic(x):
    """``x**3 - 2*x``, scalar or elementwise (second derivative ``6x``)."""
    x = np.asarray(x, dtype=np.float64) if np.ndim(x) else float(x)
    return x**3 - 2.0 * x


def wave(x):
    """``sin(3x) + x**2 / 4``, scalar: large higher derivatives (tells where h sits)."""
    return math.sin(3.0 * float(x)) + float(x) ** 2 / 4.0


def double_well(x):
    """``x**4 - 3x**2 + x``, scalar: a local minimum near 1.13, the global one near -1.30."""
    x = float(x)
    return x**4 - 3.0 * x**2 + x


def double_well_df(x):
    """``4*x**3 - 6*x + 1``: the derivative of :func:`double_well`, scalar or elementwise."""
    x = np.asarray(x, dtype=np.float64) if np.ndim(x) else float(x)
    return 4.0 * x**3 - 6.0 * x + 1.0


# --- 02: functions of one point (1-D) ---------------------------------------------------

def sphere(x):
    """``sum(x**2)`` of one point, the lecture's ``x0**2 + x1**2`` (function_2)."""
    return float(np.sum(_point(x) ** 2))


def sphere_grad(x):
    """``2*x``: the gradient of :func:`sphere` (elementwise, any shape)."""
    return 2.0 * np.asarray(x, dtype=np.float64)


def sphere_grad_wrong(x):
    """``x``: half the gradient of :func:`sphere` (for gradient_check to flag)."""
    return np.asarray(x, dtype=np.float64).copy()


def quadratic(x, scales=(1.0, 25.0)):
    """``0.5 * sum(scales * x**2)``: an ill-conditioned bowl (condition number max/min scale)."""
    x = _point(x)
    return float(0.5 * np.sum(np.asarray(scales, dtype=np.float64) * x**2))


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


# --- 04: update rules and gradients for run_optimizer --------------------------------

def decaying_sign_step(w, dw, config=None):
    """A stateful update rule that is none of the graded ones: ``w - lr/t * sign(dw)``.

    ``config["t"]`` counts the calls, so a driver that drops the returned config
    (starting afresh every step) walks a different path.
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 0.5)
    config["t"] = config.get("t", 0) + 1
    w = np.asarray(w, dtype=np.float64)
    return w - config["learning_rate"] / config["t"] * np.sign(np.asarray(dw, dtype=np.float64)), config


def shrink_step(w, dw, config=None):
    """A stateless update rule: ``w - lr*dw`` with ``lr`` from config (default 0.1)."""
    config = dict(config or {})
    config.setdefault("learning_rate", 0.1)
    return np.asarray(w, dtype=np.float64) - config["learning_rate"] * np.asarray(dw, dtype=np.float64), config


# --- 06: learning-rate schedules for gd_with_schedule ---------------------------------

def constant_lr(step, lr=0.1):
    """The same learning rate at every step."""
    return float(lr)


def piecewise_lr(step, boundaries=(3, 6), values=(0.1, 0.05, 0.01)):
    """``values[i]`` for steps in ``[boundaries[i-1], boundaries[i])``: jumps at the boundaries."""
    for boundary, value in zip(boundaries, values):
        if step < boundary:
            return float(value)
    return float(values[len(boundaries)])


def linear_warmup_lr(step, lr=0.1, warmup=4):
    """``lr * (step+1)/warmup`` for the first ``warmup`` steps, then ``lr``: different at every early step."""
    return float(lr) * min(1.0, (step + 1) / warmup)


# --- 07: functions of Value objects (use only the operators the curriculum asks for) ----

def linear(x, w, b):
    """``x*w + b``: the lecture's example."""
    return x * w + b


def affine(x, y, z):
    """``x*y + z*1.5 + 0.5``: only + and * (each input used once)."""
    return x * y + z * 1.5 + 0.5


def ignores_second(x, y):
    """``x * 2.0``: y does not matter (its partial derivative is 0)."""
    return x * 2.0


def neuron(x, w, b):
    """``tanh(x*w + b)``: one tanh neuron."""
    return (x * w + b).tanh()


def mixed(x, y):
    """``(x*y + exp(x/2)) / (y**2 + 1) - log(y**2 + 1) + relu(x - y)``."""
    d = y**2 + 1
    return (x * y + (x / 2).exp()) / d - d.log() + (x - y).relu()


def used_twice(x):
    """``x*x + 3*x``: x feeds several operations."""
    return x * x + 3 * x


def reused_chain(x, y):
    """``u*y + u.tanh()`` with ``u = x*y - 1``: an intermediate node used twice."""
    u = x * y - 1
    return u * y + u.tanh()


# --- 08: a small synthetic classification problem -------------------------------------

def blobs(n_samples=64, n_features=4, n_classes=3, seed=0):
    """Gaussian blobs ``(X, y)``: deterministic, standardized features, integer labels."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(0.0, 2.0, size=(n_classes, n_features))
    y = np.arange(n_samples) % n_classes
    X = centers[y] + rng.normal(0.0, 1.0, size=(n_samples, n_features))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y
