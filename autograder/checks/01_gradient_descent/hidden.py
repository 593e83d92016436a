"""Hidden checks of 01_gradient_descent: dy_dx, gradient_descent_1d, update_factor,
classify_learning_rate (points: 2 + 4 + 1 + 3 = 10)."""

import importlib

import numpy as np

from autograder.checks.checklib import call_text, expect_close, expect_equal, expect_float64, expect_no_mutation
from autograder.checks.known_mistakes import ignored_arguments, later, mutated
from autograder.engine.checking import Figure, check, shows
from autograder.engine.i18n import N_, _

M = importlib.import_module("autograder.checks.01_gradient_descent.mistakes")  # this assignment's known mistakes
problems = importlib.import_module("autograder.checks.01_gradient_descent.problems")  # its test problems

DY_DX_MISTAKES = [M.dy_dx_returns_y, M.dy_dx_wrong_shift, M.dy_dx_no_factor_two, M.dy_dx_no_parentheses]
GD1D_MISTAKES = [M.gd1d_history_without_last, M.gd1d_history_without_x0, M.gd1d_one_extra_iteration,
                 M.gd1d_stops_on_gradient]
FACTOR_MISTAKES = [M.update_factor_plus, M.update_factor_missing_one, M.update_factor_half_curvature,
                   M.update_factor_double_curvature]
CLASSIFY_MISTAKES = [M.classify_zero_oscillating, M.classify_minus_one_divergent,
                     M.classify_minus_one_oscillating, M.classify_ignores_curvature]


# ----------------------------------------------------------------------------- dy_dx (2)

def _check_dy_dx(student, reference, x):
    expect_close(student.dy_dx(x), reference.dy_dx(x), call=call_text("dy_dx", x),
                 mistakes=later(DY_DX_MISTAKES + mutated(reference.dy_dx), x))


@check("dy_dx", 0.5, "dy_dx: the lecture's slope at x = 3 and x = -5")
def test_dy_dx_lecture(student, reference):
    for x in (3.0, -5.0):
        _check_dy_dx(student, reference, x)


@check("dy_dx", 0.5, "dy_dx: random arrays, 1-D and 2-D", requires=["number_or_array(x)"])
def test_dy_dx_arrays(student, reference, rng):
    for shape in [(5,), (2, 3)]:
        _check_dy_dx(student, reference, rng.uniform(-10, 10, size=shape))


@check("dy_dx", 0.5, "dy_dx: integer input gives a float64 array", requires=["number_or_array(x)", "float64"])
def test_dy_dx_integers(student, reference):
    for x in ([1, 2, 3], np.array([-7, 0, 4])):
        got = student.dy_dx(x)
        _check_dy_dx(student, reference, x)
        expect_float64(got, call=call_text("dy_dx", x))


@check("dy_dx", 0.5, "dy_dx: does not modify its argument", requires=["unchanged(x)"])
def test_dy_dx_no_mutation(student, rng):
    expect_no_mutation(student, "dy_dx", rng.uniform(-3, 3, size=4), names={0: "x"})


# ----------------------------------------------------------------------------- gradient_descent_1d (4)

def _check_gd1d(student, reference, df, x0, **kwargs):
    call = call_text("gradient_descent_1d", df, x0, **kwargs)
    got = student.gradient_descent_1d(df, x0, **kwargs)
    expected = reference.gradient_descent_1d(df, x0, **kwargs)
    found = later(GD1D_MISTAKES + ignored_arguments(reference.gradient_descent_1d) +
                  mutated(reference.gradient_descent_1d), df, x0, **kwargs)
    with shows(Figure(got, expected, N_("The path of x"), N_("iteration"), N_("x"), pick=(1,))):
        expect_close(got, (expected[0], expected[1]), call=call, mistakes=found)
    return got


@check("gradient_descent_1d", 1.0, "gradient_descent_1d: the lecture's run from 3.0 (595 iterations)", timeout=20)
def test_gd1d_lecture(student, reference):
    _check_gd1d(student, reference, problems.parabola_df, 3.0)  # x = -4.9999518490318176, len(history) = 596


