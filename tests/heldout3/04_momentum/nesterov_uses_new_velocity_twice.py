# corpus: buggy
# function: nesterov_momentum
# actual: Uses the new velocity for v_prev (v_prev taken after the update), so next_w = w + v.
# named: v_prev | previous velocity | old velocity | before
import numpy as np


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    next_w = w - config["learning_rate"] * dw
    return np.asarray(next_w, dtype=np.float64), config


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w, dtype=np.float64))
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v
    return np.asarray(next_w, dtype=np.float64), config


def nesterov_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w, dtype=np.float64))
    v = config["momentum"] * v - config["learning_rate"] * dw
    v_prev = v
    next_w = w - config["momentum"] * v_prev + (1 + config["momentum"]) * v
    config["velocity"] = v
    return np.asarray(next_w, dtype=np.float64), config


def run_optimizer(update, grad_fn, w0, config=None, num_steps=100):
    w = np.array(w0, dtype=np.float64)
    trajectory = [w.copy()]
    for _ in range(num_steps):
        dw = grad_fn(w)
        w, config = update(w, dw, config)
        trajectory.append(np.array(w, dtype=np.float64))
    return np.array(trajectory)
