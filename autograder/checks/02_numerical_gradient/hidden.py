"""Hidden checks of 02_numerical_gradient (points: partial_derivative 3, numerical_gradient 4,
gradient_descent 3, gradient_descent_norm 3, rel_error 1, gradient_check 1, second_derivative 1 = 16).

The test functions come from ``problems.py`` beside this file; the multivariate ones accept one point
(a 1-D array) only, so a numerical_gradient that hands f a whole 2-D batch gets an error.
"""

import functools
import importlib
from functools import partial

import numpy as np

from autograder.checks.checklib import (call_text, expect_close, expect_equal, expect_float64, expect_no_mutation,
                                       expect_value_error)
from autograder.checks.dependents import Helpers, function_helper
from autograder.checks.known_mistakes import ignored_arguments, later, mutated
from autograder.engine.checking import CheckFailed, check, expect_unchanged
from autograder.engine.i18n import _

M = importlib.import_module("autograder.checks.02_numerical_gradient.mistakes")  # this assignment's known mistakes
problems = importlib.import_module("autograder.checks.02_numerical_gradient.problems")  # its test problems

PARTIAL_CENTRAL = [M.partial_forward_not_central, M.partial_central_over_h, M.partial_ignores_h]
PARTIAL_FORWARD = [M.partial_central_not_forward, M.partial_ignores_h]
GRADIENT = [M.gradient_forward, M.gradient_over_h, M.gradient_ignores_h, M.gradient_integer_truncation]
GD = [M.gd_one_step_too_many, M.gd_one_step_too_few, M.gd_ascent]
GD_NORM = [M.gd_norm_central, M.gd_norm_last_not_counted, M.gd_norm_max_abs, M.gd_norm_squared]
REL_ERROR = [M.rel_error_no_floor, M.rel_error_mean, M.rel_error_relative_to_a]
GRADIENT_CHECK = [M.gradient_check_ignores_h, M.gradient_check_fixed_h, M.gradient_check_forward]
SECOND = [M.second_derivative_over_2h2, M.second_derivative_first, M.second_derivative_ignores_h]

ELONGATED = partial(problems.quadratic, scales=(1.0, 4.0))
# the graded functions each one may call (the reference does)
HELPERS = {"gradient_descent": ["numerical_gradient"], "gradient_descent_norm": ["partial_derivative"],
           "gradient_check": ["numerical_gradient", "rel_error"]}


def _compare(student, reference, function, catalogue, *args, **kwargs):
    """Call ``function`` on both sides and compare (closeness, with the catalogue's diagnosis).

    A function that calls other graded functions (``HELPERS``) is also judged against the
    reference driven by the student's versions of them, so their mistakes cost them alone.
    """
    got = getattr(student, function)(*args, **kwargs)
    helpers = Helpers(reference, [function_helper(student, reference, name) for name in HELPERS.get(function, ())])
    helpers.judge(got, function, *args, **kwargs, call=call_text(function, *args, **kwargs),
                  mistakes=later(catalogue + ignored_arguments(getattr(reference, function)) +
                                 mutated(getattr(reference, function)), *args, **kwargs))
    return got


# ----------------------------------------------------------------------------- partial_derivative (3)

@check("partial_derivative", 0.5, "partial_derivative: x0^2 + x1^2 at (3, 4), central")
def test_partial_lecture(student, reference):
    for k in (0, 1):
        _compare(student, reference, "partial_derivative", PARTIAL_CENTRAL, problems.sphere, np.array([3.0, 4.0]), k)


@check("partial_derivative", 0.5, "partial_derivative: method='forward'")
def test_partial_forward(student, reference, rng):
    _compare(student, reference, "partial_derivative", PARTIAL_FORWARD, problems.sphere, np.array([3.0, 4.0]), 1,
             method="forward")
    _compare(student, reference, "partial_derivative", PARTIAL_FORWARD, problems.coupled, rng.uniform(-2, 2, 3), 0,
             h=0.01, method="forward")


