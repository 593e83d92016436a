"""Test problems of 04_momentum: update rules and gradients for ``run_optimizer``.

The update rules are none of the graded ones, so a mistake in the student's sgd_momentum does
not cost run_optimizer. The checks hand these to student code (the wire sends them by name).
"""

import importlib

import numpy as np

from autograder.engine.i18n import N_
from autograder.engine.sandbox_side import shown_as

# from 01 and 02, used by these checks too
parabola_df = importlib.import_module("autograder.checks.01_gradient_descent.problems").parabola_df
_gradients = importlib.import_module("autograder.checks.02_numerical_gradient.problems")
sphere_grad, quadratic_grad = _gradients.sphere_grad, _gradients.quadratic_grad


@shown_as(N_("<an update rule: w - lr/t * sign(dw), lr = config['learning_rate'] (default 0.5), t counts "
             "the calls in config['t']>"))
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


@shown_as(N_("<an update rule: w - lr*dw, lr = config['learning_rate'] (default 0.1)>"))
def shrink_step(w, dw, config=None):
    """A stateless update rule: ``w - lr*dw`` with ``lr`` from config (default 0.1)."""
    config = dict(config or {})
    config.setdefault("learning_rate", 0.1)
    return np.asarray(w, dtype=np.float64) - config["learning_rate"] * np.asarray(dw, dtype=np.float64), config
