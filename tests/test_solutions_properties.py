"""Properties of the reference on randomized inputs: purity, integer and 2-D inputs,
dtypes and shapes, state carried in config, and ValueError where the curriculum asks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays
from numpy.testing import assert_allclose

import solutions
from solutions import (
    cross_entropy,
    gradient_check,
    minibatches,
    numerical_gradient,
    partial_derivative,
    softmax,
    softmax_cross_entropy,
    steps_per_epoch,
)

settings.register_profile("course", max_examples=40, deadline=None)
settings.load_profile("course")

finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
float_arrays = arrays(np.float64, array_shapes(min_dims=1, max_dims=2, max_side=5), elements=finite)
int_arrays = arrays(np.int64, array_shapes(min_dims=1, max_dims=2, max_side=5), elements=st.integers(-5, 5))


def cubic(x):
    return float(np.sum(x**3 - 2 * x))


def cubic_grad(x):
    return 3 * x**2 - 2


UPDATE_RULES = ["sgd", "sgd_momentum", "nesterov_momentum", "adagrad", "rmsprop", "adam"]
STATE_KEYS = {"sgd_momentum": ["velocity"], "nesterov_momentum": ["velocity"], "adagrad": ["cache"],
              "rmsprop": ["cache"], "adam": ["m", "v"]}


@pytest.mark.parametrize("rule_name", UPDATE_RULES)
@given(w=st.one_of(float_arrays, int_arrays))
def test_update_rules_are_pure_and_return_float64(rule_name, w):
    rule = getattr(solutions, rule_name)
    dw = np.ones_like(w) * 3
    w_before, dw_before = w.copy(), dw.copy()
    config = {}
    next_w, new_config = rule(w, dw, config)
    assert np.array_equal(w, w_before) and np.array_equal(dw, dw_before)
    assert config == {}  # the caller's config is left alone by the reference
    assert isinstance(next_w, np.ndarray) and next_w.dtype == np.float64 and next_w.shape == w.shape
    for key in STATE_KEYS.get(rule_name, []):
        assert new_config[key].shape == w.shape


@pytest.mark.parametrize("rule_name", UPDATE_RULES)
@given(w=float_arrays, seed=st.integers(0, 2**16))
def test_state_carried_in_config_equals_one_long_run(rule_name, w, seed):
    """Three calls chained through config give the same as run_optimizer's loop."""
    rule = getattr(solutions, rule_name)
    rng = np.random.default_rng(seed)
    grads = [rng.normal(size=w.shape) for _ in range(3)]
    config, x = None, w
    for g in grads:
        x, config = rule(x, g, config)
    steps = iter(grads)
    trajectory = solutions.run_optimizer(rule, lambda _: next(steps), w, None, num_steps=3)
    assert trajectory.shape == (4, *w.shape)
    assert_allclose(trajectory[-1], x, rtol=1e-12)
    if rule_name == "adam":
        assert config["t"] == 3


@given(x=st.one_of(float_arrays, int_arrays))
def test_numerical_gradient_batched_and_pure(x):
    before = x.copy()
    g = numerical_gradient(cubic, x)
    assert np.array_equal(x, before)
    assert g.dtype == np.float64 and g.shape == x.shape
    assert_allclose(g, cubic_grad(x.astype(float)), rtol=1e-6, atol=1e-6)


def test_numerical_gradient_leaves_x_unchanged_when_f_raises():
    x = np.array([1.0, 2.0])
    calls = []

    def explode(p):
        calls.append(p.copy())
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(explode, x)
    assert np.array_equal(x, [1.0, 2.0]) and calls


@given(x=arrays(np.float64, st.integers(1, 6), elements=st.floats(-3, 3)))
def test_gradient_check_of_a_correct_gradient_is_tiny(x):
    assert gradient_check(cubic, cubic_grad, x) < 1e-6


