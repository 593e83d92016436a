# corpus: buggy
# function: sgd_momentum
# mistake: shared between calls
import numpy as np


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    next_w = np.asarray(w, dtype=float) - config["learning_rate"] * np.asarray(dw, dtype=float)
    return next_w, config


SETTINGS = {}


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = SETTINGS
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    w = np.asarray(w, dtype=float)
    dw = np.asarray(dw, dtype=float)
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
    w = np.asarray(w, dtype=float)
    dw = np.asarray(dw, dtype=float)
    v = config.get("velocity", np.zeros_like(w))
    v_prev = v
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w - config["momentum"] * v_prev + (1 + config["momentum"]) * v
    config["velocity"] = v
    return next_w, config


def run_optimizer(update, grad_fn, w0, config=None, num_steps=100):
    w = np.array(w0, dtype=float)
    trajectory = np.zeros((num_steps + 1,) + w.shape)
    trajectory[0] = w
    for i in range(num_steps):
        w, config = update(w, grad_fn(w), config)
        trajectory[i + 1] = w
    return trajectory
