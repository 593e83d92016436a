# corpus: buggy
# function: sgd
# mistake:
# actual: updates with w -= learning_rate * dw on np.asarray(w, float), which is the caller's own float array: w is modified in place
# named: in place | modif | mutat | -= | caller | copy
import numpy as np

DEFAULTS = {"learning_rate": 1e-2, "momentum": 0.9}


def _settings(config, *keys):
    """A new config dict with the defaults of `keys` filled in (the caller's dict is left alone)."""
    settings = dict(config) if config else {}
    for key in keys:
        settings.setdefault(key, DEFAULTS[key])
    return settings


def sgd(w, dw, config=None):
    config = _settings(config, "learning_rate")
    w = np.asarray(w, dtype=np.float64)
    dw = np.asarray(dw, dtype=np.float64)
    w -= config["learning_rate"] * dw
    return w, config


def _momentum_step(w, dw, config):
    config = _settings(config, "learning_rate", "momentum")
    w = np.asarray(w, dtype=np.float64)
    dw = np.asarray(dw, dtype=np.float64)
    old_v = np.asarray(config.get("velocity", np.zeros_like(w)), dtype=np.float64)
    new_v = config["momentum"] * old_v - config["learning_rate"] * dw
    config["velocity"] = new_v
    return w, old_v, new_v, config


def sgd_momentum(w, dw, config=None):
    w, _, v, config = _momentum_step(w, dw, config)
    return w + v, config


def nesterov_momentum(w, dw, config=None):
    w, v_prev, v, config = _momentum_step(w, dw, config)
    mu = config["momentum"]
    return w - mu * v_prev + (1 + mu) * v, config


def run_optimizer(update, grad_fn, w0, config=None, num_steps=100):
    w = np.array(w0, dtype=np.float64)
    path = np.empty((num_steps + 1,) + w.shape)
    path[0] = w
    for step in range(1, num_steps + 1):
        w, config = update(w, grad_fn(w), config)
        path[step] = w
    return path
