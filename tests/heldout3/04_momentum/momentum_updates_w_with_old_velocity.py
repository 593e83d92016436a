# corpus: buggy
# function: sgd_momentum
# actual: Moves w by the old velocity before updating it (next_w = w + v_old).
# named: order | old velocity | before | new velocity
import numpy as np


def _defaults(config, **defaults):
    config = {} if config is None else config
    for key, value in defaults.items():
        config.setdefault(key, value)
    return config


def sgd(w, dw, config=None):
    config = _defaults(config, learning_rate=1e-2)
    w = np.asarray(w, dtype=float)
    dw = np.asarray(dw, dtype=float)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    config = _defaults(config, learning_rate=1e-2, momentum=0.9)
    w = np.asarray(w, dtype=float)
    dw = np.asarray(dw, dtype=float)
    if "velocity" not in config:
        config["velocity"] = np.zeros(w.shape)
    velocity = config["momentum"] * config["velocity"] - config["learning_rate"] * dw
    old = config["velocity"]
    config["velocity"] = velocity
    return w + old, config


def nesterov_momentum(w, dw, config=None):
    config = _defaults(config, learning_rate=1e-2, momentum=0.9)
    w = np.asarray(w, dtype=float)
    dw = np.asarray(dw, dtype=float)
    mu = config["momentum"]
    old = config.get("velocity")
    if old is None:
        old = np.zeros(w.shape)
    new = mu * old - config["learning_rate"] * dw
    config["velocity"] = new
    return w - mu * old + (1 + mu) * new, config


def run_optimizer(update, grad_fn, w0, config=None, num_steps=100):
    w = np.array(w0, dtype=float)
    trajectory = np.empty((num_steps + 1,) + w.shape)
    trajectory[0] = w
    for i in range(1, num_steps + 1):
        w, config = update(w, grad_fn(w), config)
        trajectory[i] = w
    return trajectory
