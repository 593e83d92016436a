"""Public checks for 01 梯度下降 Gradient Descent: the lecture's worked examples.

Run `pytest` in this folder. Each test names the call it makes, what it expected and what it got.
"""

import numpy as np


def parabola_df(x):
    """The derivative of y = (x+5)**2, written here so that these tests do not rely on your dy_dx."""
    return 2 * (x + 5)


def test_dy_dx_at_a_scalar(nb):
    dy_dx = nb.fn("dy_dx")
    for x, expected in [(3.0, 16.0), (-5.0, 0.0), (0, 10.0)]:
        nb.expect_close(dy_dx(x), expected, call=f"dy_dx({x!r})")


def test_dy_dx_works_on_arrays(nb):
    dy_dx = nb.fn("dy_dx")
    nb.expect_close(dy_dx(np.array([-5.0, 0.0, 1.0])), [0.0, 10.0, 12.0], call="dy_dx(np.array([-5., 0., 1.]))")


def test_gradient_descent_1d_lecture_example(nb):
    """The lecture: from x0 = 3 with lr 0.01 GD stops after 595 iterations at x = -4.9999518490318176."""
    gradient_descent_1d = nb.fn("gradient_descent_1d")
    call = "gradient_descent_1d(parabola_df, 3.0)"
    result = gradient_descent_1d(parabola_df, 3.0)
    assert isinstance(result, (tuple, list)) and len(result) == 2, nb._("{call} should return a pair (x, history), got {got}").format(call=call, got=repr(result))
    x, history = result
    history = np.asarray(history, dtype=float)
    nb.expect_close(history[:3], [3.0, 2.84, 2.6832], call=call, what=nb._("the first three values of history"))
    nb.expect_equal(len(history), 596, call=call,
                    what=nb._("len(history) (595 iterations + the start x0; append every new x, the last one included)"))
    nb.expect_close(x, -4.9999518490318176, call=call, what=nb._("the final x"))
    nb.expect_close(history[-1], x, call=call, what=nb._("history[-1] (the last x visited)"))


def test_gradient_descent_1d_stops_at_max_iters(nb):
    gradient_descent_1d = nb.fn("gradient_descent_1d")
    call = "gradient_descent_1d(parabola_df, 3.0, max_iters=10)"
    x, history = gradient_descent_1d(parabola_df, 3.0, max_iters=10)
    nb.expect_equal(len(history), 11, call=call, what="len(history)")
    nb.expect_close(x, -5 + 8 * 0.98**10, call=call, what=nb._("the final x"))


def test_update_factor(nb):
    update_factor = nb.fn("update_factor")
    for lr, curvature, expected in [(0.01, 2.0, 0.98), (0.5, 2.0, 0.0), (1.5, 2.0, -2.0), (0.1, 20.0, -1.0)]:
        nb.expect_close(update_factor(lr, curvature), expected, call=f"update_factor({lr}, {curvature})")


def test_classify_learning_rate(nb):
    classify_learning_rate = nb.fn("classify_learning_rate")
    cases = [(0.0, "no progress"), (0.01, "monotone"), (0.5, "monotone"), (0.75, "oscillating"),
             (1.0, "stuck oscillating"), (1.01, "divergent"), (-0.1, "divergent")]
    for lr, expected in cases:
        nb.expect_equal(classify_learning_rate(lr), expected, call=f"classify_learning_rate({lr})")
    nb.expect_equal(classify_learning_rate(0.1, curvature=10.0), "monotone", call="classify_learning_rate(0.1, curvature=10.0)")
    nb.expect_equal(classify_learning_rate(0.15, curvature=10.0), "oscillating",
                    call="classify_learning_rate(0.15, curvature=10.0)")
