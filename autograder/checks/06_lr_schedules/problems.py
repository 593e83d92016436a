"""Test problems of 06_lr_schedules: learning-rate schedules and gradients for ``gd_with_schedule``.

The schedules' learning rates jump at known steps, so a schedule(k+1) or a missing history entry
shows. The checks hand these to student code (the wire sends them by name, or a
``functools.partial`` of one with plain-data arguments).
"""

import importlib

from autograder.engine.i18n import N_
from autograder.engine.sandbox_side import shown_as

# from 01 and 02, used by these checks too
_functions = importlib.import_module("autograder.checks.01_gradient_descent.problems")
parabola_df, double_well_df = _functions.parabola_df, _functions.double_well_df
sphere_grad = importlib.import_module("autograder.checks.02_numerical_gradient.problems").sphere_grad


@shown_as("lambda step: {lr}")
def constant_lr(step, lr=0.1):
    """The same learning rate at every step."""
    return float(lr)


@shown_as(N_("<a schedule that gives {values[0]} before step {boundaries[0]}, {values[1]} before step "
             "{boundaries[1]}, then {values[2]}>"))
def piecewise_lr(step, boundaries=(3, 6), values=(0.1, 0.05, 0.01)):
    """``values[i]`` for steps in ``[boundaries[i-1], boundaries[i])``: jumps at the boundaries."""
    for boundary, value in zip(boundaries, values):
        if step < boundary:
            return float(value)
    return float(values[len(boundaries)])


@shown_as("lambda step: {lr:.6g} * min(1, (step + 1) / {warmup})")
def linear_warmup_lr(step, lr=0.1, warmup=4):
    """``lr * (step+1)/warmup`` for the first ``warmup`` steps, then ``lr``: different at every early step."""
    return float(lr) * min(1.0, (step + 1) / warmup)
