"""Public checks for 02 數值微分 numerical gradients, gradient descent and gradient checking.

Run `pytest` in this folder. Each test names the call it makes, what it expected and what it got.
"""

import numpy as np


def function_2(x):
    """The lecture's f(x0, x1) = x0**2 + x1**2 (one point x of two coordinates)."""
    return x[0] ** 2 + x[1] ** 2


def cube(x):
    return x**3


def test_partial_derivative_central_and_forward(nb):
    partial_derivative = nb.fn("partial_derivative")
    p = np.array([3.0, 4.0])
    nb.expect_close(partial_derivative(function_2, p, 0), 6.0, call="partial_derivative(function_2, [3., 4.], 0)")
    nb.expect_close(partial_derivative(function_2, p, 1), 8.0, call="partial_derivative(function_2, [3., 4.], 1)")
    # forward differences are biased by h on a quadratic: (f(p + h e_0) - f(p)) / h = 2*3 + h
    nb.expect_close(partial_derivative(function_2, p, 0, method="forward"), 6.0001,
                    call="partial_derivative(function_2, [3., 4.], 0, method='forward')")
    nb.expect_unchanged([3.0, 4.0], p, call="partial_derivative(function_2, p, 0)", argument="p")


def test_partial_derivative_rejects_unknown_method(nb):
    nb.expect_raises("partial_derivative", ValueError, function_2, np.array([3.0, 4.0]), 0, method="backward")


def test_numerical_gradient_lecture_example(nb):
    numerical_gradient = nb.fn("numerical_gradient")
    x = np.array([3.0, 4.0])
    nb.expect_close(numerical_gradient(function_2, x), [6.0, 8.0], call="numerical_gradient(function_2, [3., 4.])")
    nb.expect_unchanged([3.0, 4.0], x, call="numerical_gradient(function_2, x)", argument="x")


def test_numerical_gradient_integer_input(nb):
    """x + h on an integer array rounds back to x: compute in float64."""
    numerical_gradient = nb.fn("numerical_gradient")
    nb.expect_close(numerical_gradient(function_2, np.array([3, 4])), [6.0, 8.0],
                    call="numerical_gradient(function_2, np.array([3, 4]))  # integers")


def test_numerical_gradient_batch_of_points(nb):
    """2-D x: row i of the result is the gradient at the point x[i]."""
    numerical_gradient = nb.fn("numerical_gradient")
    X = np.array([[3.0, 4.0], [0.0, 2.0], [-1.0, 0.5]])
    nb.expect_close(numerical_gradient(function_2, X), [[6.0, 8.0], [0.0, 4.0], [-2.0, 1.0]],
                    call="numerical_gradient(function_2, [[3., 4.], [0., 2.], [-1., 0.5]])")


def test_gradient_descent_three_learning_rates(nb):
    """The lecture: 100 steps from (-3, 4) with lr 0.1 (converges), 10.0 (diverges), 1e-10 (barely moves)."""
    gradient_descent = nb.fn("gradient_descent")
    expected = {0.1: [-6.11110793e-10, 8.14814391e-10],
                10.0: [-2.58983747e13, -1.29524862e12],
                1e-10: [-2.99999994, 3.99999992]}
    for lr, final in expected.items():
        init_x = np.array([-3.0, 4.0])
        call = f"gradient_descent(function_2, init_x=[-3., 4.], lr={lr}, step_num=100)"
        nb.expect_close(gradient_descent(function_2, init_x, lr=lr, step_num=100), final, call=call,
                        rtol=1e-6, atol=0)
        nb.expect_unchanged([-3.0, 4.0], init_x, call=call, argument="init_x")


def test_gradient_descent_norm_gd1_example(nb):
    """gd1.py: forward differences with h = 0.01 stop after 6674 gradients near (-h/2, -h/2)."""
    gradient_descent_norm = nb.fn("gradient_descent_norm")
    call = "gradient_descent_norm(function_2, [1.0, 3.0], lr=0.001, h=0.01)"
    result = gradient_descent_norm(function_2, np.array([1.0, 3.0]), lr=0.001, h=0.01)
    assert isinstance(result, (tuple, list)) and len(result) == 2, nb._("{call} should return (p, iterations), got {got}").format(call=call, got=repr(result))
    p, iterations = result
    nb.expect_close(p, [-0.004998414128215205, -0.004995258164464375], call=call, what=nb._("the final point"))
    nb.expect_equal(int(iterations), 6674, call=call,
                    what=nb._("the number of iterations (gradient evaluations, the last one included)"))


def test_rel_error(nb):
    rel_error = nb.fn("rel_error")
    nb.expect_close(rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.1])), 0.1 / 4.1,
                    call="rel_error([1., 2.], [1., 2.1])")
    nb.expect_close(rel_error(np.array([0.0]), np.array([0.0])), 0.0, call="rel_error([0.], [0.])")


def test_gradient_check(nb):
    gradient_check = nb.fn("gradient_check")
    x = np.array([3.0, 4.0])
    good = gradient_check(function_2, lambda x: 2 * x, x)
    assert float(good) < 1e-8, nb._("{call} should be tiny (< 1e-8) for a correct gradient, got {got}").format(
        call="gradient_check(function_2, lambda x: 2*x, [3., 4.])", got=repr(good))
    nb.expect_close(gradient_check(function_2, lambda x: x, x), 1 / 3, rtol=1e-5,
                    call="gradient_check(function_2, lambda x: x, [3., 4.])  # a wrong gradient")


def test_second_derivative(nb):
    second_derivative = nb.fn("second_derivative")
    nb.expect_close(second_derivative(cube, 2.0), 12.000000282341716, rtol=1e-6,
                    call="second_derivative(cube, 2.0)  # cube(x) = x**3")
    nb.expect_close(second_derivative(function_2_scalar, 1.5), 2.0, rtol=1e-5,
                    call="second_derivative(lambda x: x**2, 1.5)")


def function_2_scalar(x):
    return x**2