def test_partial_derivative_methods():
    f = lambda p: p[0] ** 2 * p[1]  # noqa: E731
    assert partial_derivative(f, [3, 2], 0) == pytest.approx(12, rel=1e-6)
    assert partial_derivative(f, [3, 2], 0, h=0.01, method="forward") == pytest.approx(12.02, rel=1e-6)
    with pytest.raises(ValueError):
        partial_derivative(f, [3, 2], 0, method="backward")


@given(z=arrays(np.float64, array_shapes(min_dims=1, max_dims=2, max_side=6), elements=st.floats(-1e4, 1e4)))
def test_softmax_and_its_cross_entropy_are_stable(z):
    p = softmax(z)
    assert np.all(np.isfinite(p)) and np.allclose(p.sum(axis=-1), 1.0)
    labels = np.zeros(z.shape[:-1], dtype=int)
    loss = softmax_cross_entropy(labels, z)
    assert np.isfinite(loss) and loss >= 0


def test_cross_entropy_labels_equal_one_hot_and_mean_over_batch():
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    one_hot = np.array([[1, 0, 0], [0, 0, 1]])
    expected = -(np.log(0.7) + np.log(0.8)) / 2
    assert cross_entropy(one_hot, probs) == pytest.approx(expected)
    assert cross_entropy([0, 2], probs) == pytest.approx(expected)
    assert cross_entropy(2, probs[1]) == pytest.approx(-np.log(0.8))
    assert softmax_cross_entropy([0, 2], np.log(probs)) == pytest.approx(expected)
    assert np.isfinite(cross_entropy([1, 0], [[1.0, 0.0], [0.0, 1.0]]))  # clipped, not inf


def test_mean_squared_error_sums_outputs_and_averages_samples():
    assert solutions.mean_squared_error([[1, 2], [3, 4]], [[1, 3], [5, 4]]) == pytest.approx((1 + 4) / 2)
    assert solutions.mean_squared_error([1, 2], [2, 4]) == pytest.approx(5.0)
    with pytest.raises(ValueError):
        solutions.mean_squared_error([1, 2], [1, 2, 3])


@given(n=st.integers(1, 60), batch_size=st.integers(1, 25), shuffle=st.booleans(),
       drop_last=st.booleans(), seed=st.integers(0, 99))
def test_minibatches_cover_each_sample_once(n, batch_size, shuffle, drop_last, seed):
    X = np.arange(n * 2).reshape(n, 2)
    y = np.arange(n)
    batches = list(minibatches(X, y, batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last))
    assert len(batches) == steps_per_epoch(n, batch_size, drop_last)
    seen = np.concatenate([yb for _, yb in batches]) if batches else np.array([], dtype=int)
    assert len(set(seen)) == len(seen)
    if not drop_last:
        assert sorted(seen) == list(range(n))
    for Xb, yb in batches:
        assert np.array_equal(Xb[:, 0], 2 * yb) and len(yb) <= batch_size
    if shuffle:
        assert np.array_equal(seen, np.random.default_rng(seed).permutation(n)[: len(seen)])
    else:
        assert np.array_equal(seen, np.arange(len(seen)))


@pytest.mark.parametrize("schedule", ["exponential_decay", "natural_exp_decay", "inverse_time_decay", "polynomial_decay"])
@pytest.mark.parametrize("decay_steps", [0, -5])
def test_schedules_reject_nonpositive_decay_steps(schedule, decay_steps):
    with pytest.raises(ValueError):
        getattr(solutions, schedule)(0.1, 10, decay_steps, 0.5)


@pytest.mark.parametrize("schedule", ["exponential_decay", "natural_exp_decay", "inverse_time_decay"])
@given(steps=arrays(np.int64, st.integers(1, 8), elements=st.integers(0, 1000)))
def test_schedules_accept_arrays_elementwise(schedule, steps):
    f = getattr(solutions, schedule)
    rates = f(0.1, steps, 100, 0.9, staircase=True)
    assert rates.shape == steps.shape
    assert_allclose(rates, [f(0.1, int(s), 100, 0.9, staircase=True) for s in steps])
