"""The mistake catalogue, the test problems and the drivers (each assignment's sandbox side), checked in-process (fast).

Each catalogue entry re-implements a function with one thing changed; with nothing
changed those re-implementations must agree with the reference, or a diagnosis could
name a mistake the student did not make.
"""

import importlib
import inspect
import types
from functools import partial

import numpy as np
import pytest

import solutions
from autograder.checks import known_mistakes
from autograder.engine import sandbox_side, wire
from autograder.engine.student import InProcessBackend, Student

# every assignment's known mistakes (autograder/checks/<ID>/mistakes.py), in one namespace
M = types.SimpleNamespace(**{name: value for assignment in solutions.ASSIGNMENTS for name, value in
                             vars(importlib.import_module(f"autograder.checks.{assignment}.mistakes")).items()})

# every assignment's sandbox-side modules (autograder/checks/<ID>/problems.py and drivers.py)
SANDBOX_SIDE = {name: importlib.import_module(name) for name in sandbox_side.module_names()}
problems, drivers = (types.SimpleNamespace(**{name: value for module_name, module in SANDBOX_SIDE.items()
                                              if module_name.endswith(kind) for name, value in vars(module).items()})
                     for kind in (".problems", ".drivers"))

R = {number: known_mistakes.ref(number) for number in ("01", "02", "03", "04", "05", "06", "07", "08")}


def close(a, b):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-12, atol=1e-15)


def test_every_entry_has_a_description():
    entries = [value for value in vars(M).values() if callable(value) and hasattr(value, "description")]
    assert len(entries) > 60
    for name in ("exponential_decay", "natural_exp_decay", "inverse_time_decay"):
        entries += M.decay_mistakes(name)
    assert all(isinstance(entry.description, str) and entry.description for entry in entries)


def test_the_sandbox_side_holds_no_graded_function():
    graded = {name for assignment in solutions.ASSIGNMENTS for name in solutions.load(assignment).__all__}
    assert len(SANDBOX_SIDE) >= 8 and hasattr(problems, "sphere") and hasattr(drivers, "value_graph")
    assert not graded & (set(vars(problems)) | set(vars(drivers)))


def test_gradient_descent_1d_baseline():
    for lr, max_iters in [(0.01, 10_000), (1.0, 7), (0.3, 50)]:
        x, history = M._gd1d(problems.parabola_df, 3.0, lr, 1e-6, max_iters)
        x_ref, history_ref = R["01"].gradient_descent_1d(problems.parabola_df, 3.0, lr=lr, max_iters=max_iters)
        close(x, x_ref)
        close(history, history_ref)


def test_gradient_descent_norm_baseline():
    for p0, kwargs in [([1.0, 3.0], dict(lr=0.001, h=0.01)), ([0.5, -0.2], dict(lr=0.01, max_iters=9))]:
        p, iterations = M._gd_norm(problems.sphere, p0, kwargs["lr"], kwargs.get("h", 0.01), 1e-5,
                                   kwargs.get("max_iters", 100_000))
        p_ref, iterations_ref = R["02"].gradient_descent_norm(problems.sphere, p0, **kwargs)
        close(p, p_ref)
        assert iterations == iterations_ref


@pytest.mark.parametrize("name, rule", [
    ("sgd_momentum", M._momentum),
    ("nesterov_momentum", partial(M._momentum, nesterov=True)),
    ("adagrad", M._adagrad),
    ("rmsprop", M._rmsprop),
    ("adam", M._adam),
])
def test_update_rule_baselines(name, rule):
    reference = getattr(R["04"] if "momentum" in name else R["05"], name)
    rng = np.random.default_rng(0)
    w, mine, theirs = rng.normal(size=3), None, None
    for _ in range(4):
        dw = rng.normal(size=3)
        w_mine, mine = rule(w, dw, mine)
        w_ref, theirs = reference(w, dw, theirs)
        close(w_mine, w_ref)
        w = w_ref


def test_run_optimizer_baseline():
    w0 = np.array([1.0, -2.0])
    close(M._run(problems.decaying_sign_step, problems.sphere_grad, w0, None, 6),
          R["04"].run_optimizer(problems.decaying_sign_step, problems.sphere_grad, w0, None, num_steps=6))


@pytest.mark.parametrize("name", ["exponential_decay", "natural_exp_decay", "inverse_time_decay"])
def test_decay_baselines(name):
    steps = np.arange(0, 40, 3)
    for staircase in (False, True):
        close(M._decay(name, 0.1, steps, 10, 0.7, staircase), getattr(R["06"], name)(0.1, steps, 10, 0.7, staircase))


