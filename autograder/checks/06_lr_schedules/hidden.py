"""Hidden checks of 06_lr_schedules (points: exponential_decay, natural_exp_decay and
inverse_time_decay 2.5 each, polynomial_decay 3, gd_with_schedule 3 = 13.5).

The three decays share a signature and get the same checks (``_decay_checks``): scalar
values, arrays of steps, staircase at the step boundaries, ValueError for decay_steps <= 0.
gd_with_schedule is driven with schedules from ``problems.py`` beside this file whose learning rate
jumps at known steps, so a schedule(k+1) or a missing history entry shows.
"""

import importlib
from functools import partial

import numpy as np

from autograder.checks.checklib import call_text, expect_close, expect_float64, expect_no_mutation, expect_value_error
from autograder.checks.known_mistakes import ignored_arguments, later, mutated
from autograder.engine.checking import Figure, check, shows
from autograder.engine.i18n import N_, _

M = importlib.import_module("autograder.checks.06_lr_schedules.mistakes")  # this assignment's known mistakes
problems = importlib.import_module("autograder.checks.06_lr_schedules.problems")  # its test problems

POLYNOMIAL = [M.poly_not_capped, M.poly_cycle_floor, M.poly_cycle_no_max, M.poly_ignores_cycle,
              M.poly_ignores_power, M.poly_power_inside]
SCHEDULE = [M.schedule_one_based, M.schedule_fixed, M.schedule_without_x0, M.schedule_without_last,
            M.schedule_grad_at_x0]
BOUNDARY_STEPS = np.array([0, 1, 9, 10, 11, 19, 20, 21, 35])


def _figure(function, got, expected, args):
    """The learning-rate curve of a schedule over an array of steps, the path of x of gd_with_schedule."""
    if function == "gd_with_schedule":
        return Figure(got, expected, N_("The path of x"), N_("step"), N_("x"))
    return Figure(got, expected, N_("The learning rate"), N_("global_step"), N_("learning rate"), x=args[1])


def _compare(student, reference, function, catalogue, *args, **kwargs):
    got = getattr(student, function)(*args, **kwargs)
    expected = getattr(reference, function)(*args, **kwargs)
    with shows(_figure(function, got, expected, args)):
        expect_close(got, expected, call=call_text(function, *args, **kwargs),
                     mistakes=later(catalogue + ignored_arguments(getattr(reference, function)) +
                                     mutated(getattr(reference, function)), *args, **kwargs))
    return got


# ----------------------------------------------------------------------------- the three decays (2.5 each)

def _decay_checks(name):
    catalogue = M.decay_mistakes(name)

    @check(name, 0.5, "{function}: single steps (the lecture's values)")
    def test_scalar(student, reference):
        for args in [(0.1, 100, 100, 0.96), (0.5, 3, 1, 0.3), (1.0, 7, 2, 0.5), (0.01, 0, 10, 0.9)]:
            _compare(student, reference, name, catalogue, *args)

    @check(name, 0.5, "{function}: an array of steps gives a float64 array", requires=["schedule_output"])
    def test_array(student, reference, rng):
        decay_steps = int(rng.integers(2, 20))
        # decay_steps + 1 is never a multiple of decay_steps: integer division shows on every seed
        steps = np.unique(np.concatenate([rng.integers(0, 60, 6), [decay_steps + 1]]))
        got = _compare(student, reference, name, catalogue, 0.2, steps, decay_steps, float(rng.uniform(0.3, 0.9)))
        expect_float64(got, call=call_text(name, 0.2, steps, decay_steps, "..."))

    @check(name, 1.0, "{function}: staircase at the decay_steps boundaries")
    def test_staircase(student, reference, rng):
        rate = float(rng.uniform(0.4, 0.9))
        for staircase in (True, False):
            _compare(student, reference, name, catalogue, 0.1, BOUNDARY_STEPS, 10, rate, staircase=staircase)
        for step in (19, 20, 7):
            _compare(student, reference, name, catalogue, 0.1, step, 10, rate, staircase=True)

    @check(name, 0.5, "{function}: decay_steps <= 0 raises ValueError", requires=["decay_steps_positive"])
    def test_bad_decay_steps(student):
        for decay_steps in (0, -10):
            expect_value_error(student, name, 0.1, 5, decay_steps, 0.5, why=_("decay_steps must be positive"))

    tests = {"scalar": test_scalar, "array": test_array, "staircase": test_staircase, "bad_steps": test_bad_decay_steps}
    return {f"test_{name}_{kind}": test for kind, test in tests.items()}