@check("partial_derivative", 1.0, "partial_derivative: random points, coordinates and steps h")
def test_partial_random(student, reference, rng):
    for f, size in [(problems.coupled, 3), (problems.rosenbrock, 4)]:
        p = rng.uniform(-1.5, 1.5, size)
        k = int(rng.integers(0, size))
        _compare(student, reference, "partial_derivative", PARTIAL_CENTRAL, f, p, k, h=float(rng.choice([1e-2, 1e-3])))


@check("partial_derivative", 0.5, "partial_derivative: integer and float points, left unchanged",
       requires=["array_like(p)", "unchanged(p)"])
def test_partial_integer_point(student, reference):
    # np.asarray(p, dtype=float) copies an integer point but hands a float array back as it is
    for p in ([3, 4], np.array([-2, 1]), np.array([-2.0, 1.5])):
        got = expect_no_mutation(student, "partial_derivative", problems.coupled, p, 1, names={1: "p"})
        expect_close(got, reference.partial_derivative(problems.coupled, p, 1),
                     call=call_text("partial_derivative", problems.coupled, p, 1),
                     mistakes=later(PARTIAL_CENTRAL + ignored_arguments(reference.partial_derivative) +
                                    mutated(reference.partial_derivative),
                                    problems.coupled, p, 1))


@check("partial_derivative", 0.5, "partial_derivative: an unknown method raises ValueError",
       requires=["unknown_method"])
def test_partial_unknown_method(student):
    for method in ("backward", "centered"):
        expect_value_error(student, "partial_derivative", problems.sphere, [3.0, 4.0], 0, method=method,
                           why=_("method must be 'forward' or 'central'"))


# ----------------------------------------------------------------------------- numerical_gradient (4)

def _check_gradient(student, reference, f, x, **kwargs):
    got = _compare(student, reference, "numerical_gradient", GRADIENT, f, x, **kwargs)
    expect_float64(got, call=call_text("numerical_gradient", f, x, **kwargs))


@check("numerical_gradient", 0.5, "numerical_gradient: x0^2 + x1^2 at (3, 4) is about (6, 8)", requires=["float64"])
def test_gradient_lecture(student, reference):
    _check_gradient(student, reference, problems.sphere, np.array([3.0, 4.0]))


@check("numerical_gradient", 1.0, "numerical_gradient: random 1-D points and steps h", requires=["float64"])
def test_gradient_random(student, reference, rng):
    # steps h this large change the central difference by far more than the tolerance at any point,
    # so an h that is not used shows on every seed
    _check_gradient(student, reference, problems.coupled, rng.uniform(-2, 2, int(rng.integers(2, 5))),
                    h=float(rng.choice([0.1, 0.2])))
    _check_gradient(student, reference, problems.rosenbrock, rng.uniform(-1.5, 1.5, 3))


@check("numerical_gradient", 1.0, "numerical_gradient: a 2-D x gives the gradient at each row", requires=["float64"])
def test_gradient_rows(student, reference, rng):
    _check_gradient(student, reference, problems.coupled, rng.uniform(-2, 2, (3, 2)), h=0.1)
    _check_gradient(student, reference, problems.rosenbrock, rng.uniform(-1, 1, (2, 3)))


@check("numerical_gradient", 0.5, "numerical_gradient: integer input", requires=["array_like(x)", "float64"])
def test_gradient_integers(student, reference):
    _check_gradient(student, reference, problems.sphere, np.array([3, 4]))
    _check_gradient(student, reference, problems.coupled, [[1, -2], [0, 3]])


@check("numerical_gradient", 0.5, "numerical_gradient: does not modify x", requires=["unchanged(x)"])
def test_gradient_no_mutation(student, rng):
    for x in (rng.uniform(-2, 2, 3), rng.uniform(-2, 2, (2, 2))):
        expect_no_mutation(student, "numerical_gradient", problems.coupled, x, names={1: "x"})


@check("numerical_gradient", 0.5, "numerical_gradient: x is left unchanged when f raises",
       requires=["unchanged_when_f_raises(x)"])
def test_gradient_f_raises(student, rng):
    for x in (rng.uniform(-2, 2, 3), rng.uniform(-2, 2, (2, 2))):
        call = call_text("numerical_gradient", problems.always_raises, x)
        report = student.attempt("numerical_gradient", problems.always_raises, x)
        if report["raised"] is None:
            raise CheckFailed(_("{call} returned normally although f raised an exception: let it propagate.").format(
                call=call))
        expect_unchanged(x, report["args_after"][1], call=call + _(" (f raises RuntimeError)"), argument="x")


