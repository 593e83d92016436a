# corpus: buggy
# function: adagrad
# mistake:
# actual: the cache starts again from zeros on every call, so it never sums the past squared gradients
# named: between calls | not kept | reset | starts again | only the last | running sum
import math

import numpy as np


DEFAULTS = {
    "adagrad": {"learning_rate": 1e-2, "epsilon": 1e-8},
    "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
}


def _prepare(name, w, dw, config):
    cfg = {} if config is None else config
    for key, value in DEFAULTS[name].items():
        if key not in cfg:
            cfg[key] = value
    return np.array(w, dtype=float), np.array(dw, dtype=float), cfg


def adagrad(w, dw, config=None):
    w, dw, config = _prepare("adagrad", w, dw, config)
    config["cache"] = np.zeros(w.shape) + np.square(dw)
    step = config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    return w - step, config


def rmsprop(w, dw, config=None):
    w, dw, config = _prepare("rmsprop", w, dw, config)
    old = config["cache"] if "cache" in config else np.zeros(w.shape)
    decay = config["decay_rate"]
    new_cache = decay * old + (1.0 - decay) * np.square(dw)
    config["cache"] = new_cache
    return w - config["learning_rate"] * dw / (np.sqrt(new_cache) + config["epsilon"]), config


def adam(w, dw, config=None):
    w, dw, config = _prepare("adam", w, dw, config)
    t = config.get("t", 0) + 1
    m = config.get("m", np.zeros(w.shape))
    v = config.get("v", np.zeros(w.shape))
    beta1, beta2 = config["beta1"], config["beta2"]
    m = beta1 * m + (1.0 - beta1) * dw
    v = beta2 * v + (1.0 - beta2) * np.square(dw)
    m_hat = m / (1.0 - math.pow(beta1, t))
    v_hat = v / (1.0 - math.pow(beta2, t))
    new_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config["t"], config["m"], config["v"] = t, m, v
    return new_w, config
