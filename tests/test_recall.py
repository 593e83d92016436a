"""The probes that call the student's code again (autograder/checks/recall.py), on real submissions' functions.

In process and cheap: each test runs a few student functions through the same ``Student`` proxy and
wire round trip as grading (``InProcessBackend``), fails a comparison the way a check does, and asks
``recall.explain`` what it finds. A probe that fires must name the mistake made; where the
mistake is another one, it must stay silent.
"""

import numpy as np
import pytest

import solutions
from autograder.checks import recall
from autograder.checks.checklib import expect_close
from autograder.engine.checking import CheckFailed, StudentError
from autograder.engine.student import InProcessBackend, Student


def recorder_of(source):
    namespace = {}
    exec(compile("import math\nimport numpy as np\n" + source, "<submission>", "exec"), namespace)
    return recall.recorder(Student(InProcessBackend(namespace)))


def finding(assignment, source, call, *args, part=lambda result: result, **kwargs):
    """What the probes find when the student's ``call(*args, **kwargs)`` fails its comparison (None: nothing)."""
    student, reference = recorder_of(source), solutions.load(assignment)
    try:
        got = getattr(student, call)(*args, **kwargs)
        expect_close(part(got), part(getattr(reference, call)(*args, **kwargs)), call=call)
    except (CheckFailed, StudentError) as error:
        recall.explain(error, student, reference)
        return getattr(error, "finding", None) and error.finding.key
    pytest.fail("the comparison passed")


def test_an_ignored_argument_is_named_from_the_students_own_code():
    source = "def update_factor(lr, curvature):\n    return 1 - lr * 2\n"
    assert finding("01_gradient_descent", source, "update_factor", 0.3, 5.0) == "ignores curvature"


def test_a_hyper_parameter_the_config_does_not_give_is_tried_too():
    source = ("def sgd(w, dw, config=None):\n    config = dict(config or {})\n"
              "    config.setdefault('learning_rate', 1e-2)\n    return w - 0.001 * dw, config\n")
    assert finding("04_momentum", source, "sgd", np.array([1.0, -2.0]), np.array([0.5, -3.0]), None,
                   part=lambda result: result[0]) == "ignores config['learning_rate']"


def test_another_mistake_is_no_ignored_argument():
    source = "def update_factor(lr, curvature):\n    return 1 - lr / curvature\n"
    assert finding("01_gradient_descent", source, "update_factor", 0.3, 5.0) != "ignores curvature"


def test_integers_that_raise_where_floats_work():
    source = ("def sgd(w, dw, config=None):\n    config = dict(config or {})\n"
              "    config.setdefault('learning_rate', 1e-2)\n    w = np.array(w)\n"
              "    w -= config['learning_rate'] * np.asarray(dw, dtype=float)\n    return w, config\n")
    assert finding("04_momentum", source, "sgd", np.array([1, 2, -3]), np.array([1, -1, 2]), None) == "integers"


def test_integers_that_truncate_where_floats_work():
    source = ("def numerical_gradient(f, x, h=1e-4):\n    grad = np.zeros_like(x)\n    x = np.array(x, dtype=float)\n"
              "    for i in range(len(x)):\n        up, down = x.copy(), x.copy()\n        up[i] += h\n"
              "        down[i] -= h\n        grad[i] = (f(up) - f(down)) / (2 * h)\n    return grad\n")
    problems = __import__("importlib").import_module("autograder.checks.02_numerical_gradient.problems")
    assert finding("02_numerical_gradient", source, "numerical_gradient", problems.sphere, np.array([3, 4])) == "integers"


def test_right_on_one_row_wrong_on_the_batch():
    source = ("def softmax(z):\n    z = np.asarray(z, dtype=float)\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
              "    return e / e.sum()\n")
    logits = np.random.default_rng(0).normal(size=(5, 3))
    assert finding("03_losses_and_batches", source, "softmax", logits) == "one row"


