"""Hidden checks of 04_momentum (points: sgd 2, sgd_momentum 3.5, nesterov_momentum 3,
run_optimizer 3 = 11.5).

sgd_momentum and nesterov_momentum get the common update-rule checks of
``autograder.checks.checklib.update_rule_checks`` (first step, config, several steps, state, no
mutation); run_optimizer is driven with update rules from ``problems.py`` beside this file (not the
student's own, so a mistake in sgd_momentum does not cost run_optimizer).
"""

import importlib
from functools import partial

import numpy as np

from autograder.checks.checklib import (call_text, copy_config, expect_close, expect_float64, expect_no_mutation,
                                       other_hyperparameters, update_rule_checks)
from autograder.checks.known_mistakes import later, mutated
from autograder.engine.checking import Figure, check, shows
from autograder.engine.i18n import N_

M = importlib.import_module("autograder.checks.04_momentum.mistakes")  # this assignment's known mistakes
problems = importlib.import_module("autograder.checks.04_momentum.problems")  # its test problems

SGD = [M.sgd_ascent, M.sgd_ignores_config]
MOMENTUM = [M.momentum_plus_lr, M.momentum_no_state, M.momentum_negated_velocity]
NESTEROV = [M.nesterov_plain, M.nesterov_plus_prev, M.nesterov_no_state]
RUN = [M.run_fresh_config, M.run_without_w0, M.run_without_last]


# ----------------------------------------------------------------------------- sgd (2)

def _check_sgd(student, reference, w, dw, config):
    got = student.sgd(w, dw, copy_config(config))
    _check_sgd_result(got, reference, w, dw, config)
    return got


def _check_sgd_result(got, reference, w, dw, config):
    expect_close(got, (reference.sgd(w, dw, copy_config(config))[0], {}),
                 call=call_text("sgd", w, dw, config),
                 mistakes=later(SGD + other_hyperparameters(reference.sgd, ()) + mutated(reference.sgd), w, dw,
                                      copy_config(config)))


@check("sgd", 0.5, "sgd: one step with the default learning rate")
def test_sgd_default(student, reference):
    for config in (None, {}):
        _check_sgd(student, reference, np.array([1.0, -2.0]), np.array([0.5, -3.0]), config)


@check("sgd", 0.5, "sgd: the learning rate from config, 2-D weights")
def test_sgd_config(student, reference, rng):
    _check_sgd(student, reference, rng.normal(size=(3, 2)), rng.normal(size=(3, 2)),
               {"learning_rate": float(rng.uniform(0.05, 0.5))})


@check("sgd", 0.5, "sgd: w and dw are not modified", requires=["unchanged(w, dw)"])
def test_sgd_no_mutation(student, rng):
    expect_no_mutation(student, "sgd", rng.normal(size=3), rng.normal(size=3), {"learning_rate": 0.1},
                       names={0: "w", 1: "dw"})


@check("sgd", 0.5, "sgd: integer w and dw give float64 weights", requires=["int_arrays(w, dw)", "float64"])
def test_sgd_integers(student, reference):
    got = _check_sgd(student, reference, np.array([1, 2, -3]), np.array([1, -1, 2]), None)
    expect_float64(got[0], call=call_text("sgd", np.array([1, 2, -3]), np.array([1, -1, 2])))


# ----------------------------------------------------------------------------- sgd_momentum (3.5), nesterov (3)

globals().update(update_rule_checks("sgd_momentum", state=("velocity",), catalogue=MOMENTUM,
                                    custom={"learning_rate": 0.1, "momentum": 0.5}))
globals().update(update_rule_checks("nesterov_momentum", state=("velocity",), catalogue=NESTEROV,
                                    custom={"learning_rate": 0.1, "momentum": 0.5}))


@check("sgd_momentum", 0.5, "sgd_momentum: the lecture's two steps on (x+5)^2 from 3.0 (x = 2.5392)")
def test_momentum_lecture(student, reference):
    w, config = np.array([3.0]), {"learning_rate": 0.01, "momentum": 0.9}
    for number in (1, 2):
        dw = problems.parabola_df(w)
        call = f"step {number}: " + call_text("sgd_momentum", w, dw, config)
        got = student.sgd_momentum(w, dw, copy_config(config))
        expected_w, expected_config = reference.sgd_momentum(w, dw, copy_config(config))
        expect_close(got, (expected_w, {"velocity": expected_config["velocity"]}), call=call,
                     mistakes=later(MOMENTUM + other_hyperparameters(reference.sgd_momentum, ("velocity",)) +
                                    mutated(reference.sgd_momentum), w, dw,
                                    copy_config(config)))
        w, config = expected_w, expected_config  # x = 2.84, then 2.5392 with velocity -0.3008


# ----------------------------------------------------------------------------- run_optimizer (3)

def _check_run(student, reference, update, grad_fn, w0, config=None, **kwargs):
    got = student.run_optimizer(update, grad_fn, w0, copy_config(config), **kwargs)
    expected = reference.run_optimizer(update, grad_fn, w0, copy_config(config), **kwargs)
    with shows(Figure(got, expected, N_("The trajectory of w"), N_("step"), N_("w"))):
        expect_close(got, expected, call=call_text("run_optimizer", update, grad_fn, w0, config, **kwargs),
                     mistakes=later(RUN + mutated(reference.run_optimizer), update, grad_fn, w0, copy_config(config),
                                    **kwargs))
    return got


@check("run_optimizer", 1.0, "run_optimizer: a plain update rule, trajectory row 0 is w0")
def test_run_stateless(student, reference, rng):
    grad_fn = partial(problems.quadratic_grad, scales=(1.0, 10.0))
    _check_run(student, reference, problems.shrink_step, grad_fn, rng.normal(size=2), {"learning_rate": 0.05},
               num_steps=int(rng.integers(3, 12)))
    _check_run(student, reference, problems.shrink_step, problems.sphere_grad, rng.normal(size=3))  # 100 steps


@check("run_optimizer", 1.0, "run_optimizer: the config returned by update goes into the next step")
def test_run_stateful(student, reference, rng):
    _check_run(student, reference, problems.decaying_sign_step, problems.sphere_grad, rng.normal(size=3),
               num_steps=8)
    _check_run(student, reference, problems.decaying_sign_step, problems.parabola_df, rng.normal(size=1),
               {"learning_rate": 2.0}, num_steps=5)


@check("run_optimizer", 0.5, "run_optimizer: 2-D and list w0, shape (num_steps + 1, *w0.shape)",
       requires=["array_like(w0)", "trajectory_shape"])
def test_run_shapes(student, reference, rng):
    got = _check_run(student, reference, problems.shrink_step, problems.sphere_grad, rng.normal(size=(2, 2)),
                     num_steps=3)
    expect_float64(got, call="run_optimizer(...)")
    _check_run(student, reference, problems.shrink_step, problems.sphere_grad, [1, -2], num_steps=4)


@check("run_optimizer", 0.5, "run_optimizer: w0 is not modified", requires=["unchanged(w0)"])
def test_run_no_mutation(student, rng):
    expect_no_mutation(student, "run_optimizer", problems.shrink_step, problems.sphere_grad, rng.normal(size=3), None,
                       num_steps=4, names={2: "w0"})
