# corpus: correct
# Written from the release notebook alone: config updated in place with setdefault (the caller's dict too), lists in run_optimizer.
import numpy as np


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    next_w = w - config["learning_rate"] * dw
    return next_w, config


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config


def nesterov_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v_prev = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v_prev - config["learning_rate"] * dw
    next_w = w - config["momentum"] * v_prev + (1 + config["momentum"]) * v
    config["velocity"] = v
    return next_w, config


def run_optimizer(update, grad_fn, w0, config=None, num_steps=100):
    if config is not None:
        config = dict(config)
    w = w0
    trajectory = [w0]
    for step in range(num_steps):
        dw = grad_fn(w)
        w, config = update(w, dw, config)
        trajectory.append(w)
    return np.array(trajectory)
