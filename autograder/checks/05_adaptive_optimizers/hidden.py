"""Hidden checks of 05_adaptive_optimizers (points: adagrad 3.5, rmsprop 3.5, adam 4 = 11).

Each rule gets the common update-rule checks of ``autograder.checks.checklib.update_rule_checks``
(first step, custom config, several steps with the state in config, the state keys, no
mutation, tiny gradients that show where epsilon sits); Adam also the lecture's first step.
The known mistakes (epsilon inside the sqrt, no bias correction, t incremented late, a
cache that is not decayed, ...) are in ``mistakes.py`` beside this file.
"""

import importlib

import numpy as np

from autograder.checks.checklib import call_text, expect_close, update_rule_checks, update_rule_mistakes
from autograder.engine.checking import check

M = importlib.import_module("autograder.checks.05_adaptive_optimizers.mistakes")  # this assignment's known mistakes

ADAGRAD = [M.adagrad_eps_inside, M.adagrad_no_eps, M.adagrad_no_accumulation]
# On a first step the lecture's start and a missing (1-rho) agree: the lecture's is named first.
RMSPROP = [M.rmsprop_eps_inside, M.rmsprop_no_eps, M.rmsprop_not_decayed, M.rmsprop_lecture_start,
           M.rmsprop_no_one_minus_rho, M.rmsprop_swapped]
ADAM = [M.adam_no_bias_correction, M.adam_late_t, M.adam_eps_inside, M.adam_no_eps, M.adam_eps_hat,
        M.adam_v_linear, M.adam_v_corrected_with_beta1]

globals().update(update_rule_checks("adagrad", state=("cache",), catalogue=ADAGRAD, tiny_gradients=True,
                                    custom={"learning_rate": 0.5, "epsilon": 1e-4}))
globals().update(update_rule_checks("rmsprop", state=("cache",), catalogue=RMSPROP, tiny_gradients=True,
                                    custom={"learning_rate": 0.05, "decay_rate": 0.9, "epsilon": 1e-3}))
globals().update(update_rule_checks("adam", state=("m", "v", "t"), catalogue=ADAM, tiny_gradients=True,
                                    custom={"learning_rate": 0.1, "beta1": 0.5, "beta2": 0.75, "epsilon": 1e-4}))


@check("adam", 0.5, "adam: the lecture's first step from w = [1, -2] is about lr*sign(dw)")
def test_adam_lecture(student, reference):
    w, dw = np.array([1.0, -2.0]), np.array([0.5, -3.0])
    got = student.adam(w, dw)
    expected_w, config = reference.adam(w, dw)  # [0.999, -1.999]
    expect_close(got, (expected_w, {"m": config["m"], "v": config["v"], "t": config["t"]}),
                 call=call_text("adam", w, dw),
                 mistakes=lambda: update_rule_mistakes(reference.adam, ("m", "v", "t"), ADAM, w, dw, None))
