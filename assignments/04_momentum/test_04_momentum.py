"""Public checks for 04 動量 momentum: SGD, momentum and Nesterov momentum (CS231n's interface).

Run `pytest` in this folder. Each test names the call it makes, what it expected and what it got.
An update is `next_w, config = update(w, dw, config)`; these checks pass the returned config back in.
"""

import numpy as np


def parabola_df(w):
    """The gradient of y = (w+5)**2."""
    return 2 * (w + 5)


def steps(update, w, num_steps, config):
    """Apply `update` num_steps times on the parabola; returns the last (w, config)."""
    for _ in range(num_steps):
        w, config = update(w, parabola_df(np.asarray(w, dtype=float)), config)
    return np.asarray(w, dtype=float), config


def test_sgd(nb):
    sgd = nb.fn("sgd")
    w, dw = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    next_w, _ = sgd(w, dw)
    nb.expect_close(next_w, [0.995, 2.01], call="sgd(w=[1., 2.], dw=[0.5, -1.])  # default learning_rate 1e-2")
    nb.expect_unchanged([1.0, 2.0], w, call="sgd(w, dw)", argument="w")
    next_w, _ = sgd(w, dw, {"learning_rate": 0.1})
    nb.expect_close(next_w, [0.95, 2.1], call="sgd(w=[1., 2.], dw=[0.5, -1.], config={'learning_rate': 0.1})")


def test_sgd_momentum_lecture_example(nb):
    """On y=(x+5)^2 from 3.0 with lr 0.01 and momentum 0.9, two steps give x = 2.5392, velocity -0.3008."""
    sgd_momentum = nb.fn("sgd_momentum")
    call = "two sgd_momentum steps on (x+5)**2 from w=[3.], config={'learning_rate': 0.01, 'momentum': 0.9}"
    w, config = steps(sgd_momentum, np.array([3.0]), 1, {"learning_rate": 0.01, "momentum": 0.9})
    nb.expect_close(w, [2.84], call=call.replace("two", "one"), what=nb._("w after one step"))
    w, config = steps(sgd_momentum, np.array([3.0]), 2, {"learning_rate": 0.01, "momentum": 0.9})
    nb.expect_close(w, [2.5392], call=call, what=nb._("w after two steps"))
    assert isinstance(config, dict) and "velocity" in config, \
        nb._("{call}: the returned config should hold the state under 'velocity', got {got}").format(
            call=call, got=repr(config))
    nb.expect_close(config["velocity"], [-0.3008], call=call, what="config['velocity']")


def test_sgd_momentum_defaults_and_no_mutation(nb):
    sgd_momentum = nb.fn("sgd_momentum")
    w, dw = np.array([1.0, -2.0]), np.array([10.0, 10.0])
    next_w, _ = sgd_momentum(w, dw)
    nb.expect_close(next_w, [0.9, -2.1], call="sgd_momentum(w=[1., -2.], dw=[10., 10.])  # config=None: defaults")
    nb.expect_unchanged([1.0, -2.0], w, call="sgd_momentum(w, dw)", argument="w")
    nb.expect_unchanged([10.0, 10.0], dw, call="sgd_momentum(w, dw)", argument="dw")


def test_nesterov_momentum(nb):
    nesterov_momentum = nb.fn("nesterov_momentum")
    expected = {1: ([2.696], [-0.16]), 2: ([2.273952], [-0.29792]), 3: ([1.75622662], [-0.41360704])}
    for num_steps, (w_expected, v_expected) in expected.items():
        call = (f"{num_steps} nesterov_momentum step(s) on (x+5)**2 from w=[3.], "
                f"config={{'learning_rate': 0.01, 'momentum': 0.9}}")
        w, config = steps(nesterov_momentum, np.array([3.0]), num_steps, {"learning_rate": 0.01, "momentum": 0.9})
        nb.expect_close(w, w_expected, call=call, what="w")
        nb.expect_close(config["velocity"], v_expected, call=call, what="config['velocity']")


def sign_update(w, dw, config=None):
    """A made-up rule (steps of 0.1 against the gradient's sign) for the run_optimizer checks."""
    return np.asarray(w, dtype=float) - 0.1 * np.sign(dw), config


def counting_update(w, dw, config=None):
    """Adds the step number (kept in config) to w: checks that run_optimizer passes the config on."""
    config = {} if config is None else dict(config)
    config["t"] = config.get("t", 0) + 1
    return w + config["t"], config


def test_run_optimizer_trajectory(nb):
    run_optimizer = nb.fn("run_optimizer")
    call = "run_optimizer(sign_update, parabola_df, w0=[3.], num_steps=3)  # sign_update: w - 0.1*sign(dw)"
    trajectory = run_optimizer(sign_update, parabola_df, np.array([3.0]), num_steps=3)
    nb.expect_close(trajectory, [[3.0], [2.9], [2.8], [2.7]], call=call, what=nb._("the trajectory"))


def test_run_optimizer_passes_config_along(nb):
    run_optimizer = nb.fn("run_optimizer")
    call = "run_optimizer(counting_update, grad_fn, w0=[[0., 0.], [0., 0.]], num_steps=3)"
    trajectory = run_optimizer(counting_update, lambda w: np.zeros_like(w), np.zeros((2, 2)), num_steps=3)
    expected = np.array([0.0, 1.0, 3.0, 6.0])[:, None, None] * np.ones((4, 2, 2))
    nb.expect_close(trajectory, expected, call=call,
                    what=nb._("the trajectory (shape (num_steps+1, *w0.shape); each step gets the config returned by the previous one)"))
