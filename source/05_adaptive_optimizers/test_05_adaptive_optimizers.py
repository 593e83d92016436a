"""Public checks for 05 自適應學習率 adaptive learning rates: Adagrad, RMSprop, Adam.

Run `pytest` in this folder. Each test names the call it makes, what it expected and what it got.
An update is `next_w, config = update(w, dw, config)`; these checks pass the returned config back in.
"""

import numpy as np

W0, DW0 = [1.0, -2.0], [0.5, -3.0]  # the lecture's worked example
GRADIENTS = [[0.5, -3.0], [-1.0, 2.0], [0.25, 0.0]]


def run(update, gradients, config=None, w0=W0):
    """Apply `update` once per gradient from w0; returns the list of (w, config) after each step."""
    w, out = np.array(w0, dtype=float), []
    for dw in gradients:
        w, config = update(w, np.array(dw, dtype=float), config)
        # a snapshot: a correct update may change the config dict (and its arrays) in place on the next call
        snapshot = {key: np.array(value, dtype=float) if isinstance(value, np.ndarray) else value
                    for key, value in config.items()}
        out.append((np.array(w, dtype=float), snapshot))
    return out


def test_adagrad_first_step_and_no_mutation(nb):
    adagrad = nb.fn("adagrad")
    w, dw = np.array(W0), np.array(DW0)
    next_w, config = adagrad(w, dw)
    call = "adagrad(w=[1., -2.], dw=[0.5, -3.])  # defaults: learning_rate 1e-2, epsilon 1e-8"
    nb.expect_close(next_w, [0.99, -1.99], call=call, what=nb._("the first step (cache = dw**2, so each parameter moves by lr)"))
    nb.expect_close(config["cache"], [0.25, 9.0], call=call, what="config['cache']")
    nb.expect_unchanged(W0, w, call="adagrad(w, dw)", argument="w")
    nb.expect_unchanged(DW0, dw, call="adagrad(w, dw)", argument="dw")


def test_adagrad_sums_squared_gradients(nb):
    """With epsilon 0 this is the lecture's eta_t / sigma_t form: 0.1 / sqrt(sum of past g**2)."""
    steps = run(nb.fn("adagrad"), [[1.0], [-2.0], [0.5]], {"learning_rate": 0.1, "epsilon": 0.0}, w0=[1.0])
    call = "three adagrad steps from w=[1.] with dw = 1, -2, 0.5 and config={'learning_rate': 0.1, 'epsilon': 0.0}"
    nb.expect_close([w[0] for w, _ in steps], [0.9, 0.9894427190999916, 0.9676209300763924], call=call,
                    what=nb._("w after each step"))


def test_rmsprop_first_steps(nb):
    steps = run(nb.fn("rmsprop"), GRADIENTS)
    call = "rmsprop from w=[1., -2.] with dw = [0.5, -3.], [-1., 2.], [0.25, 0.] (default config)"
    nb.expect_close(steps[0][0], [0.900000019999996, -1.9000000033333333], call=call,
                    what=nb._("w after the first step (a zero cache makes it 1/sqrt(1 - 0.99) = 10 times lr)"))
    nb.expect_close(steps[0][1]["cache"], [0.0025, 0.09], call=call, what=nb._("config['cache'] after the first step"))
    nb.expect_close(steps[2][0], [0.9675849574904029, -1.9556630357832843], call=call, what=nb._("w after three steps"))


def test_rmsprop_decay_rate_from_config(nb):
    rmsprop = nb.fn("rmsprop")
    next_w, _ = rmsprop(np.array([1.0, 2.0]), np.array([2.0, 2.0]), {"learning_rate": 0.1, "decay_rate": 0.75})
    nb.expect_close(next_w, [0.8, 1.8], call="rmsprop(w=[1., 2.], dw=[2., 2.], config={'learning_rate': 0.1, 'decay_rate': 0.75})")


def test_adam_lecture_example(nb):
    """The first Adam step from w=[1, -2] with dw=[0.5, -3] is [0.999, -1.999] (about lr*sign(dw))."""
    adam = nb.fn("adam")
    w, dw = np.array(W0), np.array(DW0)
    next_w, config = adam(w, dw)
    call = "adam(w=[1., -2.], dw=[0.5, -3.])  # default config"
    nb.expect_close(next_w, [0.999, -1.999], call=call, rtol=1e-6)
    nb.expect_equal(int(config["t"]), 1, call=call, what=nb._("config['t'] (increment t before using it)"))
    nb.expect_close(config["m"], [0.05, -0.3], call=call, what="config['m']")
    nb.expect_close(config["v"], [0.00025, 0.009], call=call, what="config['v']")
    nb.expect_unchanged(W0, w, call="adam(w, dw)", argument="w")
    nb.expect_unchanged(DW0, dw, call="adam(w, dw)", argument="dw")


def test_adam_three_steps_with_bias_correction(nb):
    steps = run(nb.fn("adam"), GRADIENTS, {"learning_rate": 0.1})
    call = "adam from w=[1., -2.] with dw = [0.5, -3.], [-1., 2.], [0.25, 0.], config={'learning_rate': 0.1}"
    nb.expect_close(steps[1][0], [0.9366103542405654, -1.8855479474183772], call=call, what=nb._("w after two steps"))
    nb.expect_close(steps[2][0], [0.9502794203389762, -1.874376468638423], call=call, what=nb._("w after three steps"))
    nb.expect_equal(int(steps[2][1]["t"]), 3, call=call, what=nb._("config['t'] after three steps"))