def test_a_result_not_made_of_rows_is_not_judged_on_one_row():
    source = ("def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):\n"
              "    order = np.random.default_rng(seed).permutation(len(X)) if shuffle else np.arange(len(X))\n"
              "    for start in range(0, len(X), batch_size):\n"
              "        yield X[order[start:start + batch_size]], y[start:start + batch_size]\n")
    drivers = __import__("importlib").import_module("autograder.checks.03_losses_and_batches.drivers")
    student, reference = recorder_of(source), solutions.load("03_losses_and_batches")
    X, y = np.arange(24.0).reshape(12, 2), np.arange(12)
    got = student.drive(drivers.batches, X, y, 4, True, 7, False)
    with pytest.raises(CheckFailed) as failure:
        expect_close(got, drivers.batches(vars(reference), X, y, 4, True, 7, False), call="minibatches")
    recall.explain(failure.value, student, reference)
    assert failure.value.finding is None or failure.value.finding.key != "one row"


def test_values_returned_in_the_wrong_order():
    source = ("def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):\n"
              "    x, history, step, iters = x0, [x0], precision + 1, 0\n"
              "    while step > precision and iters < max_iters:\n"
              "        prev = x\n        x = x - lr * df(prev)\n        step = abs(x - prev)\n"
              "        iters += 1\n        history.append(x)\n    return history, x\n")
    problems = __import__("importlib").import_module("autograder.checks.01_gradient_descent.problems")
    assert finding("01_gradient_descent", source, "gradient_descent_1d", problems.parabola_df, 3.0, lr=0.1) == "order"


def test_extra_calls_stay_within_the_submissions_budget():
    student = recorder_of("def update_factor(lr, curvature):\n    return 1 - lr * 2\n")
    reference = solutions.load("01_gradient_descent")
    for attempt in range(recall.CALLS_PER_SUBMISSION):
        try:
            expect_close(student.update_factor(0.3, 5.0 + attempt), reference.update_factor(0.3, 5.0 + attempt),
                         call="update_factor")
        except CheckFailed as error:
            recall.explain(error, student, reference)
    assert student._budget.calls == recall.CALLS_PER_SUBMISSION


def test_a_changed_argument_that_makes_the_result_right_is_no_evidence():
    # ceil(n/bs) - 1 is floor(n/bs) unless bs divides n: with batch_size 201 both give 4, which says nothing
    source = ("def steps_per_epoch(n_samples, batch_size, drop_last=False):\n"
              "    return math.ceil(n_samples / batch_size) - (1 if drop_last else 0)\n")
    found = finding("03_losses_and_batches", source, "steps_per_epoch", 1000, 200, drop_last=True)
    assert not (found or "").startswith("ignores")


def test_a_1d_input_right_as_a_2d_row():
    source = ("def cross_entropy(y_true, y_prob, eps=1e-7):\n    y_prob = np.clip(np.asarray(y_prob, dtype=float), eps, 1 - eps)\n"
              "    return float(-np.sum(np.asarray(y_true) * np.log(y_prob)) / y_prob.shape[0])\n")
    one_hot, probabilities = np.array([0.0, 1.0, 0.0]), np.array([0.1, 0.6, 0.3])
    assert finding("03_losses_and_batches", source, "cross_entropy", one_hot, probabilities) == "2-D"


def test_a_result_that_changes_between_identical_calls():
    """A module-level dict the function writes into: the same call again gives another result. A pure function with
    a mistake does not; neither does a function whose reference is random from call to call (no seed)."""
    shared = ("DEFAULTS = {'learning_rate': 1e-2, 'momentum': 0.9}\n"
              "def sgd_momentum(w, dw, config=None):\n    config = DEFAULTS if config is None else config\n"
              "    v = config['momentum'] * config.get('velocity', np.zeros_like(w)) - config['learning_rate'] * dw\n"
              "    config['velocity'] = v\n    return w + v, config\n")
    w, dw = np.array([1.0, -2.0]), np.array([0.5, -3.0])
    student, reference = recorder_of(shared), solutions.load("04_momentum")
    student.sgd_momentum(w, dw, None)  # the first call leaves its velocity in DEFAULTS
    with pytest.raises(CheckFailed) as failure:
        expect_close(student.sgd_momentum(w, dw, None)[0], reference.sgd_momentum(w, dw, None)[0], call="sgd_momentum")
    recall.explain(failure.value, student, reference)
    assert failure.value.finding.key == "kept between calls" and not failure.value.finding.cause
    pure = "def update_factor(lr, curvature):\n    return 1 - lr / curvature\n"
    assert finding("01_gradient_descent", pure, "update_factor", 0.3, 5.0) != "kept between calls"
