"""Public checks for 06 學習率衰減 learning-rate decay (TensorFlow 1.x schedules) and GD with a schedule.

Run `pytest` in this folder. Each test names the call it makes, what it expected and what it got.
"""

import numpy as np


def parabola_df(x):
    """The derivative of y = (x+5)**2."""
    return 2 * (x + 5)


def test_exponential_decay(nb):
    exponential_decay = nb.fn("exponential_decay")
    nb.expect_close(exponential_decay(0.1, 1000, 100, 0.96), 0.1 * 0.96**10,
                    call="exponential_decay(0.1, 1000, 100, 0.96)")
    nb.expect_close(exponential_decay(0.1, 150, 100, 0.96, staircase=True), 0.096,
                    call="exponential_decay(0.1, 150, 100, 0.96, staircase=True)")
    nb.expect_close(exponential_decay(0.1, np.array([0, 100, 200, 250]), 100, 0.5), [0.1, 0.05, 0.025, 0.1 * 0.5**2.5],
                    call="exponential_decay(0.1, np.array([0, 100, 200, 250]), 100, 0.5)")


def test_natural_exp_decay(nb):
    natural_exp_decay = nb.fn("natural_exp_decay")
    nb.expect_close(natural_exp_decay(0.1, 3, 1, 0.5), 0.1 * np.exp(-1.5), call="natural_exp_decay(0.1, 3, 1, 0.5)")
    nb.expect_close(natural_exp_decay(0.1, 25, 10, 0.5, staircase=True), 0.1 * np.exp(-1.0),
                    call="natural_exp_decay(0.1, 25, 10, 0.5, staircase=True)")


def test_inverse_time_decay(nb):
    inverse_time_decay = nb.fn("inverse_time_decay")
    nb.expect_close(inverse_time_decay(0.1, 3, 1, 0.5), 0.04, call="inverse_time_decay(0.1, 3, 1, 0.5)")
    nb.expect_close(inverse_time_decay(0.1, 25, 10, 1.0, staircase=True), 0.1 / 3,
                    call="inverse_time_decay(0.1, 25, 10, 1.0, staircase=True)")
    nb.expect_close(inverse_time_decay(1.0, np.array([0, 5, 10]), 5, 1.0), [1.0, 0.5, 1 / 3],
                    call="inverse_time_decay(1.0, np.array([0, 5, 10]), 5, 1.0)")


def test_polynomial_decay(nb):
    polynomial_decay = nb.fn("polynomial_decay")
    nb.expect_close(polynomial_decay(0.1, 50, 100), 0.05005, call="polynomial_decay(0.1, 50, 100)")
    nb.expect_close(polynomial_decay(0.1, 200, 100), 0.0001, call="polynomial_decay(0.1, 200, 100)  # past decay_steps")
    nb.expect_close(polynomial_decay(1.0, 75, 100, end_learning_rate=0.0, power=0.5), 0.5,
                    call="polynomial_decay(1.0, 75, 100, end_learning_rate=0.0, power=0.5)")
    nb.expect_close(polynomial_decay(0.1, 150, 100, cycle=True), 0.025075,
                    call="polynomial_decay(0.1, 150, 100, cycle=True)")
    nb.expect_close(polynomial_decay(0.1, 0, 100, cycle=True), 0.1,
                    call="polynomial_decay(0.1, 0, 100, cycle=True)  # D = decay_steps * max(1, ceil(0 / 100))")
    nb.expect_close(polynomial_decay(0.1, 100, 100, cycle=True), 0.0001,
                    call="polynomial_decay(0.1, 100, 100, cycle=True)  # the end of the first cycle")


def test_decay_steps_must_be_positive(nb):
    nb.expect_raises("exponential_decay", ValueError, 0.1, 10, 0, 0.5)
    nb.expect_raises("natural_exp_decay", ValueError, 0.1, 10, -1, 0.5)
    nb.expect_raises("inverse_time_decay", ValueError, 0.1, 10, 0, 0.5)
    nb.expect_raises("polynomial_decay", ValueError, 0.1, 10, 0)


def constant_001(step):
    return 0.01


def halving(step):
    return 0.5 / (step + 1)


def test_gd_with_schedule_constant_is_plain_gd(nb):
    gd_with_schedule = nb.fn("gd_with_schedule")
    nb.expect_close(gd_with_schedule(parabola_df, 3.0, constant_001, 3), [3.0, 2.84, 2.6832, 2.529536],
                    call="gd_with_schedule(parabola_df, 3.0, constant_001, 3)  # lr 0.01 at every step",
                    what=nb._("the history (num_steps + 1 values, x0 first)"))


def test_gd_with_schedule_uses_schedule_of_k(nb):
    """Step k (counting from 0) uses schedule(k): 0.5 at step 0 lands on the minimum of x**2."""
    gd_with_schedule = nb.fn("gd_with_schedule")
    nb.expect_close(gd_with_schedule(lambda x: 2 * x, 1.0, halving, 2), [1.0, 0.0, 0.0],
                    call="gd_with_schedule(lambda x: 2*x, 1.0, halving, 2)  # halving(k) = 0.5/(k+1)")
