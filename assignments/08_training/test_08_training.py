"""Public checks for 08 訓練深度網路: a ReLU network trained with mini-batches (lab 3 on the digits).

Run `pytest` in this folder. Each test names the call it makes, what it expected and what it got.
The lab-3 test trains two networks on scikit-learn's digits and takes a few seconds.
"""

import math

import numpy as np
import pytest


def central_gradient(f, x, h=1e-5):
    """Central differences of scalar f at the 1-D float array x (a copy is perturbed)."""
    x, g = np.array(x, dtype=float), np.zeros(np.size(x))
    for i in range(x.size):
        saved = x[i]
        x[i] = saved + h
        up = f(x)
        x[i] = saved - h
        down = f(x)
        x[i] = saved
        g[i] = (up - down) / (2 * h)
    return g


def test_init_params_shapes_and_draws(nb):
    init_params = nb.fn("init_params")
    params = init_params([4, 3, 2], seed=0)
    call = "init_params([4, 3, 2], seed=0)"
    assert set(params) == {"W1", "b1", "W2", "b2"}, nb._("{call}: keys {keys}, expected W1, b1, W2, b2").format(
        call=call, keys=sorted(params))
    rng = np.random.default_rng(0)
    nb.expect_close(params["W1"], rng.normal(0.0, np.sqrt(2 / 4), size=(4, 3)), call=call,
                    what=nb._("W1 (rng = default_rng(seed); W1 = rng.normal(0, sqrt(2/fan_in), (fan_in, fan_out)))"))
    nb.expect_close(params["W2"], rng.normal(0.0, np.sqrt(2 / 3), size=(3, 2)), call=call,
                    what=nb._("W2 (the next draw from the same generator)"))
    nb.expect_close(params["b1"], np.zeros(3), call=call, what="b1")
    nb.expect_close(params["b2"], np.zeros(2), call=call, what="b2")


def test_forward_relu_on_hidden_layers_only(nb):
    forward = nb.fn("forward")
    params = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([0.5, 0.5]),
              "W2": np.array([[2.0], [3.0]]), "b2": np.array([-1.0])}
    logits, _ = forward(params, np.array([[1.0], [-1.0]]))
    nb.expect_close(logits, [[2.0], [6.5]], call="forward(1-2-1 network, X=[[1.], [-1.]])",
                    what=nb._("the logits (relu(X W1 + b1) W2 + b2, no relu on the output)"))
    params = {"W1": np.eye(2), "b1": np.zeros(2), "W2": -np.eye(2), "b2": np.zeros(2)}
    logits, _ = forward(params, np.array([[1.0, -1.0]]))
    nb.expect_close(logits, [[-1.0, 0.0]], call="forward(W1=I, W2=-I, X=[[1., -1.]])", what=nb._("the logits"))


def test_loss_with_zero_weights_is_log_10(nb):
    loss_and_grads = nb.fn("loss_and_grads")
    rng = np.random.default_rng(0)
    zero = {"W1": np.zeros((6, 5)), "b1": np.zeros(5), "W2": np.zeros((5, 10)), "b2": np.zeros(10)}
    loss, grads = loss_and_grads(zero, rng.normal(size=(8, 6)), rng.integers(0, 10, size=8))
    nb.expect_close(loss, math.log(10), call="loss_and_grads(all-zero 6-5-10 network, 8 samples)",
                    what=nb._("the loss (every class has probability 1/10)"))
    assert set(grads) == set(zero), nb._("grads must have the keys of params, got {keys}").format(keys=sorted(grads))


