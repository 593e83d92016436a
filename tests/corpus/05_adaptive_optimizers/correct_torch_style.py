# corpus: correct
# Written like PyTorch's step functions: copies of the config, float(t), np.float64 math.
import numpy as np


def _start(w, dw, config, defaults):
    cfg = dict(defaults)
    cfg.update(config or {})
    return np.array(w, dtype=np.float64), np.array(dw, dtype=np.float64), cfg


def adagrad(w, dw, config=None):
    w, g, cfg = _start(w, dw, config, {"learning_rate": 0.01, "epsilon": 1e-8})
    state_sum = np.array(cfg.get("cache", np.zeros(w.shape)), dtype=np.float64)
    state_sum += g * g
    std = np.sqrt(state_sum) + cfg["epsilon"]
    cfg["cache"] = state_sum
    return w - cfg["learning_rate"] * (g / std), cfg


def rmsprop(w, dw, config=None):
    w, g, cfg = _start(w, dw, config, {"learning_rate": 0.01, "decay_rate": 0.99, "epsilon": 1e-8})
    alpha = cfg["decay_rate"]
    square_avg = np.array(cfg.get("cache", np.zeros(w.shape)), dtype=np.float64)
    square_avg = square_avg * alpha + (1 - alpha) * g * g
    cfg["cache"] = square_avg
    return w - cfg["learning_rate"] * g / (np.sqrt(square_avg) + cfg["epsilon"]), cfg


def adam(w, dw, config=None):
    w, g, cfg = _start(w, dw, config, {"learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8})
    step = cfg.get("t", 0) + 1
    exp_avg = cfg.get("m", np.zeros(w.shape)) * cfg["beta1"] + (1 - cfg["beta1"]) * g
    exp_avg_sq = cfg.get("v", np.zeros(w.shape)) * cfg["beta2"] + (1 - cfg["beta2"]) * g * g
    bias_correction1 = 1 - cfg["beta1"] ** step
    bias_correction2 = 1 - cfg["beta2"] ** step
    denom = np.sqrt(exp_avg_sq) / np.sqrt(bias_correction2) + cfg["epsilon"]
    cfg.update(m=exp_avg, v=exp_avg_sq, t=step)
    return w - (cfg["learning_rate"] / bias_correction1) * exp_avg / denom, cfg