@check("gradient_descent_1d", 1.0, "gradient_descent_1d: the history starts at x0 and holds every x")
def test_gd1d_history(student, reference):
    got = _check_gd1d(student, reference, problems.parabola_df, 3.0, lr=0.1, precision=1e-3)
    expect_close(got[1][:3], [3.0, 1.4, 0.12], call=_("the first three values of the history"))


@check("gradient_descent_1d", 1.0, "gradient_descent_1d: random starts, learning rates and precisions", timeout=20)
def test_gd1d_random(student, reference, rng):
    for df in (problems.parabola_df, problems.double_well_df):
        x0 = float(rng.uniform(-2.5, 2.5))
        lr = float(rng.uniform(0.01, 0.08))
        _check_gd1d(student, reference, df, x0, lr=lr, precision=float(10 ** rng.uniform(-7, -4)))


@check("gradient_descent_1d", 0.5, "gradient_descent_1d: stops after max_iters (stuck oscillating, diverging)")
def test_gd1d_max_iters(student, reference, rng):
    for lr in (1.0, 1.05):
        _check_gd1d(student, reference, problems.parabola_df, float(rng.uniform(-4, 4)), lr=lr,
                    max_iters=int(rng.integers(5, 30)))


@check("gradient_descent_1d", 0.5, "gradient_descent_1d: an integer start", requires=["int_or_float(x0)"])
def test_gd1d_integer_start(student, reference):
    _check_gd1d(student, reference, problems.parabola_df, 3, lr=0.2)


# ----------------------------------------------------------------------------- update_factor (1)

@check("update_factor", 0.5, "update_factor: the lecture's curvature 2")
def test_update_factor_lecture(student, reference):
    for lr in (0.01, 0.5, 1.0):
        expect_close(student.update_factor(lr, 2.0), reference.update_factor(lr, 2.0),
                     call=call_text("update_factor", lr, 2.0), mistakes=later(FACTOR_MISTAKES + mutated(reference.update_factor), lr, 2.0))


@check("update_factor", 0.5, "update_factor: random learning rates and curvatures")
def test_update_factor_random(student, reference, rng):
    for _attempt in range(3):
        lr, curvature = float(rng.uniform(0, 1)), float(rng.uniform(0.1, 10))
        expect_close(student.update_factor(lr, curvature), reference.update_factor(lr, curvature),
                     call=call_text("update_factor", lr, curvature),
                     mistakes=later(FACTOR_MISTAKES + mutated(reference.update_factor), lr, curvature))


# ----------------------------------------------------------------------------- classify_learning_rate (3)
# One check per behaviour, at a learning rate in its range and one on its boundary.

CLASSES = {
    "no progress": [0.0],
    "monotone": [0.5, 0.1],           # q = 0 (boundary) and q = 0.8
    "oscillating": [0.75, 0.9],       # q = -0.5, -0.8
    "stuck oscillating": [1.0],       # q = -1 exactly
    "divergent": [1.5, -0.25],        # q = -2 and q = 1.5
}


def _classify_check(label, rates):
    @check("classify_learning_rate", 0.5, "classify_learning_rate: '{label}' (curvature 2)", fields={"label": label})
    def test(student, reference):
        for lr in rates:
            expect_equal(student.classify_learning_rate(lr), reference.classify_learning_rate(lr),
                         call=call_text("classify_learning_rate", lr), mistakes=later(CLASSIFY_MISTAKES + mutated(reference.classify_learning_rate), lr))
    return test


for _label, _rates in CLASSES.items():
    globals()[f"test_classify_{_label.replace(' ', '_')}"] = _classify_check(_label, _rates)


@check("classify_learning_rate", 0.5, "classify_learning_rate: uses the curvature argument")
def test_classify_curvature(student, reference):
    for lr, curvature in [(0.3, 10.0), (0.25, 4.0), (0.05, 10.0), (0.2, 10.0)]:
        expect_equal(student.classify_learning_rate(lr, curvature), reference.classify_learning_rate(lr, curvature),
                     call=call_text("classify_learning_rate", lr, curvature),
                     mistakes=later(CLASSIFY_MISTAKES + mutated(reference.classify_learning_rate), lr, curvature))