for _name in ("exponential_decay", "natural_exp_decay", "inverse_time_decay"):
    globals().update(_decay_checks(_name))


# ----------------------------------------------------------------------------- polynomial_decay (3)

@check("polynomial_decay", 1.0, "polynomial_decay: linear decay to end_learning_rate, then constant")
def test_poly_linear(student, reference):
    steps = np.array([0, 25, 50, 99, 100, 101, 150])
    _compare(student, reference, "polynomial_decay", POLYNOMIAL, 0.1, steps, 100)
    _compare(student, reference, "polynomial_decay", POLYNOMIAL, 0.1, 130, 100, end_learning_rate=0.01)
    _compare(student, reference, "polynomial_decay", POLYNOMIAL, 0.1, 30, 100)


@check("polynomial_decay", 0.5, "polynomial_decay: other powers")
def test_poly_power(student, reference, rng):
    for power in (2.0, 0.5):
        steps = np.append(rng.integers(0, 50, 5), rng.integers(51, 60))  # one past decay_steps on every seed
        _compare(student, reference, "polynomial_decay", POLYNOMIAL, 0.5, steps, 50, end_learning_rate=0.05,
                 power=power)


@check("polynomial_decay", 1.0, "polynomial_decay: cycle restarts at each multiple of decay_steps")
def test_poly_cycle(student, reference):
    steps = np.array([0, 1, 10, 19, 20, 21, 40, 41, 55])
    _compare(student, reference, "polynomial_decay", POLYNOMIAL, 0.1, steps, 20, end_learning_rate=0.001,
             cycle=True)
    for step in (0, 20, 21):
        _compare(student, reference, "polynomial_decay", POLYNOMIAL, 0.1, step, 20, end_learning_rate=0.001,
                 power=2.0, cycle=True)


@check("polynomial_decay", 0.5, "polynomial_decay: decay_steps <= 0 raises ValueError",
       requires=["decay_steps_positive"])
def test_poly_bad_decay_steps(student):
    for decay_steps in (0, -3):
        expect_value_error(student, "polynomial_decay", 0.1, 5, decay_steps, why=_("decay_steps must be positive"))


# ----------------------------------------------------------------------------- gd_with_schedule (3)

PIECEWISE = partial(problems.piecewise_lr, boundaries=(3, 6), values=(0.1, 0.05, 0.01))


@check("gd_with_schedule", 1.0, "gd_with_schedule: step k uses schedule(k); the rate drops at steps 3 and 6")
def test_schedule_piecewise(student, reference):
    _compare(student, reference, "gd_with_schedule", SCHEDULE, problems.parabola_df, 3.0, PIECEWISE, 8)


@check("gd_with_schedule", 1.0, "gd_with_schedule: a warm-up schedule on a function with a local minimum")
def test_schedule_warmup(student, reference, rng):
    schedule = partial(problems.linear_warmup_lr, lr=float(rng.uniform(0.05, 0.12)), warmup=4)
    _compare(student, reference, "gd_with_schedule", SCHEDULE, problems.double_well_df, float(rng.uniform(-2, 2)),
             schedule, int(rng.integers(6, 15)))


@check("gd_with_schedule", 0.5, "gd_with_schedule: an integer start and a vector start",
       requires=["number_or_array(x0)", "history_shape"])
def test_schedule_shapes(student, reference, rng):
    _compare(student, reference, "gd_with_schedule", SCHEDULE, problems.parabola_df, 3, PIECEWISE, 4)
    _compare(student, reference, "gd_with_schedule", SCHEDULE, problems.sphere_grad, rng.normal(size=2),
             partial(problems.constant_lr, lr=0.2), 5)


@check("gd_with_schedule", 0.5, "gd_with_schedule: x0 is not modified", requires=["unchanged(x0)"])
def test_schedule_no_mutation(student, rng):
    expect_no_mutation(student, "gd_with_schedule", problems.sphere_grad, rng.normal(size=3), PIECEWISE, 5,
                       names={1: "x0"})