# ----------------------------------------------------------------------------- gradient_descent (3)

def _lecture_gd_check(lr):
    @check("gradient_descent", 0.5, "gradient_descent: x0^2 + x1^2 from (-3, 4), lr={lr}, 100 steps",
           fields={"lr": lr}, timeout=20, requires=["float64"])
    def test(student, reference):
        got = _compare(student, reference, "gradient_descent", GD, problems.sphere, np.array([-3.0, 4.0]), lr=lr,
                       step_num=100)
        expect_float64(got, call=call_text("gradient_descent", problems.sphere, np.array([-3.0, 4.0]), lr=lr))
    return test


test_gd_lecture_lr_small = _lecture_gd_check(0.1)
test_gd_lecture_lr_large = _lecture_gd_check(10.0)
test_gd_lecture_lr_tiny = _lecture_gd_check(1e-10)


@check("gradient_descent", 1.0, "gradient_descent: random starts, learning rates and step counts; an integer start",
       requires=["array_like(init_x)", "float64"])
def test_gd_random(student, reference, rng):
    _compare(student, reference, "gradient_descent", GD, ELONGATED, rng.uniform(-3, 3, 2),
             lr=float(rng.uniform(0.05, 0.3)), step_num=int(rng.integers(5, 30)))
    _compare(student, reference, "gradient_descent", GD, problems.coupled, rng.uniform(-1, 1, 3),
             lr=0.05, step_num=int(rng.integers(2, 10)))
    got = _compare(student, reference, "gradient_descent", GD, problems.sphere, [-3, 4], lr=0.1, step_num=10)
    expect_float64(got, call=call_text("gradient_descent", problems.sphere, [-3, 4], lr=0.1, step_num=10))


@check("gradient_descent", 0.5, "gradient_descent: init_x (float or integer) is left unchanged",
       requires=["unchanged(init_x)"])
def test_gd_no_mutation(student, rng):
    for init_x in (rng.uniform(-3, 3, 2), np.array([-3, 4])):
        expect_no_mutation(student, "gradient_descent", problems.sphere, init_x, lr=0.1, step_num=10,
                           names={1: "init_x"})


# ----------------------------------------------------------------------------- gradient_descent_norm (3)

@functools.lru_cache(maxsize=8)
def _gd_norm_run(reference, f, p0, kwargs):
    """The reference's run on one input: the same for every student (the lecture's run, 6674 iterations), so a
    worker computes it once; ``p0`` and ``kwargs`` come frozen (see :func:`_frozen`) and are thawed here. (What the
    known mistakes give on it is kept by ``known_mistakes.diagnose``.)"""
    is_array, dtype, values = p0
    p0 = np.array(values, dtype=dtype) if is_array else list(values)
    return reference.gradient_descent_norm(f, p0, **dict(kwargs))


def _frozen(p0):
    array = np.asarray(p0)
    return isinstance(p0, np.ndarray), array.dtype.str, tuple(array.tolist())


def _check_gd_norm(student, reference, f, p0, **kwargs):
    call = call_text("gradient_descent_norm", f, p0, **kwargs)
    got = student.gradient_descent_norm(f, p0, **kwargs)
    expected = _gd_norm_run(reference, f, _frozen(p0), tuple(sorted(kwargs.items())))
    found = functools.cache(later(GD_NORM + ignored_arguments(reference.gradient_descent_norm) +
                                  mutated(reference.gradient_descent_norm), f, p0, **kwargs))  # for both parts
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        expect_close(got, expected, call=call)  # "a tuple of 2 values"
    helpers = Helpers(reference, [function_helper(student, reference, name) for name in HELPERS["gradient_descent_norm"]])
    helpers.judge(got[1], "gradient_descent_norm", f, p0, **kwargs, expected=expected[1],
                  part=lambda result: result[1], compare=expect_equal, call=call + "[1] (the iterations)",
                  mistakes=lambda: {name: value[1] for name, value in found().items()})
    helpers.judge(got[0], "gradient_descent_norm", f, p0, **kwargs, expected=expected[0],
                  part=lambda result: result[0], call=call + "[0] (the final point)",
                  mistakes=lambda: {name: value[0] for name, value in found().items()})


