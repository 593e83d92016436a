"""Mistakes named by mutation of the reference (``autograder.engine.mutation``), in process, on the real
reference functions: a one-edit mistake is named in student words, only when no case refutes it."""

import numpy as np
import pytest

from autograder.checks import checklib
from autograder.checks.known_mistakes import diagnose, mutated
from autograder.engine.checking import CheckFailed
from autograder.engine.mutation import LIMIT, mutants
from solutions import ASSIGNMENTS, load

GRADED = [(assignment, name) for assignment in ASSIGNMENTS if not assignment.startswith("07")
          for name in load(assignment).__all__]


def matching(entries, student, cases):
    """The descriptions of the entries that give what ``student`` gives on every case."""
    names = None
    for args in cases:
        got = student(*args)
        found = {description for description, value in diagnose(entries, *args).items()
                 if checklib._passes(checklib.checking.expect_close, got, value, {})}
        names = found if names is None else names & found
    return names


def test_adam_with_betas_swapped_is_named():
    reference = load("05_adaptive_optimizers").adam

    def swapped(w, dw, config=None):
        config = {"beta1": 0.9, "beta2": 0.999, **(config or {})}
        w_next, out = reference(w, dw, {**config, "beta1": config["beta2"], "beta2": config["beta1"]})
        return w_next, {**out, "beta1": config["beta1"], "beta2": config["beta2"]}  # the config as given

    cases = [(np.array([1.0, -2.0]), np.array([0.5, -3.0]), None),
             (np.array([0.3, 1.2]), np.array([-1.5, 0.7]), {"beta1": 0.5, "beta2": 0.75})]
    assert "beta1 and beta2 swapped" in matching(mutated(reference), swapped, cases)


@pytest.mark.parametrize("name, student, expected", [
    ("rmsprop", lambda w, dw, config=None: _rmsprop_no_sqrt(w, dw, config), "the square root (sqrt) left out"),
    ("adam", lambda w, dw, config=None: _adam_t_off(w, dw, config), "t one too large"),
])
def test_update_rule_mistakes_are_named(name, student, expected):
    reference = getattr(load("05_adaptive_optimizers"), name)
    cases = [(np.array([1.0, -2.0, 0.5]), np.array([0.7, -1.3, 1.1]), None),
             (np.array([0.2, 1.5, -1.0]), np.array([-0.4, 0.9, 2.0]), {"learning_rate": 0.1})]
    assert any(description.startswith(expected) for description in matching(mutated(reference), student, cases))


def _rmsprop_no_sqrt(w, dw, config):
    config = dict(config or {})
    lr, rho, eps = config.get("learning_rate", 1e-2), config.get("decay_rate", 0.99), config.get("epsilon", 1e-8)
    cache = rho * config.get("cache", np.zeros_like(w)) + (1 - rho) * dw**2
    return w - lr * dw / (cache + eps), {**config, "learning_rate": lr, "decay_rate": rho, "epsilon": eps,
                                         "cache": cache}


def _adam_t_off(w, dw, config):
    config = dict(config or {})
    t = config.get("t", 0) + 2  # a step counter one too large in the bias correction; t stored as t + 2
    w_next, out = load("05_adaptive_optimizers").adam(w, dw, {**config, "t": t - 1})
    return w_next, out


def test_the_same_edit_in_every_place_is_one_mutant():
    """beta*t for beta**t in both bias corrections: one edit made twice, named as one mistake."""
    reference = load("05_adaptive_optimizers").adam

    def product(w, dw, config=None):
        config = {"beta1": 0.9, "beta2": 0.999, **(config or {})}
        t = config.get("t", 0) + 1
        w_next, out = reference(w, dw, {**config, "t": t - 1})
        m_hat_power, v_hat_power = 1 - config["beta1"] ** t, 1 - config["beta2"] ** t
        step = w - w_next  # lr * m_hat / (sqrt(v_hat) + eps) with eps 0: rescale both corrections
        scale = m_hat_power / (1 - config["beta1"] * t) / np.sqrt(v_hat_power / (1 - config["beta2"] * t))
        return w - step * scale, out

    config = {"beta1": 0.3, "beta2": 0.2, "epsilon": 0.0, "t": 1, "m": np.array([0.1, -0.2]), "v": np.array([0.3, 0.5])}
    cases = [(np.array([1.0, -2.0]), np.array([0.5, -3.0]), config),
             (np.array([0.3, 1.2]), np.array([-1.5, 0.7]), {**config, "t": 2})]
    assert "beta1*t, beta2*t where beta1**t, beta2**t belong (a product instead of a power, in each place)" in \
        matching(mutated(reference), product, cases)


def test_a_mutant_is_named_only_when_no_other_edit_and_no_passing_case_contradicts_it():
    """1 - lr/curvature and 1 - (lr + curvature) agree on (0.5, 0.5): two different edits, neither is named.
    The passing case (0.3, 1.0) refutes the second: the first is then the one cause left."""
    reference = load("01_gradient_descent").update_factor

    def divides(lr, curvature):
        return 1 - lr / curvature

    def finding_on_failure():
        with pytest.raises(CheckFailed) as failure:
            checklib.expect_close(divides(0.5, 0.5), reference(0.5, 0.5), call="update_factor(0.5, 0.5)",
                                  mistakes=lambda: diagnose(mutated(reference), 0.5, 0.5))
        finding = failure.value.finding
        return finding.as_note()["candidates"] if finding and finding.kind == "mistake" else []

    checklib.checking_function(object(), "update_factor")
    assert finding_on_failure() == []
    checklib.checking_function(student := object(), "update_factor")
    checklib.expect_close(divides(0.3, 1.0), reference(0.3, 1.0), call="update_factor(0.3, 1.0)",
                          mistakes=lambda: diagnose(mutated(reference), 0.3, 1.0))
    assert finding_on_failure() == ["lr/curvature where lr*curvature belongs, in the value returned"]
    del student