def test_polynomial_and_schedule_baselines():
    steps = np.array([0, 5, 20, 21, 45])
    for cycle in (False, True):
        close(M._poly(0.1, steps, 20, 0.001, 2.0, cycle), R["06"].polynomial_decay(0.1, steps, 20, 0.001, 2.0, cycle))
    schedule = partial(problems.piecewise_lr, boundaries=(2, 4), values=(0.1, 0.05, 0.01))
    close(M._schedule_gd(problems.parabola_df, 3.0, schedule, 6),
          R["06"].gd_with_schedule(problems.parabola_df, 3.0, schedule, 6))


def test_value_class_baseline_and_mistakes_differ():
    nodes = [("leaf", 0.5), ("leaf", -1.2), ("mul", 0, 1), ("mul", 2, 3.0), ("exp", 2), ("tanh", 4),
             ("add", 3, 5), ("sub", 2.0, 6), ("pow", 7, 2), ("relu", 8), ("log", 9), ("relu", 2), ("add", 10, 11)]
    expected = node_values(drivers.value_graph(vars(R["07"]), nodes))
    assert node_values(drivers.value_graph({"Value": M.value_class()}, nodes)) == pytest.approx(expected)
    for entry in M.VALUE_MISTAKES:
        assert node_values(entry(nodes)) != pytest.approx(expected), entry.description


def node_values(graph):
    """A value graph's ``{"data": [...], "grad": [...]}`` as one flat list (``approx`` compares flat
    sequences only: pytest 9.2 refuses nested dicts)."""
    assert set(graph) == {"data", "grad"}, graph
    return graph["data"] + graph["grad"]


def test_network_baselines():
    params = R["08"].init_params([4, 5, 3], seed=3)
    close(M._he([4, 5, 3], 3, lambda fan_in, fan_out: np.sqrt(2.0 / fan_in))["W2"], params["W2"])
    X, y = problems.blobs(32, 4, 3, seed=1)
    close(M._forward(params, X), R["08"].forward(params, X)[0])
    sgd = R["04"].sgd
    mine, mine_history = M._train(X, y, [4, 5, 3], sgd, {"learning_rate": 0.1}, 8, 2, 5)
    theirs, history = R["08"].train(X, y, [4, 5, 3], sgd, {"learning_rate": 0.1}, batch_size=8, epochs=2, seed=5)
    close(mine_history["loss"], history["loss"])
    close(mine["W1"], theirs["W1"])


def test_drivers_on_the_reference():
    X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    batches = drivers.batches(vars(R["03"]), X, y, 2, False, None, False)
    assert [b[1].tolist() for b in batches] == [[0, 1], [2, 3], [4]]
    reference = Student(InProcessBackend(vars(R["02"])))
    report = reference.attempt("partial_derivative", problems.sphere, [1.0, 2.0], 0, method="sideways")
    assert report["value_error"] and report["raised"] == "ValueError"
    x = np.array([1.0, 2.0])
    report = reference.attempt("numerical_gradient", problems.always_raises, x)
    assert report["raised"] == "RuntimeError" and report["args_after"][0] is None
    assert np.array_equal(report["args_after"][1], x)
    assert drivers.forward_logits(vars(R["08"]), R["08"].init_params([3, 2]), np.ones((4, 3))).shape == (4, 2)
    on_reference_value = drivers.grad_on_value(vars(R["07"]), problems.affine, [2.0, -1.0, 4.0])
    assert on_reference_value == R["07"].grad(problems.affine, 2.0, -1.0, 4.0) == (-1.0, 2.0, 1.5)
    on_mistaken_value = drivers.grad_on_value({"Value": M.value_class(tanh_wrong=True)}, problems.neuron, [0.5, 2.0, -0.3])
    assert on_mistaken_value != pytest.approx(R["07"].grad(problems.neuron, 0.5, 2.0, -0.3))


def test_problems_are_plain_module_functions_the_wire_sends():
    for module in SANDBOX_SIDE.values():
        for name, value in vars(module).items():
            if inspect.isfunction(value) and not name.startswith("_") and not value.__module__.startswith("autograder.engine."):  # the engine's helpers they import
                assert value.__module__ in SANDBOX_SIDE and wire.encode(value)
    with pytest.raises(ValueError):
        problems.sphere(np.ones((2, 2)))
