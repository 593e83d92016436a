# corpus: buggy
# function: adam
# mistake: a product instead of a power
import numpy as np


def adagrad(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    w = np.asarray(w, dtype=float)
    dw = np.asarray(dw, dtype=float)
    cache = config.get("cache", np.zeros_like(w))
    cache = cache + dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    return next_w, config


def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    w = np.asarray(w, dtype=float)
    dw = np.asarray(dw, dtype=float)
    rho = config["decay_rate"]
    cache = config.get("cache", np.zeros_like(w))
    cache = rho * cache + (1 - rho) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    return next_w, config


def adam(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(np.asarray(w, dtype=float)))
    config.setdefault("v", np.zeros_like(np.asarray(w, dtype=float)))
    config.setdefault("t", 0)
    w = np.asarray(w, dtype=float)
    dw = np.asarray(dw, dtype=float)
    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * (dw ** 2)
    m_hat = m / (1 - b1 * t)
    v_hat = v / (1 - b2 * t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config["t"], config["m"], config["v"] = t, m, v
    return next_w, config
