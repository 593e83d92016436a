# corpus: buggy
# function: run_optimizer
# mistake:
# actual: the trajectory starts empty and only records the points after each step: w0 (row 0) is missing and there are num_steps rows, not num_steps + 1
# named: row 0 | first row | the start | num_steps + 1 | num_steps+1 | initial point | starting point | one row short
import numpy as np


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    next_w = w - config["learning_rate"] * np.asarray(dw, dtype=float)
    return np.asarray(next_w, dtype=float), config


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros(np.shape(w)))
    v = config["momentum"] * v - config["learning_rate"] * np.asarray(dw, dtype=float)
    next_w = w + v
    config["velocity"] = v
    return np.asarray(next_w, dtype=float), config


def nesterov_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros(np.shape(w)))
    v_prev = v
    v = config["momentum"] * v - config["learning_rate"] * np.asarray(dw, dtype=float)
    next_w = w - config["momentum"] * v_prev + (1 + config["momentum"]) * v
    config["velocity"] = v
    return np.asarray(next_w, dtype=float), config


def run_optimizer(update, grad_fn, w0, config=None, num_steps=100):
    w = np.array(w0, dtype=float)
    trajectory = []
    for _ in range(num_steps):
        dw = grad_fn(w)
        w, config = update(w, dw, config)
        trajectory.append(np.array(w, dtype=float))
    return np.array(trajectory, dtype=float)