@check("gradient_descent_norm", 1.5, "gradient_descent_norm: gd1.py's run from (1, 3) (6674 iterations)", timeout=60,
       requires=["array_like(p0)"])
def test_gd_norm_lecture(student, reference):
    _check_gd_norm(student, reference, problems.sphere, [1.0, 3.0], lr=0.001, h=0.01)


@check("gradient_descent_norm", 1.0, "gradient_descent_norm: random starts, steps and tolerances", timeout=30)
def test_gd_norm_random(student, reference, rng):
    _check_gd_norm(student, reference, problems.quadratic, rng.uniform(-2, 2, 2), lr=float(rng.uniform(0.01, 0.05)),
                   h=float(rng.choice([1e-2, 1e-3])), tol=1e-3, max_iters=3000)


@check("gradient_descent_norm", 0.5, "gradient_descent_norm: stops after max_iters")
def test_gd_norm_max_iters(student, reference, rng):
    _check_gd_norm(student, reference, problems.sphere, rng.uniform(-2, 2, 2), lr=0.01,
                   max_iters=int(rng.integers(3, 12)))


# ----------------------------------------------------------------------------- rel_error (1)

@check("rel_error", 0.5, "rel_error: random arrays and numbers", requires=["number_or_array(a, b)"])
def test_rel_error_random(student, reference, rng):
    a = rng.normal(size=5)
    for b in (a + rng.normal(scale=1e-3, size=5), -a):
        _compare(student, reference, "rel_error", REL_ERROR, a, b)
    _compare(student, reference, "rel_error", REL_ERROR, 2.0, 2.5)


@check("rel_error", 0.5, "rel_error: zeros (the 1e-8 floor of the denominator)")
def test_rel_error_zeros(student, reference):
    _compare(student, reference, "rel_error", REL_ERROR, np.zeros(3), np.zeros(3))
    _compare(student, reference, "rel_error", REL_ERROR, np.array([0.0, 1e-9, 1.0]), np.array([0.0, 0.0, 1.0]))


# ----------------------------------------------------------------------------- gradient_check (1)

@check("gradient_check", 0.5, "gradient_check: a right and a wrong gradient of x0^2 + x1^2")
def test_gradient_check_sphere(student, reference, rng):
    x = rng.uniform(0.5, 2.0, 3)
    _compare(student, reference, "gradient_check", GRADIENT_CHECK, problems.sphere, problems.sphere_grad_wrong, x)
    got = student.gradient_check(problems.sphere, problems.sphere_grad, x)
    Helpers(reference, [function_helper(student, reference, name) for name in HELPERS["gradient_check"]]).judge(
        got, "gradient_check", problems.sphere, problems.sphere_grad, x, compare=partial(expect_close, atol=1e-7),
        call=call_text("gradient_check", problems.sphere, problems.sphere_grad, x))


@check("gradient_check", 0.5, "gradient_check: Rosenbrock with a given step h")
def test_gradient_check_h(student, reference, rng):
    _compare(student, reference, "gradient_check", GRADIENT_CHECK, problems.rosenbrock, problems.rosenbrock_grad,
             rng.uniform(-1, 1, 3), h=float(rng.choice([1e-2, 3e-3])))


# ----------------------------------------------------------------------------- second_derivative (1)

@check("second_derivative", 0.5, "second_derivative: (x+5)^2 and x^3 - 2x", requires=["int_or_float(x)"])
def test_second_derivative_lecture(student, reference):
    _compare(student, reference, "second_derivative", SECOND, problems.parabola, 3.0, h=1e-2)
    _compare(student, reference, "second_derivative", SECOND, problems.cubic, 2, h=1e-3)


@check("second_derivative", 0.5, "second_derivative: a wiggly function, where h matters")
def test_second_derivative_h(student, reference, rng):
    _compare(student, reference, "second_derivative", SECOND, problems.wave, float(rng.uniform(-2, 2)),
             h=float(rng.choice([0.05, 0.1])))
