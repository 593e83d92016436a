"""Gradients of 07 (Value) and 08 (backprop) against numerical_gradient, and the digits lab."""

import math

import numpy as np
import pytest

from solutions import (
    Value,
    accuracy,
    adam,
    forward,
    grad,
    init_params,
    loss_and_grads,
    numerical_gradient,
    rel_error,
    second_derivative,
    sgd,
    train,
)


def numerical_partials(f, *args):
    return numerical_gradient(lambda p: f(*p), np.array(args, dtype=float), h=1e-6)


EXPRESSIONS = {
    # name: (f written once for floats and Values, point); several reuse a node
    "reused node": (lambda a, b: a * b + a, (2.0, -3.0)),
    "square via mul": (lambda a, b: a * a * b, (1.5, 0.7)),
    "division both sides": (lambda a, b: (a + 1) / (b - 4) + 2 / a, (1.3, 0.5)),
    "numbers on the left": (lambda a, b: 3 - a * 2 + 1 / b, (0.8, 2.5)),
    "power and neg": (lambda a, b: -(a**3) + b**0.5 * a, (1.1, 4.0)),
    "exp log tanh": (lambda a, b: (a.exp() + b.log()).tanh() * a if isinstance(a, Value)
                     else math.tanh(math.exp(a) + math.log(b)) * a, (0.3, 1.7)),
    "relu twice": (lambda a, b: (a * b).relu() + (a - b).relu() if isinstance(a, Value)
                   else max(a * b, 0) + max(a - b, 0), (1.2, 0.4)),
}


@pytest.mark.parametrize("name", EXPRESSIONS)
def test_value_gradients_match_numerical(name):
    f, point = EXPRESSIONS[name]
    assert np.allclose(grad(f, *point), numerical_partials(f, *point), rtol=1e-5, atol=1e-7)


def test_value_used_twice_accumulates_both_paths():
    a = Value(3.0)
    y = a * a + a  # dy/da = 2a + 1
    y.backward()
    assert y.data == 12.0
    assert a.grad == 7.0


def test_lectures_second_order_example_is_zero():
    x, b = 3.0, 2.0
    dy_dw = lambda w: grad(lambda w: x * w + b, w)[0]  # noqa: E731
    assert second_derivative(dy_dw, 1.0) == pytest.approx(0.0, abs=1e-6)


def small_batch(seed=0, n=7, d=5, classes=4):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.integers(0, classes, size=n)


@pytest.mark.parametrize("layer_sizes", [[5, 4], [5, 6, 4], [5, 8, 7, 6, 4]])
def test_backprop_agrees_with_numerical_gradient(layer_sizes):
    X, y = small_batch()
    params = init_params(layer_sizes, seed=1)
    loss, grads = loss_and_grads(params, X, y)
    assert set(grads) == set(params)
    for name, value in params.items():
        def loss_at(flat, name=name, shape=value.shape):
            return loss_and_grads({**params, name: flat.reshape(shape)}, X, y)[0]

        numeric = numerical_gradient(loss_at, value.ravel(), h=1e-5).reshape(value.shape)
        assert grads[name].shape == value.shape
        assert rel_error(grads[name], numeric) < 1e-6, name


def test_init_params_is_he_normal_and_seeded():
    params = init_params([400, 300, 10], seed=3)
    assert params["W1"].shape == (400, 300) and params["b2"].shape == (10,)
    assert params["W1"].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert not params["b1"].any()
    assert np.array_equal(init_params([400, 300, 10], seed=3)["W2"], params["W2"])


def test_forward_has_no_relu_on_the_output():
    params = {"W1": np.eye(2), "b1": np.zeros(2), "W2": -np.eye(2), "b2": np.zeros(2)}
    logits, _ = forward(params, [[1.0, -1.0]])
    assert np.array_equal(logits, [[-1.0, 0.0]])


@pytest.fixture(scope="module")
def digits():
    """scikit-learn's 8x8 digits, standardized, with a fixed stratified 75/25 split."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


LAB3_LAYERS = [64, 100, 100, 100, 100, 10]  # 5 layers, 4 hidden


@pytest.mark.parametrize("update, config, threshold", [(sgd, {"learning_rate": 0.02}, 0.90), (adam, {}, 0.95)],
                         ids=["plain GD", "Adam"])
def test_digits_lab3(digits, update, config, threshold):
    X_train, X_test, y_train, y_test = digits
    params, history = train(X_train, y_train, LAB3_LAYERS, update, config, batch_size=200, epochs=50)
    assert len(history["loss"]) == 50
    assert history["loss"][-1] < history["loss"][0]
    assert accuracy(params, X_test, y_test) >= threshold
