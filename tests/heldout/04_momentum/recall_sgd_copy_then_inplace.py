# corpus: buggy
# function: sgd
# mistake:
# actual: w copied without dtype then updated in place (next_w -= lr*dw): integer w raises a casting error
# named: integer
import numpy as np


def _config(config, **defaults):
    config = dict(config) if config else {}
    for key, value in defaults.items():
        config.setdefault(key, value)
    return config


def sgd(w, dw, config=None):
    config = _config(config, learning_rate=1e-2)
    next_w = np.array(w)
    next_w -= config["learning_rate"] * np.asarray(dw, dtype=np.float64)
    return next_w, config


def sgd_momentum(w, dw, config=None):
    w = np.asarray(w, dtype=np.float64)
    config = _config(config, learning_rate=1e-2, momentum=0.9)
    config.setdefault("velocity", np.zeros_like(w))
    config["velocity"] = config["momentum"] * config["velocity"] - config["learning_rate"] * np.asarray(dw, np.float64)
    return w + config["velocity"], config


def nesterov_momentum(w, dw, config=None):
    w = np.asarray(w, dtype=np.float64)
    config = _config(config, learning_rate=1e-2, momentum=0.9)
    mu, lr = config["momentum"], config["learning_rate"]
    v_prev = np.array(config.get("velocity", np.zeros_like(w)), dtype=np.float64)
    v = mu * v_prev - lr * np.asarray(dw, np.float64)
    config["velocity"] = v
    return w - mu * v_prev + (1 + mu) * v, config


def run_optimizer(update, grad_fn, w0, config=None, num_steps=100):
    w = np.array(w0, dtype=np.float64)
    trajectory = np.empty((num_steps + 1,) + w.shape)
    trajectory[0] = w
    config = None if config is None else dict(config)
    for step in range(1, num_steps + 1):
        w, config = update(w, grad_fn(w), config)
        trajectory[step] = w
    return trajectory
