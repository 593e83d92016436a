# corpus: buggy
# function: adagrad
# actual: the cache is set to the current squared gradient instead of adding it to the running sum.
# named: sum of squared gradients | cache += dw**2 | accumulate | overwritten
import numpy as np

ADAGRAD_DEFAULTS = {"learning_rate": 1e-2, "epsilon": 1e-8}
RMSPROP_DEFAULTS = {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8}
ADAM_DEFAULTS = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def _with_defaults(config, defaults):
    merged = dict(defaults)
    merged.update(config or {})
    return merged


def adagrad(w, dw, config=None):
    cfg = _with_defaults(config, ADAGRAD_DEFAULTS)
    w = np.array(w, dtype=np.float64)
    g = np.array(dw, dtype=np.float64)
    if "cache" in cfg:
        cache = np.square(g)
    else:
        cache = np.square(g)
    cfg["cache"] = cache
    step = cfg["learning_rate"] * g / (np.sqrt(cache) + cfg["epsilon"])
    return w - step, cfg


def rmsprop(w, dw, config=None):
    cfg = _with_defaults(config, RMSPROP_DEFAULTS)
    w = np.array(w, dtype=np.float64)
    g = np.array(dw, dtype=np.float64)
    old = cfg.get("cache", np.zeros(w.shape))
    cache = cfg["decay_rate"] * old + (1.0 - cfg["decay_rate"]) * g * g
    cfg["cache"] = cache
    return w - cfg["learning_rate"] * g / (np.sqrt(cache) + cfg["epsilon"]), cfg


def adam(w, dw, config=None):
    cfg = _with_defaults(config, ADAM_DEFAULTS)
    w = np.array(w, dtype=np.float64)
    g = np.array(dw, dtype=np.float64)
    b1, b2 = cfg["beta1"], cfg["beta2"]
    t = int(cfg.get("t", 0)) + 1
    m = b1 * cfg.get("m", np.zeros(w.shape)) + (1.0 - b1) * g
    v = b2 * cfg.get("v", np.zeros(w.shape)) + (1.0 - b2) * g * g
    m_hat = m / (1.0 - b1 ** t)
    v_hat = v / (1.0 - b2 ** t)
    cfg.update(m=m, v=v, t=t)
    return w - cfg["learning_rate"] * m_hat / (np.sqrt(v_hat) + cfg["epsilon"]), cfg
