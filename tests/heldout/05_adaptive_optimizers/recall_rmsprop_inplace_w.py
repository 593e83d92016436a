# corpus: buggy
# function: rmsprop
# mistake:
# actual: the step applied to w in place (w -= ...) on the caller's array
# named: in place | modif
import numpy as np


def adagrad(w, dw, config=None):
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    config = {"learning_rate": 1e-2, "epsilon": 1e-8, **(config or {})}
    cache = config.get("cache", np.zeros_like(w)) + dw * dw
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    config = {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8, **(config or {})}
    rho = config["decay_rate"]
    cache = rho * config.get("cache", np.zeros_like(w)) + (1 - rho) * dw * dw
    config["cache"] = cache
    w -= config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    return w, config


def adam(w, dw, config=None):
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    config = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, **(config or {})}
    t = config.get("t", 0) + 1
    m = config["beta1"] * config.get("m", np.zeros_like(w)) + (1 - config["beta1"]) * dw
    v = config["beta2"] * config.get("v", np.zeros_like(w)) + (1 - config["beta2"]) * dw * dw
    step = config["learning_rate"] * (m / (1 - config["beta1"] ** t)) / (np.sqrt(v / (1 - config["beta2"] ** t)) + config["epsilon"])
    config.update(m=m, v=v, t=t)
    return w - step, config
