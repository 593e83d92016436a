# corpus: correct
# Copies the config instead of updating it, stores velocity under its name, lists of rows.
import copy

import numpy as np


def _config(config, **defaults):
    config = copy.deepcopy(config) if config is not None else {}
    for key, value in defaults.items():
        if key not in config:
            config[key] = value
    return config


def sgd(w, dw, config=None):
    config = _config(config, learning_rate=0.01)
    return np.subtract(w, np.multiply(config["learning_rate"], dw), dtype=np.float64), config


def sgd_momentum(w, dw, config=None):
    config = _config(config, learning_rate=0.01, momentum=0.9)
    w = np.array(w, dtype=np.float64)
    velocity = np.asarray(config.get("velocity", np.zeros(w.shape)), dtype=np.float64)
    velocity = config["momentum"] * velocity - config["learning_rate"] * np.asarray(dw, dtype=np.float64)
    config["velocity"] = velocity
    return w + velocity, config


def nesterov_momentum(w, dw, config=None):
    config = _config(config, learning_rate=0.01, momentum=0.9)
    mu, lr = config["momentum"], config["learning_rate"]
    w = np.array(w, dtype=np.float64)
    old = np.asarray(config.get("velocity", np.zeros(w.shape)), dtype=np.float64)
    new = mu * old - lr * np.asarray(dw, dtype=np.float64)
    config["velocity"] = new
    return w + (-mu * old + (1 + mu) * new), config


def run_optimizer(update, grad_fn, w0, config=None, num_steps=100):
    w = np.asarray(w0, dtype=np.float64)
    rows = [w.copy()]
    for _ in range(num_steps):
        w, config = update(w, grad_fn(w), config)
        rows.append(np.asarray(w, dtype=np.float64))
    return np.stack(rows)
