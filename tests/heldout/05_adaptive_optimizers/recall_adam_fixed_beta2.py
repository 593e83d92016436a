# corpus: buggy
# function: adam
# mistake:
# actual: beta2 from config not used: 0.995 written in the update of v
# named: not depend on beta2 | does not depend on beta2 | beta2 ignored
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
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def adam(w, dw, config=None):
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    config = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, **(config or {})}
    t = config.get("t", 0) + 1
    m = config["beta1"] * config.get("m", np.zeros_like(w)) + (1 - config["beta1"]) * dw
    v = 0.995 * config.get("v", np.zeros_like(w)) + (1 - 0.995) * dw * dw
    step = config["learning_rate"] * (m / (1 - config["beta1"] ** t)) / (np.sqrt(v / (1 - config["beta2"] ** t)) + config["epsilon"])
    config.update(m=m, v=v, t=t)
    return w - step, config