def test_backprop_agrees_with_numerical_gradient(nb):
    loss_and_grads = nb.fn("loss_and_grads")
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(7, 5)), rng.integers(0, 4, size=7)
    params = {"W1": rng.normal(size=(5, 8)) * 0.6, "b1": rng.normal(size=8) * 0.1,
              "W2": rng.normal(size=(8, 6)) * 0.5, "b2": rng.normal(size=6) * 0.1,
              "W3": rng.normal(size=(6, 4)) * 0.5, "b3": rng.normal(size=4) * 0.1}
    _, grads = loss_and_grads(params, X, y)
    for name, value in params.items():
        def loss_at(flat, name=name, shape=value.shape):
            return loss_and_grads({**params, name: flat.reshape(shape)}, X, y)[0]
        numeric = central_gradient(loss_at, value.ravel()).reshape(value.shape)
        assert np.shape(grads[name]) == value.shape, nb._("grads[{key}] has shape {shape}, expected {expected}").format(
            key=repr(name), shape=np.shape(grads[name]), expected=value.shape)
        error = np.max(np.abs(grads[name] - numeric) / np.maximum(1e-8, np.abs(grads[name]) + np.abs(numeric)))
        assert error < 1e-6, nb._("loss_and_grads on a 5-8-6-4 network: grads[{key}] differs from the numerical "
                                  "gradient (relative error {error}, should be < 1e-6)").format(
                                      key=repr(name), error=f"{error:.1e}")


def test_accuracy(nb):
    accuracy = nb.fn("accuracy")
    identity = {"W1": np.eye(3), "b1": np.zeros(3)}
    X = np.array([[3.0, 1.0, 0.0], [0.0, 2.0, 1.0], [0.0, 0.0, 5.0], [1.0, 4.0, 0.0]])
    nb.expect_close(accuracy(identity, X, np.array([0, 1, 2, 0])), 0.75,
                    call="accuracy(one identity layer, X with row argmaxes [0, 1, 2, 1], y=[0, 1, 2, 0])")


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def test_train_history_and_determinism(nb, digits):
    train, sgd = nb.fn("train"), nb.fn("sgd")
    X_train, _, y_train, _ = digits
    call = "train(X_train[:60], y_train[:60], [64, 16, 10], sgd, {'learning_rate': 0.1}, batch_size=20, epochs=5)"
    params, history = train(X_train[:60], y_train[:60], [64, 16, 10], sgd, {"learning_rate": 0.1}, batch_size=20, epochs=5)
    losses = np.asarray(history["loss"], dtype=float)
    assert losses.shape == (5,), nb._("{call}: history['loss'] should hold 5 values (one per epoch), got {got}").format(
        call=call, got=repr(losses))
    assert losses[-1] < losses[0], nb._("{call}: the loss should fall, got {got}").format(call=call, got=np.round(losses, 4))
    again, _ = train(X_train[:60], y_train[:60], [64, 16, 10], sgd, {"learning_rate": 0.1}, batch_size=20, epochs=5)
    assert all(np.array_equal(params[k], again[k]) for k in params), nb._("{call} gave different params on a second run").format(call=call)


def test_lab3_test_accuracy(nb, digits):
    """Lab 3: 4 hidden layers of 100, batch 200, 50 epochs: plain GD (lr 0.02) >= 0.90, Adam >= 0.95."""
    train, accuracy, sgd, adam = nb.fn("train"), nb.fn("accuracy"), nb.fn("sgd"), nb.fn("adam")
    X_train, X_test, y_train, y_test = digits
    layers = [64, 100, 100, 100, 100, 10]
    for label, update, config, threshold in [("plain GD (sgd), lr 0.02", sgd, {"learning_rate": 0.02}, 0.90),
                                             ("Adam, default config", adam, {}, 0.95)]:
        params, _ = train(X_train, y_train, layers, update, config, batch_size=200, epochs=50)
        acc = accuracy(params, X_test, y_test)
        assert acc >= threshold, nb._("lab 3 with {rule}: test accuracy {accuracy}, expected at least {threshold} "
                                      "({call})").format(rule=label, accuracy=f"{acc:.3f}", threshold=threshold,
                                                         call=f"train(X_train, y_train, {layers}, ..., batch_size=200, "
                                                              "epochs=50)")
