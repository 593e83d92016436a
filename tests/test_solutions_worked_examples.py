"""The lecture's worked examples (CURRICULUM.md), reproduced by the reference solutions."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from solutions import (
    adam,
    classify_learning_rate,
    dy_dx,
    exponential_decay,
    gd_with_schedule,
    gradient_descent,
    gradient_descent_1d,
    gradient_descent_norm,
    inverse_time_decay,
    linear_grads,
    natural_exp_decay,
    numerical_gradient,
    polynomial_decay,
    run_optimizer,
    sgd_momentum,
    steps_per_epoch,
    update_factor,
)


def sphere(x):
    """The lecture's f(x0, x1) = x0**2 + x1**2."""
    return x[0] ** 2 + x[1] ** 2


def test_gd_on_the_parabola_stops_after_595_iterations():
    x, history = gradient_descent_1d(dy_dx, 3.0)
    assert len(history) - 1 == 595
    assert x == -4.9999518490318176
    assert_allclose(history[:3], [3.0, 2.84, 2.6832], rtol=1e-12)
    assert history[-1] == x


@pytest.mark.parametrize(
    "lr, expected",
    [
        (0.1, [-6.1e-10, 8.1e-10]),
        (10.0, [-2.58983747e13, -1.29524862e12]),
        (1e-10, [-2.99999994, 3.99999992]),
    ],
)
def test_three_learning_rates_from_minus3_4(lr, expected):
    start = np.array([-3.0, 4.0])
    x = gradient_descent(sphere, start, lr=lr, step_num=100)
    rtol = 2e-2 if lr == 0.1 else 1e-6  # the lecture prints lr 0.1's result to two digits
    assert_allclose(x, expected, rtol=rtol)
    assert_allclose(start, [-3.0, 4.0])  # init_x untouched


def test_lr_01_result_to_full_precision():
    x = gradient_descent(sphere, [-3.0, 4.0], lr=0.1)
    assert_allclose(x, [-6.11110793e-10, 8.14814391e-10], rtol=1e-6)


def test_forward_difference_gd_stops_after_6674_iterations_at_minus_h_over_2():
    p, iterations = gradient_descent_norm(sphere, [1.0, 3.0], lr=0.001, h=0.01)
    assert iterations == 6674
    assert_allclose(p, [-0.00499841, -0.00499526], rtol=1e-5)


def test_numerical_gradient_at_3_4():
    assert_allclose(numerical_gradient(sphere, [3.0, 4.0]), [6.0, 8.0], rtol=1e-6)


def test_learning_rate_classes_on_the_parabola():
    assert update_factor(0.1, 2.0) == pytest.approx(0.8)
    assert [classify_learning_rate(lr) for lr in (0.0, 0.1, 0.5, 0.75, 1.0, 1.5, -0.1)] == [
        "no progress", "monotone", "monotone", "oscillating", "stuck oscillating", "divergent", "divergent",
    ]


def test_two_momentum_steps_on_the_parabola():
    x, config = 3.0, {"learning_rate": 0.01, "momentum": 0.9}
    for _ in range(2):
        x, config = sgd_momentum(x, dy_dx(x), config)
    assert x == pytest.approx(2.5392, rel=1e-12)
    assert config["velocity"] == pytest.approx(-0.3008, rel=1e-12)
    trajectory = run_optimizer(sgd_momentum, dy_dx, 3.0, {"learning_rate": 0.01}, num_steps=2)
    assert_allclose(trajectory, [3.0, 2.84, 2.5392], rtol=1e-12)


def test_first_adam_step_is_about_lr_times_sign():
    w, config = adam(np.array([1.0, -2.0]), np.array([0.5, -3.0]))
    assert_allclose(w, [0.999, -1.999], rtol=1e-6)
    assert config["t"] == 1


def test_decay_tables():
    steps = np.arange(0, 50, 10)
    assert_allclose(exponential_decay(0.1, steps, 10, 0.5), 0.1 * 0.5 ** (steps / 10))
    assert_allclose(exponential_decay(0.1, [0, 5, 10, 15, 20], 10, 0.5, staircase=True),
                    [0.1, 0.1, 0.05, 0.05, 0.025])
    assert_allclose(natural_exp_decay(0.1, [0, 1, 2], 1, 0.5), 0.1 * np.exp([0.0, -0.5, -1.0]))
    assert_allclose(inverse_time_decay(0.1, [0, 1, 2], 1, 0.5), [0.1, 0.1 / 1.5, 0.05])
    assert_allclose(polynomial_decay(0.1, [0, 50, 100, 150], 100), [0.1, 0.05005, 0.0001, 0.0001])
    # cycle: the decay restarts every decay_steps, over a span of 100, 200, ...
    assert_allclose(polynomial_decay(0.1, [0, 100, 150, 200], 100, cycle=True),
                    [0.1, 0.0001, 0.0999 * 0.25 + 0.0001, 0.0001])
    assert isinstance(exponential_decay(0.1, 3, 10, 0.5), float)


def test_steps_per_epoch_and_schedule_history():
    assert steps_per_epoch(1000, 200) == 5
    assert steps_per_epoch(1001, 200) == 6
    assert steps_per_epoch(1001, 200, drop_last=True) == 5
    history = gd_with_schedule(dy_dx, 3.0, lambda k: 0.01, 595)
    assert len(history) == 596
    assert history[1] == pytest.approx(2.84)


def test_linear_grads_lecture_example():
    assert linear_grads(3, 1, 2) == (3.0, 1.0)


def test_second_grad_differentiates_the_graph_of_the_first_derivative():
    """07's autodiff way to f'' (issue 15): exact where 02's finite difference keeps ~7 digits."""
    import math

    from solutions import second_derivative, second_grad

    assert second_grad(lambda x: x**3 - 2 * x + 1, 2) == pytest.approx(12.0, rel=1e-15)
    assert second_grad(lambda x: 3 * x + 2, 1.0) == 0.0  # the lecture's d2y/dw2 of x*w + b

    def f(x):
        return x.tanh() * (x * x + 1).log() if not isinstance(x, float) else math.tanh(x) * math.log(x * x + 1)

    for x in (-1.3, 0.2, 0.9):
        t, L = math.tanh(x), math.log(x * x + 1)
        d1t, d2t = 1 - t * t, -2 * t * (1 - t * t)
        d1L, d2L = 2 * x / (x * x + 1), 2 * (1 - x * x) / (x * x + 1) ** 2
        exact = d2t * L + 2 * d1t * d1L + t * d2L
        assert second_grad(f, x) == pytest.approx(exact, rel=1e-12, abs=1e-14)
        assert second_derivative(f, x) == pytest.approx(exact, rel=1e-5, abs=1e-6)