@pytest.mark.parametrize("assignment, name", GRADED)
def test_mutants_are_bounded_cached_and_show_no_reference_code(assignment, name):
    function = getattr(load(assignment), name)
    made = mutants(function)
    assert made and len(made) <= LIMIT and mutants(function) is made
    for mutant in made:
        text = mutant.description
        # only what a student knows: no private helpers, no dict lookups, no f-strings of the reference
        assert "_progress" not in text and ".get(" not in text and "f'" not in text and "config[" not in text, text


def test_a_state_kept_under_another_key_is_not_told_it_was_not_carried():
    """Velocity kept under 'v': the steps are right, only the config lacks 'velocity'. "Not carried between calls"
    would also give a config without it, but its steps differ: the passing comparison of the steps refutes it."""
    from autograder.checks.known_mistakes import other_hyperparameters

    reference = load("04_momentum").sgd_momentum

    def other_key(w, dw, config=None):
        config = dict(config or {})
        w_next, out = reference(w, dw, {**config, "velocity": config.get("v", np.zeros_like(w))})
        return w_next, {key: value for key, value in out.items() if key != "velocity"} | {"v": out["velocity"]}

    w, grads = np.array([1.0, -2.0]), [np.array([0.5, -3.0]), np.array([-1.0, 2.0]), np.array([0.3, 0.1])]
    entries = other_hyperparameters(reference, ("velocity",))

    def runs(part):
        found = {}
        for entry in entries:
            try:
                ws, config = checklib.run_updates(entry, w, grads)
            except ValueError:  # an entry that is the reference itself on these inputs
                continue
            found[entry.description] = ws if part == "w" else checklib.state_of(config, ("velocity",))
        return found

    got_ws, got_config = checklib.run_updates(other_key, w, grads)
    ws, config = checklib.run_updates(reference, w, grads)
    checklib.checking_function(student := object(), "sgd_momentum")
    checklib.expect_close(got_ws, ws, call="the steps", mistakes=lambda: runs("w"))
    with pytest.raises(CheckFailed) as failure:
        checklib.expect_close(got_config, {"velocity": config["velocity"]}, call="the last config",
                              mistakes=lambda: runs("config"))
    finding = failure.value.finding
    assert finding is None or not any("not carried" in key for key in finding.as_note()["candidates"])
    del student


def _gd1d(step_of, initial_step=float("inf"), stops=True):
    """The lecture's GD loop with the step measured by ``step_of(x, prev)``, started at ``initial_step``."""
    def run(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
        x, history, step, iters = float(x0), [float(x0)], initial_step, 0
        while (step > precision or not stops) and iters < max_iters:
            prev = x
            x = x - lr * df(prev)
            step, iters = step_of(x, prev), iters + 1
            history.append(x)
        return x, history
    return run


def _parabola_df(x):
    return 2 * (x + 5)


@pytest.mark.parametrize("student, expected", [
    (_gd1d(lambda x, prev: abs(x - prev), initial_step=1e-6), "a loop that never runs (no iteration is made)"),
    (_gd1d(lambda x, prev: abs(x - prev), stops=False),
     "a loop that never stops early: step > precision left out of its condition"),
    (_gd1d(lambda x, prev: x - prev), "the absolute value (abs) left out, in how step is computed"),
])
def test_loops_that_never_run_never_stop_or_stop_on_a_signed_step_are_named(student, expected):
    """Nothing the loop's counter bounds is frozen: the step and the test beside the counter may be mutated."""
    reference = load("01_gradient_descent").gradient_descent_1d
    cases = [(_parabola_df, 3.0, 0.1, 1e-3), (_parabola_df, -7.0, 0.05, 1e-4, 50)]
    assert expected in matching(mutated(reference), student, cases)


def test_an_edit_in_an_if_is_told_with_its_test():
    """Testing q < 0 before |q| > 1 behaves as |q| > 1 without its abs: the edit is told with the test it sits in."""
    reference = load("01_gradient_descent").classify_learning_rate

    def checks_sign_first(lr, curvature=2.0):
        q = 1 - lr * curvature
        return "no progress" if q == 1 else "stuck oscillating" if q == -1 else "oscillating" if q < 0 else \
            "divergent" if abs(q) > 1 else "monotone"

    descriptions = {mutant.description for mutant in mutants(reference)}
    assert "the absolute value (abs) left out, in the test |q| > 1" in descriptions
    assert {"the absolute value (abs) left out, in the test |q| > 1"} <= \
        matching(mutated(reference), checks_sign_first, [(1.5,), (0.3, 10.0), (0.5,)])


def test_the_absolute_value_of_a_sum_for_the_sum_of_absolute_values_is_named():
    reference = load("02_numerical_gradient").rel_error

    def abs_of_sum(a, b):
        return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a + b))))

    cases = [(np.array([0.5, -1.0, 2.0]), np.array([-0.4, 1.2, 1.9])), (np.array([1.0, 3.0]), np.array([-2.0, 2.5]))]
    assert "|a + b| where |a| + |b| belongs, in the value returned" in \
        matching(mutated(reference), abs_of_sum, cases)
